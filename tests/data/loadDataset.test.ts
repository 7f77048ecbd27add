import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DatasetError, readStoredFile, sha256, type DatasetManifest } from "../../lib/data/datasetManifest.js";
import { loadDataset, loadDatasetFrom } from "../../lib/data/loadDataset.js";
import { KwsFrontEnd } from "../../lib/dsp/KwsFrontEnd.js";
import { decodeWav } from "../../lib/dsp/wavFile.js";
import { buildDigits, buildFashionSubset, buildMnistSubset, DIGITS_CSV, FASHION_DIR } from "../../datasets/scripts/imageSubsetSources.js";
import { ROOT } from "../support/runCli.js";
import { hasFile, requireTool } from "../support/requireTool.js";

const counts = (labels: Int32Array, k: number) => Array.from({ length: k }, (_, c) => labels.filter((l) => l === c).length);

describe("lib/data loadDataset: the shipped datasets", function () {
  const EXPECT = [
    { name: "digits-8x8", train: 1437, test: 360, shape: [8, 8, 1], classes: 10 },
    { name: "fashion-mnist-subset", train: 6000, test: 1000, shape: [28, 28, 1], classes: 10 },
    { name: "mnist-subset", train: 5000, test: 1000, shape: [28, 28, 1], classes: 10 },
    { name: "synthetic-keywords", train: 2520, test: 540, shape: [49, 10, 1], classes: 12 },
  ];
  for (const e of EXPECT) {
    it(`${e.name}: split sizes, sample shape, labels in range, values decoded`, function () {
      for (const split of ["train", "test"] as const) {
        const d = loadDataset(e.name, { split });
        assert.deepEqual(d.shape, [e[split], ...e.shape]);
        assert.equal(d.x.length, e[split] * e.shape.reduce((a, b) => a * b, 1));
        assert.equal(d.classNames.length, e.classes);
        assert.ok(d.labels.every((l) => l >= 0 && l < e.classes));
        assert.ok(counts(d.labels, e.classes).every((c) => c > 0), "every class appears");
        if (e.name !== "synthetic-keywords") assert.ok(d.x.every((v) => v >= 0 && v <= 1), "pixels decode to [0, 1]");
      }
    });
  }

  it("fashion-mnist-subset and mnist-subset are class-balanced", function () {
    assert.deepEqual(counts(loadDataset("fashion-mnist-subset").labels, 10), new Array(10).fill(600));
    assert.deepEqual(counts(loadDataset("mnist-subset", { split: "test" }).labels, 10), new Array(10).fill(100));
  });

  it("limit and seed: the same seed gives the same samples, another seed others", function () {
    const a = loadDataset("digits-8x8", { limit: 50, seed: 3 });
    const b = loadDataset("digits-8x8", { limit: 50, seed: 3 });
    const c = loadDataset("digits-8x8", { limit: 50, seed: 4 });
    assert.equal(a.labels.length, 50);
    assert.deepEqual(a.x, b.x);
    assert.notDeepEqual(a.x, c.x);
  });

  it("synthetic-keywords' stored MFCCs are those of its listening WAVs (first test clips of each class)", function () {
    const test = loadDataset("synthetic-keywords", { split: "test" });
    const fe = new KwsFrontEnd();
    const perClass = 45;
    for (const [file, label] of [["yes-1.wav", 0], ["stop-2.wav", 8], ["silence-1.wav", 10]] as const) {
      const wav = decodeWav(readFileSync(join(ROOT, "datasets", "synthetic-keywords", "wav", file)), file);
      assert.equal(wav.sampleRate, 16000);
      const index = label * perClass + Number(file.at(-5)) - 1;
      assert.equal(test.labels[index], label);
      const m = fe.mfcc(wav.samples);
      let worst = 0;
      for (let j = 0; j < 490; j++) worst = Math.max(worst, Math.abs(m[j] - test.x[index * 490 + j]));
      // The WAV is 16-bit audio and the features int16 at 1/64: both round a little.
      assert.ok(worst < 0.25, `${file}: MFCCs differ by up to ${worst}`);
    }
  });
});

describe("lib/data: shipped subsets rebuilt from their sources are byte-identical", function () {
  for (const [name, build, present, pkg] of [
    ["digits-8x8", buildDigits, () => hasFile(DIGITS_CSV), "python3-sklearn"],
    ["fashion-mnist-subset", buildFashionSubset, () => hasFile(FASHION_DIR), "dataset-fashion-mnist"],
    ["mnist-subset", buildMnistSubset, () => true, ""],
  ] as const) {
    it(name, function () {
      if (pkg !== "" && !requireTool(this, present(), `Debian's ${pkg}`, `sudo apt-get install ${pkg}`)) return;
      const built = build();
      const dir = join(ROOT, "datasets", name);
      const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as DatasetManifest;
      assert.ok(Buffer.from(readStoredFile(dir, m.files.x)).equals(Buffer.from(built.x)), "samples differ");
      assert.ok(Buffer.from(readStoredFile(dir, m.files.y)).equals(Buffer.from(built.y)), "labels differ");
    });
  }
});

describe("lib/data: bad input gives a clear error", function () {
  function copyOf(name: string): string {
    const dir = join(mkdtempSync(join(tmpdir(), "tinyml-data-")), name);
    cpSync(join(ROOT, "datasets", name), dir, { recursive: true });
    return dir;
  }

  it("an unknown name suggests close names", function () {
    assert.throws(() => loadDataset("fashion-mnsit"), (e: Error) => e instanceof DatasetError && /unknown dataset "fashion-mnsit"; did you mean "fashion-mnist/.test(e.message));
    assert.throws(() => loadDataset("digits"), /did you mean "digits-8x8"/);
  });

  it("a canonical set that was never fetched names the fetch command and the stand-in", function () {
    const prev = process.env.TINYML_DATA;
    process.env.TINYML_DATA = mkdtempSync(join(tmpdir(), "tinyml-empty-cache-"));
    try {
      assert.throws(() => loadDataset("cifar10"), /not downloaded.*tinyml data fetch cifar10.*stand-in "fashion-mnist-subset"/);
    } finally {
      if (prev === undefined) delete process.env.TINYML_DATA;
      else process.env.TINYML_DATA = prev;
    }
  });

  it("a bit flipped in a stored file fails the SHA-256 check", function () {
    const dir = copyOf("digits-8x8");
    const f = join(dir, "x.u8.gz");
    const b = readFileSync(f);
    b[100] ^= 0x10;
    writeFileSync(f, b);
    assert.throws(() => loadDatasetFrom(dir), /x\.u8\.gz fails its SHA-256 check/);
  });

  it("a truncated file is named as truncated", function () {
    const dir = copyOf("digits-8x8");
    const f = join(dir, "y.u8");
    writeFileSync(f, readFileSync(f).subarray(0, 100));
    assert.throws(() => loadDatasetFrom(dir), /y\.u8 holds 100 bytes, its manifest says 1797/);
  });

  it("a file whose checksum matches but which does not decompress, or holds the wrong count", function () {
    const dir = copyOf("digits-8x8");
    const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as DatasetManifest;
    const junk = Buffer.from("not gzip at all");
    writeFileSync(join(dir, "x.u8.gz"), junk);
    m.files.x = { ...m.files.x, sha256: sha256(junk), bytes: junk.length };
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(m));
    assert.throws(() => loadDatasetFrom(dir), /does not decompress/);
    const short = gzipSync(Buffer.alloc(64 * 10));
    writeFileSync(join(dir, "x.u8.gz"), short);
    m.files.x = { ...m.files.x, sha256: sha256(short), bytes: short.length };
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(m));
    assert.throws(() => loadDatasetFrom(dir), /640 sample bytes do not make 1797 samples/);
  });

  it("an unknown split or a bad limit", function () {
    assert.throws(() => loadDataset("digits-8x8", { split: "validation" }), /no split "validation" \(it has train, test\)/);
    assert.throws(() => loadDataset("digits-8x8", { limit: -1 }), /limit must be a whole number/);
  });

  it("loads in a fresh process with no network (all offline)", function () {
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", `import("./lib/data/loadDataset.ts").then(m => console.log(m.loadDataset("synthetic-keywords").labels.length))`], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, http_proxy: "http://127.0.0.1:9", https_proxy: "http://127.0.0.1:9" },
    });
    assert.equal(r.stdout.trim(), "2520", r.stderr);
  });
});
