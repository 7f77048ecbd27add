import { strict as assert } from "node:assert";
import seedrandom from "seedrandom";
import { calibrate } from "../../../lib/deploy/convert/calibrate.js";
import { convertModel } from "../../../lib/deploy/convert/convertModel.js";
import { activationQuantization, quantizeBias, quantizeGraph, quantizeWeights } from "../../../lib/deploy/convert/quantizeGraph.js";
import { GraphBuilder } from "../../../lib/ir/GraphBuilder.js";
import { GraphError } from "../../../lib/ir/GraphError.js";
import { Interpreter } from "../../../lib/ir/Interpreter.js";
import { dequantizeTensor, quantizeTensor } from "../../../lib/ir/quantizeTensor.js";
import { resnet8 } from "../../../lib/models/resnet8.js";
import { tfReady } from "../../../lib/tf/tf.js";

describe("deploy/convert: calibration and post-training quantization", () => {
  before(async () => {
    await tfReady();
  });

  it("activation parameters: hand-computed scale and zero point, zero always exact", () => {
    assert.deepEqual(activationQuantization({ min: 0, max: 2.55 }), { scale: [Math.fround(0.01)], zeroPoint: [-128], axis: 0 });
    // [-1.28, 1.27]: scale 0.01; zero point -128 - round(-128) = 0.
    assert.deepEqual(activationQuantization({ min: -1.28, max: 1.27 }), { scale: [Math.fround(0.01)], zeroPoint: [0], axis: 0 });
    // A range that excludes 0 is widened to include it.
    const q = activationQuantization({ min: 2, max: 5.1 });
    assert.deepEqual(q, { scale: [Math.fround(0.02)], zeroPoint: [-128], axis: 0 });
    // A constant-zero tensor still gets a positive scale.
    assert.ok(activationQuantization({ min: 0, max: 0 }).scale[0] > 0);
  });

  it("per-channel weights: each channel's largest magnitude maps to ±127, and dequantized values are within scale/2", () => {
    const rng = seedrandom("weights");
    const shape = [4, 3, 3, 2];
    const w = Float32Array.from({ length: 72 }, (_, i) => (rng() - 0.5) * (1 + Math.floor(i / 18)));
    w.fill(0, 54, 72); // channel 3 is all zeros
    const { data, quantization } = quantizeWeights(w, shape, 0);
    assert.equal(quantization.scale.length, 4);
    assert.equal(quantization.scale[3], 1);
    for (let c = 0; c < 3; c++) {
      const ch = Array.from(data.subarray(c * 18, (c + 1) * 18));
      assert.equal(Math.max(...ch.map(Math.abs)), 127, `channel ${c}`);
    }
    w.forEach((v, i) => {
      const s = quantization.scale[Math.floor(i / 18)];
      assert.ok(Math.abs(data[i] * s - v) <= s / 2 + 1e-7, `weight ${i}`);
    });
    // Per tensor: one scale for everything; depthwise: the channel is the last axis.
    assert.equal(quantizeWeights(w, shape, null).quantization.scale.length, 1);
    const dw = quantizeWeights(Float32Array.from([1, -2, 0.5, 4]), [1, 1, 2, 2], 3);
    assert.deepEqual(dw.quantization.scale, [Math.fround(1 / 127), Math.fround(4 / 127)]);
    assert.deepEqual(Array.from(dw.data), [127, -64, 64, 127]);
  });

  it("bias: int32 at input scale x weight scale, rounded half away from zero", () => {
    // Powers of two keep the arithmetic exact: scales 0.125, 0.0625, 2^-11.
    const b = quantizeBias(Float32Array.from([0.5, -0.15625, 1e12]), 0.5, [0.25, 0.125, 2 ** -10]);
    // 0.5 / 0.125 = 4; -0.15625 / 0.0625 = -2.5 -> -3; 1e12 * 2^11 saturates.
    assert.deepEqual(Array.from(b.data), [4, -3, 2147483647]);
    assert.deepEqual(b.quantization.scale, [0.125, 0.0625, 2 ** -11]);
    assert.deepEqual(b.quantization.zeroPoint, [0, 0, 0]);
  });

  it("softmax over near-constant logits (an untrained net) still quantizes: the input range is widened to what TFLite's kernel accepts", () => {
    const bld = new GraphBuilder("flat-logits");
    const x = bld.tensor({ name: "x", shape: [1, 4], dtype: "float32" });
    const y = bld.tensor({ name: "y", shape: [1, 4], dtype: "float32" });
    bld.op({ kind: "SOFTMAX", inputs: [x], outputs: [y], options: { beta: 1 } });
    const graph = bld.build([x], [y]);
    const samples = [Float32Array.of(1e-7, 2e-7, 0, 1e-7)];
    const q = quantizeGraph(graph, calibrate(graph, samples));
    // beta * scale * 2^26 >= 1 (TFLite's PreprocessSoftmaxScaling); the raw range 2e-7 / 255 is far below.
    assert.ok((q.tensors[x].quantization?.scale[0] ?? 0) * 2 ** 26 >= 1);
    const out = new Interpreter(q).run([new Int8Array(4)])[0] as Int8Array;
    // Equal logits: a uniform 1/4 each, i.e. 64/256 -> -64 at zero point -128.
    assert.deepEqual(Array.from(out), [-64, -64, -64, -64]);
  });

  it("percentile calibration ignores a rare outlier that min/max keeps", () => {
    const bld = new GraphBuilder("relu");
    const x = bld.tensor({ name: "x", shape: [1, 1000], dtype: "float32" });
    const y = bld.tensor({ name: "y", shape: [1, 1000], dtype: "float32" });
    bld.op({ kind: "RELU", inputs: [x], outputs: [y], options: {} });
    const graph = bld.build([x], [y]);
    const rng = seedrandom("calib");
    const samples = Array.from({ length: 20 }, (_, s) => Float32Array.from({ length: 1000 }, (_, i) => (s === 7 && i === 3 ? 100 : rng() * 2 - 1)));
    const minmax = calibrate(graph, samples);
    assert.equal(minmax[y]?.max, 100);
    const steps: number[] = [];
    const pct = calibrate(graph, samples, { method: "percentile", percentile: 99.9, onProgress: (d) => steps.push(d) });
    assert.ok((pct[y]?.max ?? Infinity) < 1.1, `percentile max ${pct[y]?.max}`);
    assert.ok((pct[x]?.min ?? -Infinity) > -1.1 && (pct[x]?.min ?? 0) < -0.9);
    assert.deepEqual(steps, Array.from({ length: 40 }, (_, i) => i + 1));
    assert.throws(() => calibrate(graph, []), (e: unknown) => e instanceof GraphError && /at least one sample/.test(e.message));
    assert.throws(() => calibrate(graph, samples, { method: "percentile", percentile: 40 }), /percentile 40 must be in \(50, 100\]/);
    assert.throws(() => calibrate(graph, [Float32Array.from({ length: 1000 }, () => NaN)]), /non-finite/);
  });

  it("ResNet-8 quantizes to a valid int8 graph whose logits track the float graph, with float I/O as an option", () => {
    const model = resnet8({ seed: 4 });
    const rng = seedrandom("resnet inputs");
    const samples = Array.from({ length: 24 }, () => Float32Array.from({ length: 32 * 32 * 3 }, () => rng()));
    const { float, int8 } = convertModel(model, { calibration: samples.slice(0, 16) });
    const f = new Interpreter(float), q = new Interpreter(int8);
    const inSpec = int8.tensors[int8.inputs[0]], outSpec = int8.tensors[int8.outputs[0]];
    assert.equal(inSpec.dtype, "int8");
    assert.deepEqual(outSpec.quantization?.scale, [1 / 256]);
    const filters = int8.operators.filter((o) => o.kind === "CONV_2D").map((o) => int8.tensors[o.inputs[1]]);
    assert.ok(filters.every((t) => t.dtype === "int8" && t.quantization?.scale.length === t.shape[0]), "conv filters are per channel");
    // Fully-connected weights are per tensor, and so is their bias (Arm NN refuses a mismatch).
    const fc = int8.operators.find((o) => o.kind === "FULLY_CONNECTED");
    assert.deepEqual([fc?.inputs[1], fc?.inputs[2]].map((i) => int8.tensors[i ?? -1].quantization?.scale.length), [1, 1]);
    // Held-out samples: probabilities within a few output steps of float.
    let worst = 0;
    for (const s of samples.slice(16)) {
      const want = f.run([s])[0] as Float32Array;
      const got = dequantizeTensor(outSpec, q.run([quantizeTensor(inSpec, s)])[0] as Int8Array);
      want.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - got[i]))));
    }
    assert.ok(worst < 0.05, `int8 probabilities differ from float by up to ${worst}`);
    // float32 I/O adds QUANTIZE and DEQUANTIZE around the same int8 core: identical results.
    const io = new Interpreter(convertModel(model, { calibration: samples.slice(0, 16), io: "float32" }).int8);
    for (const s of samples.slice(16, 18)) {
      assert.deepEqual(Array.from(io.run([s])[0] as Float32Array), Array.from(dequantizeTensor(outSpec, q.run([quantizeTensor(inSpec, s)])[0] as Int8Array)));
    }
  });
});
