import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as dfd from "danfojs-node";
import { saveCsv } from "../../lib/data/saveCsv.js";

describe("data/saveCsv", () => {
  const dir = mkdtempSync(join(tmpdir(), "tinyml-csv-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("quotes commas and quotes (RFC 4180), so danfojs reads back what it wrote", async () => {
    const frame = new dfd.DataFrame([{ model: "fine-grained, planned", note: 'say "hi"', ms: 1.5 }, { model: "dense", note: "", ms: 2 }]);
    const path = join(dir, "nested", "r.csv");
    assert.equal(saveCsv(frame, path), 2);
    assert.equal(readFileSync(path, "utf8"), 'model,note,ms\n"fine-grained, planned","say ""hi""",1.5\ndense,,2\n');
    const back = await dfd.readCSV(path);
    assert.deepEqual(back.columns, ["model", "note", "ms"]);
    assert.deepEqual((back.values as unknown[][]).map((r) => [r[0], r[2]]), [["fine-grained, planned", 1.5], ["dense", 2]]);
  });

  it("writes row objects with columns in first-seen order", () => {
    const path = join(dir, "rows.csv");
    saveCsv([{ a: 1 }, { b: "x", a: 2 }], path);
    assert.equal(readFileSync(path, "utf8"), "a,b\n1,\n2,x\n");
  });

  it("shows why it exists: danfojs-node's own toCSV leaves a comma unquoted", () => {
    const csv = dfd.toCSV(new dfd.DataFrame([{ model: "a, b" }])) as string;
    assert.equal(csv.split("\n")[1], "a, b");
  });
});
