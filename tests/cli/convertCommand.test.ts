import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTflite } from "../../lib/ir/tflite/readTflite.js";
import { dsCnn } from "../../lib/models/dsCnn.js";
import { saveModel } from "../../lib/tf/modelFiles.js";
import { tfReady } from "../../lib/tf/tf.js";
import { runCli } from "../support/runCli.js";

describe("cli: tinyml convert", function () {
  this.timeout(120_000);
  let dir = "";

  before(async () => {
    await tfReady();
    dir = mkdtempSync(join(tmpdir(), "convert-"));
    await saveModel(dsCnn({ filters: 8, blocks: 1, seed: 4 }), join(dir, "small"));
  });

  it("converts a saved model to an int8 .tflite, calibrated on a dataset, and reports accuracy", async () => {
    const out = join(dir, "small.tflite");
    const r = await runCli(["convert", join(dir, "small"), "--data", "synthetic-keywords", "--samples", "30", "--method", "percentile", "--out", out, "--float-out", join(dir, "f.tflite"), "--evaluate"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /wrote .*small\.tflite: 7 operators, \d+ bytes \(percentile calibration on 30 synthetic-keywords samples\)/);
    assert.match(r.stdout, /test accuracy on 540 synthetic-keywords samples: float32 \d+\.\d\d%, int8 \d+\.\d\d%/);
    const g = readTflite(new Uint8Array(readFileSync(out)));
    assert.equal(g.tensors[g.inputs[0]].dtype, "int8");
    assert.deepEqual(g.tensors[g.inputs[0]].shape, [1, 49, 10, 1]);
    assert.equal(readTflite(new Uint8Array(readFileSync(join(dir, "f.tflite")))).tensors[0].dtype, "float32");
  });

  it("--debug prints the float-against-int8 comparison of every layer and a verdict", async () => {
    const r = await runCli(["convert", join(dir, "small"), "--data", "synthetic-keywords", "--samples", "30", "--out", join(dir, "d.tflite"), "--debug", "4"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /float against int8 on 4 synthetic-keywords test samples, layer by layer:/);
    assert.match(r.stdout, /#\s+op\s+SNR dB\s+lost dB\s+RMSE\/scale\s+max error\s+clipped/);
    assert.equal((r.stdout.match(/^\s*\d+\s+[A-Z_0-9]+\s+(\d+\.\d|exact)\s+\d+\.\d\s/gm) ?? []).length, 7);
    assert.match(r.stdout, /no layer loses more than 8-bit rounding does|layer \d+ \(\w+\) loses \d+\.\d dB: /);
  });

  it("bad input gets one line and exit code 1", async () => {
    const missing = await runCli(["convert", join(dir, "nope"), "--data", "synthetic-keywords", "--out", join(dir, "x.tflite")]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /error: .*nope is neither a saved model folder nor a shipped model \(ds-cnn-kws\)/);
    const shape = await runCli(["convert", join(dir, "small"), "--data", "digits-8x8", "--out", join(dir, "x.tflite")]);
    assert.equal(shape.code, 1);
    assert.match(shape.stderr, /error: digits-8x8 samples have shape \[8, 8, 1\] but .* takes \[49, 10, 1\]/);
    const method = await runCli(["convert", join(dir, "small"), "--data", "synthetic-keywords", "--method", "kl", "--out", join(dir, "x.tflite")]);
    assert.equal(method.code, 1);
    assert.match(method.stderr, /--method must be minmax or percentile, not kl/);
  });
});
