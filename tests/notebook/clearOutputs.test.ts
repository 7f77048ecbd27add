import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { clearOutputs, notebookOutputs } from "../../lib/notebook/clearOutputs.js";
import { parseNotebook } from "../../lib/notebook/notebookFormat.js";
import { notebookFixture } from "../support/notebookFixture.js";
import { ROOT, runCli } from "../support/runCli.js";

/** The notebooks in the repository: git's list where this is a checkout, else the notebooks/ folder. */
function committedNotebooks(): string[] {
  const git = spawnSync("git", ["ls-files", "*.ipynb"], { cwd: ROOT, encoding: "utf8" });
  if (git.status === 0 && git.stdout.trim() !== "") return git.stdout.trim().split("\n").map((f) => join(ROOT, f)).filter((f) => existsSync(f));
  return readdirSync(join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).map((f) => join(ROOT, "notebooks", f));
}

describe("notebook/clearOutputs", () => {
  it("every committed notebook is free of outputs and execution counts (npm run clean-notebooks clears them)", () => {
    const dirty = committedNotebooks().flatMap((f) => notebookOutputs(parseNotebook(readFileSync(f, "utf8"), f)).map((o) => `${f.slice(ROOT.length + 1)}: cell ${o.cell}: ${o.what}`));
    assert.deepEqual(dirty, [], "run: npm run clean-notebooks");
  });

  it("clears outputs and counts in place, leaves sources alone, and says so on the command line", async () => {
    const path = notebookFixture(["console.log(1)", { md: "# title" }, "2 + 2"]);
    const nb = JSON.parse(readFileSync(path, "utf8")) as { cells: { outputs?: unknown[]; execution_count?: number | null; source: string }[] };
    nb.cells[0].outputs = [{ output_type: "stream", name: "stdout", text: "1\n" }];
    nb.cells[0].execution_count = 1;
    nb.cells[2].execution_count = 2;
    writeFileSync(path, JSON.stringify(nb));
    assert.equal(notebookOutputs(parseNotebook(readFileSync(path, "utf8"), path)).length, 3);
    const r = await runCli(["clean-notebooks", path]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /cleared 2 cell\(s\)/);
    const after = parseNotebook(readFileSync(path, "utf8"), path);
    assert.deepEqual(notebookOutputs(after), []);
    assert.deepEqual(after.cells.map((c) => c.source), ["console.log(1)", "# title", "2 + 2"]);
    assert.equal(clearOutputs(path), 0);
  });
});
