import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatNpy, parseNpy } from "../../lib/data/npyFile.js";
import { formatNpz, parseNpz } from "../../lib/data/npzFile.js";
import type { Graph } from "../../lib/ir/Graph.js";
import { Interpreter } from "../../lib/ir/Interpreter.js";
import { GraphBuilder } from "../../lib/ir/GraphBuilder.js";
import { readTflite } from "../../lib/ir/tflite/readTflite.js";
import { writeTflite } from "../../lib/ir/tflite/writeTflite.js";
import { runCli } from "../support/runCli.js";
import { requireModel } from "../support/thirdPartyModels.js";

/** A model with two inputs (x, y) and two outputs (prod = x * y, top = max(x, y)), written to a fresh folder. */
function twoByTwo(prefix: string): { dir: string; graph: Graph; model: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const q = { scale: [Math.fround(0.1)], zeroPoint: [0], axis: 0 };
  const b = new GraphBuilder("two-by-two");
  const [x, y, prod, top] = ["x", "y", "prod", "top"].map((name) => b.tensor({ name, shape: [1, 4], dtype: "int8", quantization: q }));
  b.op({ kind: "MUL", inputs: [x, y], outputs: [prod], options: { activation: "NONE" } });
  b.op({ kind: "MAXIMUM", inputs: [x, y], outputs: [top], options: {} });
  const graph = b.build([x, y], [prod, top]);
  const model = join(dir, "two.tflite");
  writeFileSync(model, writeTflite(graph));
  return { dir, graph, model };
}

describe("cli: tinyml inspect / infer", function () {
  this.timeout(60_000);

  it("inspect prints the operator table with MACs, and --json the same numbers", async function () {
    const model = requireModel(this, "kws_ref_model.tflite");
    const table = await runCli(["inspect", model]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^ 0 {2}CONV_2D +\[1x25x5x64\] +320000 /m); // 25*5*64 outputs x 10*4 taps
    assert.match(table.stdout, /13 operators, 2\.657 MMAC per inference/);
    const json = await runCli(["inspect", model, "--json"]);
    const s = JSON.parse(json.stdout) as { totalMacs: number; operators: { kind: string; macs: number }[] };
    // DS-CNN by hand: conv 25*5*64*40 + 4 x (dw 25*5*64*9 + pw 25*5*64*64) + fc 64*12
    assert.equal(s.totalMacs, 25 * 5 * 64 * 40 + 4 * (25 * 5 * 64 * 9 + 25 * 5 * 64 * 64) + 64 * 12);
    assert.equal(s.operators.length, 13);
  });

  it("infer runs a batch from .npy and matches the library interpreter; bad files get one line", async function () {
    const model = requireModel(this, "micro_speech_quantized.tflite");
    const dir = mkdtempSync(join(tmpdir(), "infer-"));
    const x = Int8Array.from({ length: 3 * 1960 }, (_, i) => ((i * 37) % 256) - 128);
    writeFileSync(join(dir, "in.npy"), formatNpy({ dtype: "int8", shape: [3, 1960], data: x }));
    const r = await runCli(["infer", model, "--input", join(dir, "in.npy"), "--output", join(dir, "out.npy")]);
    assert.equal(r.code, 0, r.stderr);
    const out = parseNpy(new Uint8Array(readFileSync(join(dir, "out.npy"))));
    assert.deepEqual(out.shape, [3, 4]);
    const interpreter = new Interpreter(readTflite(new Uint8Array(readFileSync(model))));
    for (let s = 0; s < 3; s++) {
      assert.deepEqual(Array.from(out.data.slice(s * 4, s * 4 + 4) as Int8Array), Array.from(interpreter.run([x.subarray(s * 1960, (s + 1) * 1960)])[0] as Int8Array));
    }
    writeFileSync(join(dir, "wrong.npy"), formatNpy({ dtype: "int8", shape: [2, 100], data: new Int8Array(200) }));
    const wrongShape = await runCli(["infer", model, "--input", join(dir, "wrong.npy"), "--output", join(dir, "o.npy")]);
    assert.equal(wrongShape.code, 1);
    assert.match(wrongShape.stderr, /^error: .*wrong\.npy has shape \(2, 100\); micro_speech_quantized\.tflite takes \[1, 1960\]/);
    writeFileSync(join(dir, "i32.npy"), formatNpy({ dtype: "int32", shape: [1, 1960], data: new Int32Array(1960) }));
    const wrongType = await runCli(["infer", model, "--input", join(dir, "i32.npy"), "--output", join(dir, "o.npy")]);
    assert.match(wrongType.stderr, /^error: .*i32\.npy is int32; an int8 model takes int8, uint8/);
    writeFileSync(join(dir, "junk.tflite"), "not a model at all");
    const junk = await runCli(["inspect", join(dir, "junk.tflite")]);
    assert.equal(junk.code, 1);
    assert.match(junk.stderr, /^error: junk\.tflite: not a \.tflite file/);
    assert.equal(junk.stderr.trim().split("\n").length, 1, "one line, no stack trace");
  });

  it("infer takes one --input per model input and one --output per output, in order; a wrong count names the model's tensors", async function () {
    const { dir, graph, model } = twoByTwo("infer-multi-");
    const xs = Int8Array.from([10, -20, 30, -40, 5, 6, 7, 8]), ys = Int8Array.from([3, 3, -3, -3, 1, 2, 3, 4]);
    writeFileSync(join(dir, "x.npy"), formatNpy({ dtype: "int8", shape: [2, 4], data: xs }));
    writeFileSync(join(dir, "y.npy"), formatNpy({ dtype: "int8", shape: [2, 4], data: ys }));
    const r = await runCli(["infer", model, "--input", join(dir, "x.npy"), "--input", join(dir, "y.npy"), "--output", join(dir, "p.npy"), "--output", join(dir, "m.npy")]);
    assert.equal(r.code, 0, r.stderr);
    const interpreter = new Interpreter(graph);
    const [p, m] = ["p.npy", "m.npy"].map((f) => parseNpy(new Uint8Array(readFileSync(join(dir, f)))));
    for (let s = 0; s < 2; s++) {
      const [wantP, wantM] = interpreter.run([xs.subarray(4 * s, 4 * s + 4), ys.subarray(4 * s, 4 * s + 4)]);
      assert.deepEqual(Array.from(p.data.slice(4 * s, 4 * s + 4) as Int8Array), Array.from(wantP as Int8Array));
      assert.deepEqual(Array.from(m.data.slice(4 * s, 4 * s + 4) as Int8Array), Array.from(wantM as Int8Array));
    }
    const short = await runCli(["infer", model, "--input", join(dir, "x.npy"), "--output", join(dir, "p.npy"), "--output", join(dir, "m.npy")]);
    assert.equal(short.code, 1);
    assert.match(short.stderr, /^error: .*has 2 input\(s\) \(x \[1, 4\], y \[1, 4\]\) but 1 --input file\(s\) were given/);
  });

  it("infer takes one .npz for all inputs (by tensor name, or in order) and writes one .npz of all outputs, named after them", async function () {
    const { dir, graph, model } = twoByTwo("infer-npz-");
    const xs = Int8Array.from([10, -20, 30, -40]), ys = Int8Array.from([3, 3, -3, -3]);
    const arr = (data: Int8Array) => ({ dtype: "int8" as const, shape: [1, 4], data });
    // By name (in the archive's other order), then positionally as np.savez(f, x, y) names them.
    writeFileSync(join(dir, "named.npz"), formatNpz([["y", arr(ys)], ["x", arr(xs)]]));
    writeFileSync(join(dir, "positional.npz"), formatNpz([["arr_0", arr(xs)], ["arr_1", arr(ys)]]));
    const [wantP, wantM] = new Interpreter(graph).run([xs, ys]);
    for (const input of ["named.npz", "positional.npz"]) {
      const r = await runCli(["infer", model, "--input", join(dir, input), "--output", join(dir, "out.npz")]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /wrote .*out\.npz with prod \(int8, shape \(1, 4\)\), top \(int8, shape \(1, 4\)\)/);
      const out = parseNpz(new Uint8Array(readFileSync(join(dir, "out.npz"))));
      assert.deepEqual(Array.from(out.get("prod")?.data as Int8Array), Array.from(wantP as Int8Array));
      assert.deepEqual(Array.from(out.get("top")?.data as Int8Array), Array.from(wantM as Int8Array));
    }
    writeFileSync(join(dir, "three.npz"), formatNpz([["a", arr(xs)], ["b", arr(ys)], ["c", arr(ys)]]));
    const wrong = await runCli(["infer", model, "--input", join(dir, "three.npz"), "--output", join(dir, "out.npz")]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /^error: .*three\.npz holds a, b, c; two\.tflite takes 2 input\(s\) \(x, y\)/);
    assert.equal(wrong.stderr.trim().split("\n").length, 1);
  });
});
