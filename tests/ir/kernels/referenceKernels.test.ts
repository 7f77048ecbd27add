import { strict as assert } from "node:assert";
import seedrandom from "seedrandom";
import type { Graph, TensorSpec } from "../../../lib/ir/Graph.js";
import { operatorMacs } from "../../../lib/ir/countMacs.js";
import { lstmCases } from "../../support/lstmCases.js";
import { GraphBuilder } from "../../../lib/ir/GraphBuilder.js";
import { GraphError } from "../../../lib/ir/GraphError.js";
import { Interpreter } from "../../../lib/ir/Interpreter.js";
import type { Operator } from "../../../lib/ir/Operator.js";

const q = (scale: number, zeroPoint = 0) => ({ scale: [scale], zeroPoint: [zeroPoint], axis: 0 });
const act = (shape: number[], scale = 1, zp = 0): TensorSpec => ({ name: "x", shape, dtype: "int8", quantization: q(scale, zp) });

/** Run one operator whose non-constant inputs come first in `tensors`; returns its output. */
function runOp(tensors: TensorSpec[], op: Omit<Operator, "inputs" | "outputs"> & { inputs: number[] }, inputs: Int8Array[] | Float32Array[]): Int8Array | Float32Array {
  const b = new GraphBuilder("test");
  const ids = tensors.map((t) => b.tensor(t));
  const out = ids[ids.length - 1];
  b.op({ ...op, outputs: [out] } as Operator);
  const graphInputs = op.inputs.filter((i) => i >= 0 && tensors[i].data === undefined);
  return new Interpreter(b.build(graphInputs, [out])).run(inputs)[0] as Int8Array | Float32Array;
}

const conv = { padding: "SAME", strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: "NONE" } as const;

describe("ir/kernels (reference, hand-computed and against real arithmetic)", () => {
  it("CONV_2D int8, SAME padding: a 3x3 box filter over 1..9 (hand-computed)", () => {
    const y = runOp([
      act([1, 3, 3, 1]),
      { name: "w", shape: [1, 3, 3, 1], dtype: "int8", quantization: q(1), data: new Int8Array(9).fill(1) },
      { name: "b", shape: [1], dtype: "int32", quantization: q(1), data: new Int32Array([0]) },
      act([1, 3, 3, 1]),
    ], { kind: "CONV_2D", inputs: [0, 1, 2], options: conv }, [Int8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9])]);
    assert.deepEqual(Array.from(y), [12, 21, 16, 27, 45, 33, 24, 39, 28]);
  });

  it("CONV_2D int8 stays within 1 LSB of real arithmetic on random layers (stride 2, per-channel, RELU)", () => {
    const rng = seedrandom("conv");
    for (let trial = 0; trial < 5; trial++) {
      const [h, w, c, oc] = [7, 6, 3, 4];
      const wScales = Array.from({ length: oc }, () => 0.002 + rng() * 0.01);
      const weights = Int8Array.from({ length: oc * 9 * c }, () => Math.round(rng() * 254) - 127);
      const bias = Int32Array.from({ length: oc }, () => Math.round((rng() - 0.5) * 2000));
      const [sIn, zIn, sOut, zOut] = [0.05, -10, 0.03, 5];
      const x = Int8Array.from({ length: h * w * c }, () => Math.floor(rng() * 256) - 128);
      const y = runOp([
        act([1, h, w, c], sIn, zIn),
        { name: "w", shape: [oc, 3, 3, c], dtype: "int8", quantization: { scale: wScales, zeroPoint: wScales.map(() => 0), axis: 0 }, data: weights },
        { name: "b", shape: [oc], dtype: "int32", quantization: { scale: wScales.map((s) => s * sIn), zeroPoint: wScales.map(() => 0), axis: 0 }, data: bias },
        act([1, 4, 3, oc], sOut, zOut),
      ], { kind: "CONV_2D", inputs: [0, 1, 2], options: { ...conv, strideH: 2, strideW: 2, activation: "RELU" } }, [x]) as Int8Array;
      // SAME, stride 2: out 4x3, total pad rows (4-1)*2+3-7 = 2 -> top 1; cols (3-1)*2+3-6 = 1 -> left 0
      for (let oy = 0; oy < 4; oy++) for (let ox = 0; ox < 3; ox++) for (let o = 0; o < oc; o++) {
        let real = bias[o] * wScales[o] * sIn;
        for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) {
          const iy = oy * 2 - 1 + ky, ix = ox * 2 + kx;
          if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
          for (let ic = 0; ic < c; ic++) real += sIn * (x[(iy * w + ix) * c + ic] - zIn) * wScales[o] * weights[((o * 3 + ky) * 3 + kx) * c + ic];
        }
        const ideal = Math.max(zOut, Math.min(127, Math.round(Math.max(0, real) / sOut) + zOut));
        const got = y[(oy * 3 + ox) * oc + o];
        assert.ok(Math.abs(got - ideal) <= 1, `trial ${trial} (${oy},${ox},${o}): got ${got}, real arithmetic gives ${ideal}`);
      }
    }
  });

  it("DEPTHWISE_CONV_2D with depth multiplier 2 maps channel c to outputs 2c, 2c+1 (hand-computed)", () => {
    const y = runOp([
      act([1, 2, 2, 1]),
      { name: "w", shape: [1, 1, 1, 2], dtype: "int8", quantization: q(1), data: Int8Array.from([1, -1]) },
      act([1, 2, 2, 2]),
    ], { kind: "DEPTHWISE_CONV_2D", inputs: [0, 1, -1], options: { ...conv, padding: "VALID", depthMultiplier: 2 } }, [Int8Array.from([1, 2, 3, 4])]);
    assert.deepEqual(Array.from(y), [1, -1, 2, -2, 3, -3, 4, -4]);
  });

  it("FULLY_CONNECTED int8 stays within 1 LSB of real arithmetic, with a weight zero point", () => {
    const rng = seedrandom("fc");
    const [inD, outD, sIn, zIn, sW, zW, sOut, zOut] = [20, 7, 0.1, 3, 0.02, 0, 0.25, -20];
    const w = Int8Array.from({ length: inD * outD }, () => Math.floor(rng() * 256) - 128);
    const x = Int8Array.from({ length: inD }, () => Math.floor(rng() * 256) - 128);
    const y = runOp([
      act([1, inD], sIn, zIn),
      { name: "w", shape: [outD, inD], dtype: "int8", quantization: q(sW, zW), data: w },
      act([1, outD], sOut, zOut),
    ], { kind: "FULLY_CONNECTED", inputs: [0, 1, -1], options: { activation: "NONE", keepNumDims: false } }, [x]) as Int8Array;
    for (let o = 0; o < outD; o++) {
      let real = 0;
      for (let i = 0; i < inD; i++) real += sIn * (x[i] - zIn) * sW * (w[o * inD + i] - zW);
      const ideal = Math.max(-128, Math.min(127, Math.round(real / sOut) + zOut));
      assert.ok(Math.abs(y[o] - ideal) <= 1, `output ${o}: ${y[o]} vs ${ideal}`);
    }
  });

  it("AVERAGE_POOL_2D int8 rounds the mean half away from zero; MAX_POOL_2D takes the max", () => {
    const pool = { padding: "VALID", strideH: 2, strideW: 2, filterH: 2, filterW: 2, activation: "NONE" } as const;
    // a 2x4 image: windows [-1,-2,-2,0] (mean -1.25) and [1,1,0,0] (mean 0.5)
    const x = Int8Array.from([-1, -2, 1, 1, -2, 0, 0, 0]);
    const avg = runOp([act([1, 2, 4, 1]), act([1, 1, 2, 1])], { kind: "AVERAGE_POOL_2D", inputs: [0], options: pool }, [x]);
    assert.deepEqual(Array.from(avg), [-1, 1]); // -5/4 -> -1; 2/4 = 0.5 -> 1
    const max = runOp([act([1, 2, 4, 1]), act([1, 1, 2, 1])], { kind: "MAX_POOL_2D", inputs: [0], options: pool }, [x]);
    assert.deepEqual(Array.from(max), [0, 1]);
  });

  it("ADD rescales both inputs to the output within 1 LSB of real arithmetic", () => {
    const rng = seedrandom("add");
    const [s1, z1, s2, z2, so, zo] = [0.07, 5, 0.11, -9, 0.13, 2];
    const a = Int8Array.from({ length: 200 }, () => Math.floor(rng() * 256) - 128);
    const b = Int8Array.from({ length: 200 }, () => Math.floor(rng() * 256) - 128);
    const y = runOp([act([200], s1, z1), act([200], s2, z2), act([200], so, zo)], { kind: "ADD", inputs: [0, 1], options: { activation: "NONE" } }, [a, b]) as Int8Array;
    for (let i = 0; i < 200; i++) {
      const ideal = Math.max(-128, Math.min(127, Math.round((s1 * (a[i] - z1) + s2 * (b[i] - z2)) / so) + zo));
      assert.ok(Math.abs(y[i] - ideal) <= 1, `${i}: ${y[i]} vs ${ideal}`);
    }
  });

  it("SOFTMAX int8: equal logits give 1/4 each (-64); a dominant logit takes everything", () => {
    const out = act([2, 4], 1 / 256, -128);
    const y = runOp([act([2, 4], 0.5, 0), out], { kind: "SOFTMAX", inputs: [0], options: { beta: 1 } }, [Int8Array.from([7, 7, 7, 7, 127, -128, -128, -128])]);
    assert.deepEqual(Array.from(y), [-64, -64, -64, -64, 127, -128, -128, -128]);
  });

  it("LOGISTIC int8: 0 -> 0.5 (q 0), large inputs saturate", () => {
    const y = runOp([act([3], 0.1, 0), act([3], 1 / 256, -128)], { kind: "LOGISTIC", inputs: [0], options: {} }, [Int8Array.from([0, 127, -128])]);
    assert.deepEqual(Array.from(y), [0, 127, -128]);
  });

  it("LOGISTIC and TANH int16 (TFLite's sigmoid table): within 2-2.5 LSB of Q0.15 over every int16 input, 0 -> 0.5 and 0, tanh odd at power-of-two scales; wrong scales named", () => {
    const a16 = (scale: number, zp = 0): TensorSpec => ({ name: "x", shape: [1, 65536], dtype: "int16", quantization: q(scale, zp) });
    const x = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
    for (const scale of [2 ** -12, 2 ** -11, 1 / 3000]) {
      for (const [kind, f] of [["LOGISTIC", (v: number) => 1 / (1 + Math.exp(-v))], ["TANH", Math.tanh]] as const) {
        const y = runOp([a16(scale), a16(1 / 32768)], { kind, inputs: [0], options: {} }, [x as unknown as Int8Array]) as unknown as Int16Array;
        let worst = 0;
        for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(y[i] - 32768 * f(x[i] * scale)));
        // Other scales reach the table through a truncated 15-bit multiplier: half an LSB more.
        assert.ok(worst <= (scale === 1 / 3000 ? 2.5 : 2), `${kind} at input scale ${scale}: ${worst.toFixed(2)} LSB`);
        assert.equal(y[32768], kind === "LOGISTIC" ? 16384 : 0);
        // Odd where the argument is exact (power-of-two scales: no rounding shift, which rounds halves up, not away).
        if (kind === "TANH" && scale !== 1 / 3000) for (let i = 1; i < x.length; i++) assert.equal(y[i] + y[65536 - i], 0, `tanh(${x[i]}) and tanh(${-x[i]})`);
      }
    }
    const bad = (out: TensorSpec, input = a16(2 ** -12)) => () => runOp([input, out], { kind: "TANH", inputs: [0], options: {} }, [new Int16Array(65536) as unknown as Int8Array]);
    assert.throws(bad(a16(1 / 256)), /operator 0 \(TANH\): an int16 tanh needs output scale 2\^-15 \(1\/32768\), not 0.00390625/);
    assert.throws(bad(a16(1 / 32768), a16(2 ** -12, 3)), /an int16 tanh needs zero points of 0 \(TFLite's 16x8 scheme\), not 3 and 0/);
    assert.throws(bad({ ...act([1, 65536]), quantization: q(1 / 256, -128) }), /an int16 tanh needs an int16 output, not int8/);
  });

  it("UNIDIRECTIONAL_SEQUENCE_LSTM counts its MACs and names what TFLite Micro does not run either: peepholes, a projection, no input gate, float32, a state that is not a variable (read before written)", () => {
    const base = lstmCases("refusals")[0].graph;
    const variant = (edit: (g: Graph) => void): (() => void) => () => {
      const g = structuredClone(base);
      edit(g);
      new Interpreter(g);
    };
    const op = (g: Graph) => g.operators[0];
    // Hand count: 5 steps x 6 units x 4 gates x (8 inputs + 6 hidden).
    assert.equal(operatorMacs(base, 0), 5 * 6 * 4 * (8 + 6));
    assert.throws(variant((g) => { op(g).inputs[9] = op(g).inputs[1]; }), (e: unknown) => e instanceof GraphError && e.kind === "unsupported" && /peephole weights \(inputs 9, 10, 11\) are not supported, as in TFLite Micro/.test(e.message));
    assert.throws(variant((g) => { op(g).inputs[16] = op(g).inputs[5]; }), /a projection \(inputs 16, 17\) are not supported/);
    assert.throws(variant((g) => { op(g).inputs[1] = -1; op(g).inputs[5] = -1; }), /it has no input gate \(CIFG\); TFLite Micro needs all four gates/);
    assert.throws(variant((g) => { g.tensors[op(g).inputs[0]] = { ...g.tensors[op(g).inputs[0]], dtype: "float32", quantization: undefined }; }), /float32 activations: the LSTM runs int8 activations/);
    assert.throws(variant((g) => { g.tensors[op(g).inputs[18]] = { ...g.tensors[op(g).inputs[18]], variable: false }; }), /operator 0 \(UNIDIRECTIONAL_SEQUENCE_LSTM\) reads tensor 13 \(h13\) before any operator writes it/);
  });

  it("RELU6 int8 clamps at the quantized 0 and 6; PAD fills with the zero point; CONCATENATION orders blocks", () => {
    const relu6 = runOp([act([4], 0.1, -50), act([4], 0.05, -100)], { kind: "RELU6", inputs: [0], options: {} }, [Int8Array.from([-128, -50, -40, 127])]);
    // TFLM's Relu6Prepare clamps in the input's quantization and does not rescale (the output's 0.05 / -100 are
    // ignored): zero = -50, six = round(6 / 0.1) - 50 = 10, so -128, -50, -40, 127 -> -50, -50, -40, 10.
    assert.deepEqual(Array.from(relu6), [-50, -50, -40, 10]);
    const padded = runOp([act([1, 2], 1, 7), { name: "p", shape: [2, 2], dtype: "int32", data: Int32Array.from([0, 0, 1, 2]) }, act([1, 5], 1, 7)],
      { kind: "PAD", inputs: [0, 1], options: {} }, [Int8Array.from([1, 2])]);
    assert.deepEqual(Array.from(padded), [7, 1, 2, 7, 7]);
    const cat = runOp([act([2, 1]), act([2, 2]), act([2, 3])], { kind: "CONCATENATION", inputs: [0, 1], options: { axis: -1, activation: "NONE" } },
      [Int8Array.from([1, 2]), Int8Array.from([3, 4, 5, 6])]);
    assert.deepEqual(Array.from(cat), [1, 3, 4, 2, 5, 6]);
  });

  it("MEAN int8 over H and W (hand-computed); QUANTIZE then DEQUANTIZE is within scale/2", () => {
    const mean = runOp([act([1, 2, 2, 2], 0.5, 0), { name: "axes", shape: [2], dtype: "int32", data: Int32Array.from([1, 2]) }, act([1, 1, 1, 2], 0.5, 0)],
      { kind: "MEAN", inputs: [0, 1], options: { keepDims: true } }, [Int8Array.from([1, 10, 2, 20, 3, 30, 5, 40])]);
    assert.deepEqual(Array.from(mean), [3, 25]); // 11/4 = 2.75 -> 3; 100/4 = 25
    const x = Float32Array.from({ length: 101 }, (_, i) => -2.5 + i * 0.05);
    const qx = runOp([{ name: "f", shape: [101], dtype: "float32" }, act([101], 0.02, 3)], { kind: "QUANTIZE", inputs: [0], options: {} }, [x]);
    const back = runOp([act([101], 0.02, 3), { name: "f", shape: [101], dtype: "float32" }], { kind: "DEQUANTIZE", inputs: [0], options: {} }, [qx as Int8Array]);
    x.forEach((v, i) => { if (Math.abs(v) < 2.5) assert.ok(Math.abs(back[i] - v) <= 0.01 + 1e-6, `${v} -> ${back[i]}`); });
  });

  it("float32 CONV_2D and FULLY_CONNECTED compute the plain sums (hand-computed)", () => {
    const f = (shape: number[], data?: number[]): TensorSpec => ({ name: "f", shape, dtype: "float32", ...(data ? { data: Float32Array.from(data) } : {}) });
    const y = runOp([f([1, 2, 2, 1]), f([1, 2, 2, 1], [1, 2, 3, 4]), f([1], [0.5]), f([1, 1, 1, 1])],
      { kind: "CONV_2D", inputs: [0, 1, 2], options: { ...conv, padding: "VALID" } }, [Float32Array.from([1, 1, 1, 1])]);
    assert.deepEqual(Array.from(y), [10.5]);
    const z = runOp([f([1, 2]), f([2, 2], [1, 2, -1, 1]), f([1, 2])], { kind: "FULLY_CONNECTED", inputs: [0, 1, -1], options: { activation: "RELU", keepNumDims: false } },
      [Float32Array.from([3, 4])]);
    assert.deepEqual(Array.from(z), [11, 1]);
  });

  it("reports inconsistent shapes, dtypes and inputs by operator index and kind", () => {
    const bad = () => runOp([act([1, 3, 3, 1]), { name: "w", shape: [1, 3, 3, 1], dtype: "int8", quantization: q(1), data: new Int8Array(9) }, act([1, 2, 2, 1])],
      { kind: "CONV_2D", inputs: [0, 1, -1], options: conv }, [new Int8Array(9)]);
    assert.throws(bad, (e: unknown) => e instanceof GraphError && /operator 0 \(CONV_2D\): output shape is \[1, 2, 2, 1\] but .* give \[1, 3, 3, 1\]/.test(e.message));
    const wrongInput = () => runOp([act([4]), act([4])], { kind: "RELU", inputs: [0], options: {} }, [new Int8Array(3)]);
    assert.throws(wrongInput, (e: unknown) => e instanceof GraphError && e.kind === "input" && /shape \[4\] = 4 values, got 3/.test(e.message));
    const floatIntoInt = () => runOp([act([4]), act([4])], { kind: "RELU", inputs: [0], options: {} }, [new Float32Array(4)]);
    assert.throws(floatIntoInt, /is int8, got float32 data/);
  });

  it("MUL, SUB, MAXIMUM and MINIMUM broadcast a per-channel operand over every pixel (hand-computed, unit scales)", () => {
    const ch: TensorSpec = { name: "k", shape: [3], dtype: "int8", quantization: q(1), data: Int8Array.from([2, -1, 0]) };
    const x = Int8Array.from([1, 2, 3, 4, 5, 6]);
    const run = (kind: "MUL" | "SUB" | "MAXIMUM" | "MINIMUM") => Array.from(runOp([act([1, 2, 3]), ch, act([1, 2, 3])],
      { kind, inputs: [0, 1], options: kind === "MUL" || kind === "SUB" ? { activation: "NONE" } : {} } as Omit<Operator, "outputs">, [x]));
    assert.deepEqual(run("MUL"), [2, -2, 0, 8, -5, 0]);
    assert.deepEqual(run("SUB"), [-1, 3, 3, 2, 6, 6]);
    assert.deepEqual(run("MAXIMUM"), [2, 2, 3, 4, 5, 6]);
    assert.deepEqual(run("MINIMUM"), [1, -1, 0, 2, -1, 0]);
  });

  it("LEAKY_RELU scales negatives by alpha; TRANSPOSE moves NCHW to NHWC; SQUEEZE and EXPAND_DIMS copy (hand-computed)", () => {
    const leaky = runOp([act([4], 1), act([4], 1)], { kind: "LEAKY_RELU", inputs: [0], options: { alpha: 0.5 } }, [Int8Array.from([-10, -3, 0, 7])]);
    // -1.5 gives -1: gemmlowp's rounding doubling high multiply nudges a negative tie toward zero.
    assert.deepEqual(Array.from(leaky), [-5, -1, 0, 7]);
    const perm: TensorSpec = { name: "p", shape: [4], dtype: "int32", data: Int32Array.from([0, 2, 3, 1]) };
    const t = runOp([act([1, 2, 2, 3]), perm, act([1, 2, 3, 2])], { kind: "TRANSPOSE", inputs: [0, 1], options: {} }, [Int8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])]);
    // NCHW [c][h][w] -> NHWC [h][w][c]: element (h, w, c) = c * 6 + h * 3 + w
    assert.deepEqual(Array.from(t), [0, 6, 1, 7, 2, 8, 3, 9, 4, 10, 5, 11]);
    const sq = runOp([act([1, 3, 1]), act([3])], { kind: "SQUEEZE", inputs: [0], options: { squeezeDims: [] } }, [Int8Array.from([4, 5, 6])]);
    assert.deepEqual(Array.from(sq), [4, 5, 6]);
  });

  it("L2_POOL_2D (float32) takes the root mean square of the clipped window, and refuses int8 as TFLite Micro does (hand-computed)", () => {
    const f = (shape: number[]): TensorSpec => ({ name: "f", shape, dtype: "float32" });
    const pool = { padding: "SAME", strideH: 2, strideW: 2, filterH: 2, filterW: 2, activation: "NONE" } as const;
    // 3x3 in, 2x2 out: windows {3,4,0,0}, {0,-2}, {1,-1}, {5} (SAME clips the last row and column).
    const out = runOp([f([1, 3, 3, 1]), f([1, 2, 2, 1])], { kind: "L2_POOL_2D", inputs: [0], options: pool }, [Float32Array.from([3, 4, 0, 0, 0, -2, 1, -1, 5])]);
    assert.deepEqual(Array.from(out), [Math.fround(Math.sqrt(25 / 4)), Math.fround(Math.sqrt(4 / 2)), Math.fround(Math.sqrt(2 / 2)), 5]);
    assert.throws(() => runOp([act([1, 3, 3, 1]), act([1, 2, 2, 1])], { kind: "L2_POOL_2D", inputs: [0], options: pool }, [new Int8Array(9)]),
      (e: unknown) => e instanceof GraphError && /operator 0 \(L2_POOL_2D\): L2_POOL_2D runs in float32 only/.test(e.message));
  });

  it("TRANSPOSE_CONV, BATCH_MATMUL, RESIZE_BILINEAR and HARD_SWISH name a wrong output shape, mismatched depths and exclusive corner modes", () => {
    const ints = (v: number[]): TensorSpec => ({ name: "i", shape: [v.length], dtype: "int32", data: Int32Array.from(v) });
    const w: TensorSpec = { name: "w", shape: [2, 3, 3, 1], dtype: "int8", quantization: q(0.1), data: new Int8Array(18) };
    const fails = (tensors: TensorSpec[], op: Omit<Operator, "inputs" | "outputs"> & { inputs: number[] }, pattern: RegExp) =>
      assert.throws(() => runOp(tensors, op, [new Int8Array(tensors[op.inputs.find((i) => tensors[i].data === undefined) as number].shape.reduce((a, b) => a * b, 1))]), pattern);
    fails([ints([1, 8, 8, 2]), w, act([1, 4, 4, 1]), act([1, 8, 7, 2])], { kind: "TRANSPOSE_CONV", inputs: [0, 1, 2], options: { padding: "SAME", strideH: 2, strideW: 2, activation: "NONE" } },
      /the output shape input is \[1, 8, 8, 2\] but the output is \[1, 8, 7, 2\]/);
    fails([act([2, 3, 5]), act([2, 4, 4]), act([2, 3, 4])], { kind: "BATCH_MATMUL", inputs: [0, 1], options: { adjX: false, adjY: false } }, /disagree on the summed dimension: 5 and 4/);
    fails([act([1, 4, 4, 1]), ints([8, 8]), act([1, 8, 8, 1])], { kind: "RESIZE_BILINEAR", inputs: [0, 1], options: { alignCorners: true, halfPixelCenters: true } }, /cannot both be set/);
    fails([act([1, 4], 0.01), act([1, 4], 0.00001)], { kind: "HARD_SWISH", inputs: [0], options: {} }, /TFLM refuses such a HARD_SWISH/);
  });

  it("names what is wrong with the newer operators: shapes that do not broadcast, a bad permutation, squeezing a dimension above 1, an axis out of range", () => {
    const fails = (tensors: TensorSpec[], op: Omit<Operator, "outputs">, pattern: RegExp) =>
      assert.throws(() => runOp(tensors, op, [new Int8Array(tensors[0].shape.reduce((a, b) => a * b, 1))]), (e: unknown) => e instanceof GraphError && pattern.test(e.message), String(pattern));
    const k = (shape: number[]): TensorSpec => ({ name: "k", shape, dtype: "int8", quantization: q(1), data: new Int8Array(shape.reduce((a, b) => a * b, 1)) });
    const ints = (v: number[]): TensorSpec => ({ name: "i", shape: [v.length], dtype: "int32", data: Int32Array.from(v) });
    fails([act([1, 4, 3]), k([2, 3]), act([1, 4, 3])], { kind: "MUL", inputs: [0, 1], options: { activation: "NONE" } },
      /operator 0 \(MUL\): input shapes \[1, 4, 3\] and \[2, 3\] do not broadcast/);
    fails([act([2, 3]), k([3]), act([3, 3])], { kind: "SUB", inputs: [0, 1], options: { activation: "NONE" } }, /output shape \[3, 3\] is not the broadcast shape \[2, 3\]/);
    fails([act([2, 3]), ints([0, 0]), act([2, 3])], { kind: "TRANSPOSE", inputs: [0, 1], options: {} }, /permutation \[0, 0\] is not a permutation of 0\.\.1/);
    fails([act([1, 2, 3]), act([1, 3])], { kind: "SQUEEZE", inputs: [0], options: { squeezeDims: [1] } }, /cannot squeeze dimension 1: it has size 2/);
    fails([act([2, 3]), ints([4]), act([2, 3, 1])], { kind: "EXPAND_DIMS", inputs: [0, 1], options: {} }, /axis 4 is outside \[-3, 2\]/);
    fails([act([4]), act([4])], { kind: "LEAKY_RELU", inputs: [0], options: { alpha: Number.NaN } }, /alpha is NaN/);
    fails([act([10, 4]), ints([3, 12]), act([2, 4])], { kind: "GATHER", inputs: [0, 1], options: { axis: 0, batchDims: 0 } }, /GATHER\): constant index 12 is outside \[0, 10\)/);
    const slice = { beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0, offset: true };
    fails([act([4, 4]), ints([0, 0]), ints([2, 2]), ints([1, 1]), act([2, 2])], { kind: "STRIDED_SLICE", inputs: [0, 1, 2, 3], options: slice }, /offset option .* TFLite Micro ignores it/);
    fails([act([6, 4]), ints([0]), act([3, 4])], { kind: "SPLIT", inputs: [1, 0], options: { numSplits: 2 } }, /SPLIT\): num_splits is 2 but the operator has 1 outputs/);
  });
});
