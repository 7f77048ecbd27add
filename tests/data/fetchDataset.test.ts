import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { create } from "tar";
import { REMOTE_DATASETS, type RemoteDataset } from "../../lib/data/datasetRegistry.js";
import { fetchDataset } from "../../lib/data/fetchDataset.js";
import { loadDataset } from "../../lib/data/loadDataset.js";
import { writeSpeechCommandsTree } from "../support/canonicalFixtures.js";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

function idx(dims: number[], fill: (i: number) => number): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x0800 | dims.length, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  const n = dims.reduce((a, b) => a * b, 1);
  return gzipSync(Buffer.concat([header, Buffer.from(Array.from({ length: n }, (_, i) => fill(i) & 0xff))]));
}

/** Fixture files in the real formats, small enough to make here. */
const FILES: Record<string, Buffer> = {
  "train-images-idx3-ubyte.gz": idx([20, 28, 28], (i) => i * 7),
  "train-labels-idx1-ubyte.gz": idx([20], (i) => i % 10),
  "t10k-images-idx3-ubyte.gz": idx([10, 28, 28], (i) => i * 3),
  "t10k-labels-idx1-ubyte.gz": idx([10], (i) => 9 - (i % 10)),
  // Large enough that cutting it in the middle leaves a real partial download.
  "big.bin": Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31) % 251)),
  "garbage.tar.gz": Buffer.from("this is not a gzip stream at all"),
};

describe("lib/data fetchDataset from a local HTTP server (never the internet)", function () {
  let server: Server;
  let base = "";
  let cutNext = false;
  const ranges: string[] = [];
  let cache = "";

  before(async function () {
    const work = mkdtempSync(join(tmpdir(), "tinyml-fetch-"));
    // A CIFAR-10 binary archive with the real member layout: 2 records per batch.
    const batches = join(work, "cifar-10-batches-bin");
    mkdirSync(batches);
    for (const [k, f] of ["data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch"].entries()) {
      const rec = (label: number) => Buffer.concat([Buffer.from([label]), Buffer.alloc(3072, label * 20 + k)]);
      writeFileSync(join(batches, `${f}.bin`), Buffer.concat([rec(k % 10), rec((k + 1) % 10)]));
    }
    await create({ gzip: true, file: join(work, "cifar.tar.gz"), cwd: work }, ["cifar-10-batches-bin"]);
    FILES["cifar-10-binary.tar.gz"] = readFileSync(join(work, "cifar.tar.gz"));
    // Speech Commands unpacks without a top folder: word folders and the lists at the root.
    const sc = join(work, "sc");
    writeSpeechCommandsTree(sc);
    await create({ gzip: true, file: join(work, "sc.tar.gz"), cwd: sc }, readdirSync(sc));
    FILES["speech_commands_v0.02.tar.gz"] = readFileSync(join(work, "sc.tar.gz"));

    server = createServer((req, res) => {
      const name = (req.url ?? "").slice(1);
      const body = FILES[name];
      if (body === undefined) {
        res.writeHead(404).end();
        return;
      }
      const range = req.headers.range;
      let start = 0;
      if (range !== undefined) {
        ranges.push(range);
        start = Number(/bytes=(\d+)-/.exec(range)?.[1] ?? 0);
      }
      const part = body.subarray(start);
      res.writeHead(range !== undefined ? 206 : 200, { "content-length": part.length });
      if (cutNext) {
        cutNext = false;
        res.write(part.subarray(0, Math.floor(part.length / 2)), () => res.destroy());
        return;
      }
      res.end(part);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(function () {
    server.close();
  });
  beforeEach(function () {
    cache = mkdtempSync(join(tmpdir(), "tinyml-cache-"));
  });

  const mnistSpec = (): RemoteDataset => ({
    name: "mnist",
    title: "fixture MNIST",
    standIn: "mnist-subset",
    licence: "test",
    files: ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"].map((n) => ({ url: base + n, name: n, sha256: sha(FILES[n]) })),
  });

  it("downloads, verifies and converts; loadDataset then reads it from the cache", async function () {
    const dir = await fetchDataset("mnist", { cacheDir: cache }, mnistSpec());
    assert.equal(dir, join(cache, "mnist"));
    const prev = process.env.TINYML_DATA;
    process.env.TINYML_DATA = cache;
    try {
      const test = loadDataset("mnist", { split: "test" });
      assert.deepEqual(test.shape, [10, 28, 28, 1]);
      assert.deepEqual(Array.from(test.labels), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
      assert.equal(test.x[5], Math.fround(((5 * 3) & 0xff) / 255));
    } finally {
      if (prev === undefined) delete process.env.TINYML_DATA;
      else process.env.TINYML_DATA = prev;
    }
  });

  it("converts a CIFAR-10 binary archive (planar CHW to HWC)", async function () {
    const spec: RemoteDataset = { name: "cifar10", title: "fixture", standIn: "fashion-mnist-subset", licence: "test", files: [{ url: base + "cifar-10-binary.tar.gz", name: "cifar-10-binary.tar.gz", md5: createHash("md5").update(FILES["cifar-10-binary.tar.gz"]).digest("hex") }] };
    const prev = process.env.TINYML_DATA;
    process.env.TINYML_DATA = cache;
    try {
      await fetchDataset("cifar10", { cacheDir: cache }, spec);
      const train = loadDataset("cifar10");
      assert.deepEqual(train.shape, [10, 32, 32, 3]);
      assert.equal(loadDataset("cifar10", { split: "test" }).labels.length, 2);
      assert.equal(train.labels[2], 1);
    } finally {
      if (prev === undefined) delete process.env.TINYML_DATA;
      else process.env.TINYML_DATA = prev;
    }
  });

  it("fetches a Speech Commands archive into the 12-class MFCC set, with conversion progress", async function () {
    const spec: RemoteDataset = { ...REMOTE_DATASETS["speech-commands"], files: [{ url: base + "speech_commands_v0.02.tar.gz", name: "speech_commands_v0.02.tar.gz", sha256: sha(FILES["speech_commands_v0.02.tar.gz"]) }] };
    const seen: number[] = [];
    const prev = process.env.TINYML_DATA;
    process.env.TINYML_DATA = cache;
    try {
      await fetchDataset("speech-commands", { cacheDir: cache, onConvert: (done) => seen.push(done) }, spec);
      assert.deepEqual(seen, [36]);
      const test = loadDataset("speech-commands", { split: "test" });
      assert.deepEqual(test.shape, [12, 49, 10, 1]);
      assert.deepEqual(test.classNames, loadDataset("synthetic-keywords", { limit: 0 }).classNames, "same classes, same order as the shipped stand-in");
    } finally {
      if (prev === undefined) delete process.env.TINYML_DATA;
      else process.env.TINYML_DATA = prev;
    }
  });

  it("an interrupted download says so, keeps the part, and the next run resumes with a Range request", async function () {
    const spec: RemoteDataset = { name: "fixture-only", title: "fixture", standIn: "synthetic-keywords", licence: "test", files: [{ url: base + "big.bin", name: "big.bin", sha256: sha(FILES["big.bin"]) }] };
    cutNext = true;
    ranges.length = 0;
    await assert.rejects(fetchDataset("fixture-only", { cacheDir: cache }, spec), /interrupted after \d+ .*run the same command again to resume/);
    const raw = join(cache, "downloads", "fixture-only");
    assert.ok(existsSync(join(raw, "big.bin.part")), "the partial download is kept");
    assert.ok(!existsSync(join(raw, "big.bin")));
    // No converter for this name, so the second run stops after verifying: that is
    // the point where the file is whole and checked.
    await assert.rejects(fetchDataset("fixture-only", { cacheDir: cache }, spec), /downloaded and verified/);
    assert.equal(ranges.length, 1, "one resumed request");
    assert.ok(existsSync(join(raw, "big.bin")) && !existsSync(join(raw, "big.bin.part")));
  });

  it("a checksum mismatch deletes the download and leaves nothing that looks complete", async function () {
    const spec = mnistSpec();
    spec.files[1] = { ...spec.files[1], sha256: "0".repeat(64) };
    await assert.rejects(fetchDataset("mnist", { cacheDir: cache }, spec), /train-labels-idx1-ubyte\.gz fails its SHA-256 check .*deleted/);
    const raw = join(cache, "downloads", "mnist");
    assert.deepEqual(readdirSync(raw).sort(), ["train-images-idx3-ubyte.gz"]);
    assert.ok(!existsSync(join(cache, "mnist", "manifest.json")));
  });

  it("a corrupt archive (checksum fine, contents not) is named and not converted", async function () {
    const spec: RemoteDataset = { name: "cifar10", title: "fixture", standIn: "fashion-mnist-subset", licence: "test", files: [{ url: base + "garbage.tar.gz", name: "cifar-10-binary.tar.gz", sha256: sha(FILES["garbage.tar.gz"]) }] };
    await assert.rejects(fetchDataset("cifar10", { cacheDir: cache }, spec), /cifar-10-binary\.tar\.gz passed its checksum but does not unpack/);
    assert.ok(!existsSync(join(cache, "cifar10")));
  });

  it("an unwritable cache folder", async function () {
    const file = join(cache, "a-file");
    writeFileSync(file, "x");
    await assert.rejects(fetchDataset("mnist", { cacheDir: join(file, "sub") }, mnistSpec()), /the data cache .*a-file\/sub is not writable \(ENOTDIR\); set TINYML_DATA/);
  });

  it("offline: one line naming the host and the shipped stand-in", async function () {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const spec = mnistSpec();
    spec.files = [{ ...spec.files[0], url: `http://127.0.0.1:${port}/train-images-idx3-ubyte.gz` }];
    await assert.rejects(fetchDataset("mnist", { cacheDir: cache }, spec), /cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\): this machine looks offline; use the shipped stand-in "mnist-subset"/);
  });

  it("an unknown name suggests the close one; a shipped name says no download is needed", async function () {
    await assert.rejects(fetchDataset("cifar-10", { cacheDir: cache }), /no downloadable dataset "cifar-10"; did you mean "cifar10"/);
    await assert.rejects(fetchDataset("digits-8x8", { cacheDir: cache }), /ships with the course: no download needed/);
  });
});
