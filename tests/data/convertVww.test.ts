import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { convertVww } from "../../lib/data/convertVww.js";
import { REMOTE_DATASETS } from "../../lib/data/datasetRegistry.js";
import { loadDatasetFrom } from "../../lib/data/loadDataset.js";
import { flatJpeg, vwwColour, writeVwwTree } from "../support/canonicalFixtures.js";

const SPEC = REMOTE_DATASETS.vww;
const PX = 96 * 96 * 3;

/** The fixture image a stored sample came from: its class and index, read off its flat colour. */
function whichImage(x: Float32Array, row: number, label: number): number {
  let green = 0;
  for (let p = 0; p < 96 * 96; p++) green += x[row * PX + p * 3 + 1];
  const mean = (green / (96 * 96)) * 255;
  return Math.round((mean - vwwColour(label === 1, 0)[1]) / 4);
}

describe("lib/data convertVww", function () {
  this.timeout(60000);
  let raw = "";
  let out = "";
  beforeEach(function () {
    const work = mkdtempSync(join(tmpdir(), "tinyml-vww-"));
    raw = join(work, "raw");
    out = join(work, "vww");
    writeVwwTree(raw, 12);
  });

  it("decodes every JPEG to 96x96x3 in [0, 1] and splits each class 10/12, 1/12, 1/12 without overlap", async function () {
    await convertVww(raw, out, SPEC, {});
    const seen = new Set<string>();
    for (const [split, n] of [["train", 20], ["val", 2], ["test", 2]] as const) {
      const d = loadDatasetFrom(out, { split });
      assert.deepEqual(d.classNames, ["non_person", "person"]);
      assert.deepEqual(d.shape, [n, 96, 96, 3]);
      assert.equal(d.labels.filter((l) => l === 1).length, n / 2, `${split}: half are person`);
      for (let r = 0; r < n; r++) {
        const i = whichImage(d.x, r, d.labels[r]);
        const want = vwwColour(d.labels[r] === 1, i);
        // A flat JPEG block keeps only its DC term: it decodes to its colour within a step or two.
        for (let c = 0; c < 3; c++) assert.ok(Math.abs(d.x[r * PX + 4000 * 3 + c] * 255 - want[c]) <= 3, `${split} row ${r} channel ${c}`);
        const key = `${d.labels[r]}/${i}`;
        assert.ok(!seen.has(key), `${key} appears twice`);
        seen.add(key);
      }
    }
    assert.equal(seen.size, 24, "every image is used once");
  });

  it("keeps a seeded sample of perClass images per class, the same one every time", async function () {
    await convertVww(raw, out, SPEC, { perClass: 6 });
    const first = readFileSync(join(out, "manifest.json"), "utf8");
    assert.deepEqual(loadDatasetFrom(out, { split: "train" }).shape, [8, 96, 96, 3]);
    assert.match(first, /"person images": "12 in the archive, 6 kept"/);
    await convertVww(raw, out, SPEC, { perClass: 6 });
    assert.equal(readFileSync(join(out, "manifest.json"), "utf8"), first);
    await assert.rejects(convertVww(raw, out, SPEC, { perClass: 2 }), /images per class must be a whole number from 3 to 30000, not 2/);
  });

  it("names a truncated JPEG and an image of the wrong size, and leaves no dataset behind", async function () {
    const bad = join(raw, "vw_coco2014_96", "person", "COCO_train2014_000000000003.jpg");
    writeFileSync(bad, readFileSync(bad).subarray(0, 200));
    await assert.rejects(convertVww(raw, out, SPEC, {}), /person\/COCO_train2014_000000000003\.jpg is not a readable JPEG .*the archive is corrupt/);
    writeFileSync(bad, flatJpeg([1, 2, 3], 64));
    await assert.rejects(convertVww(raw, out, SPEC, {}), /person\/COCO_train2014_000000000003\.jpg is 64x64, not 96x96/);
    assert.ok(!existsSync(out));
  });

  it("refuses a tree without the two class folders", async function () {
    rmSync(join(raw, "vw_coco2014_96", "non_person"), { recursive: true });
    await assert.rejects(convertVww(raw, out, SPEC, {}), /no non_person\/ and person\/ folders/);
  });
});
