import seedrandom from "seedrandom";
import type { TensorSpec } from "../../lib/ir/Graph.js";
import type { CaseSpec, OperatorCase } from "./operatorCases.js";
import { buildCase } from "./operatorCases.js";

/**
 * Single-operator graphs in TFLite's 16x8 scheme (int16 activations with
 * zero point 0, int8 symmetric weights, int64 or int32 biases): CONV_2D,
 * DEPTHWISE_CONV_2D and FULLY_CONNECTED with each bias type, per-channel and
 * per-tensor weights and fused activations; ADD and MUL flat and broadcast;
 * SOFTMAX (its exp and reciprocal lookup tables); LOGISTIC and TANH (the
 * sigmoid table) over both ways of scaling their input; QUANTIZE
 * between float32, int8 and int16; DEQUANTIZE; and the data movers that
 * copy int16 values. Seeded, with float32 scales as a .tflite stores them.
 */
export function int16x8Cases(seed: string): OperatorCase[] {
  const rng = seedrandom(seed);
  const f = Math.fround;
  let n = 0;
  const q = (scale: number, zp = 0) => ({ scale: [f(scale)], zeroPoint: [zp], axis: 0 });
  const a16 = (shape: number[], scale: number): TensorSpec => ({ name: `a${n++}`, shape, dtype: "int16", quantization: q(scale) });
  const a8 = (shape: number[], scale: number, zp: number): TensorSpec => ({ name: `b${n++}`, shape, dtype: "int8", quantization: q(scale, zp) });
  const fl = (shape: number[]): TensorSpec => ({ name: `f${n++}`, shape, dtype: "float32" });
  const ints = (values: number[]): TensorSpec => ({ name: `i${n++}`, shape: [values.length], dtype: "int32", data: Int32Array.from(values) });
  const count = (shape: number[]) => shape.reduce((x, y) => x * y, 1);
  /** Symmetric int8 weights, per channel along `axis` (or one scale). */
  const weights = (shape: number[], channels: number, axis: number): TensorSpec => {
    const scale = Array.from({ length: channels }, () => f(0.004 + 0.01 * rng()));
    return { name: `w${n++}`, shape, dtype: "int8", quantization: { scale, zeroPoint: scale.map(() => 0), axis }, data: Int8Array.from({ length: count(shape) }, () => Math.floor(rng() * 255) - 127) };
  };
  const bias = (w: TensorSpec, inScale: number, dtype: "int64" | "int32", channels: number): TensorSpec => {
    const scale = (w.quantization?.scale ?? []).map((s) => f(inScale * s));
    const values = Array.from({ length: channels }, () => Math.floor(rng() * 2e6) - 1e6);
    return { name: `c${n++}`, shape: [channels], dtype, quantization: { scale, zeroPoint: scale.map(() => 0), axis: 0 },
      data: dtype === "int64" ? BigInt64Array.from(values, BigInt) : Int32Array.from(values) };
  };
  const cases: CaseSpec[] = [];
  const inScale = 1 / 2048;
  for (const [label, biasType, activation] of [["int64 bias", "int64", "NONE"], ["int32 bias", "int32", "RELU6"], ["no bias", null, "RELU"]] as const) {
    const w = weights([6, 3, 3, 4], 6, 0);
    const tensors = [a16([1, 7, 7, 4], inScale), w, ...(biasType === null ? [] : [bias(w, inScale, biasType, 6)]), a16([1, 4, 4, 6], 0.002)];
    cases.push({ label: `CONV_2D 16x8 3x3/2 SAME, ${label}, ${activation}`, tensors,
      op: { kind: "CONV_2D", inputs: biasType === null ? [0, 1, -1] : [0, 1, 2], options: { padding: "SAME", strideH: 2, strideW: 2, dilationH: 1, dilationW: 1, activation } } });
  }
  {
    const w = weights([1, 3, 3, 8], 8, 3);
    cases.push({ label: "DEPTHWISE_CONV_2D 16x8 depth multiplier 2, int64 bias", tensors: [a16([1, 6, 6, 4], inScale), w, bias(w, inScale, "int64", 8), a16([1, 6, 6, 8], 0.0005)],
      op: { kind: "DEPTHWISE_CONV_2D", inputs: [0, 1, 2], options: { padding: "SAME", strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, depthMultiplier: 2, activation: "NONE" } } });
  }
  {
    const w = weights([10, 24], 1, 0);
    cases.push({ label: "FULLY_CONNECTED 16x8 per-tensor, int64 bias", tensors: [a16([2, 24], inScale), w, bias(w, inScale, "int64", 10), a16([2, 10], 0.002)],
      op: { kind: "FULLY_CONNECTED", inputs: [0, 1, 2], options: { activation: "NONE", keepNumDims: false } } });
    const wc = weights([7, 16], 7, 0);
    cases.push({ label: "FULLY_CONNECTED 16x8 per-channel, int32 bias, RELU", tensors: [a16([1, 16], inScale), wc, bias(wc, inScale, "int32", 7), a16([1, 7], 0.001)],
      op: { kind: "FULLY_CONNECTED", inputs: [0, 1, 2], options: { activation: "RELU", keepNumDims: false } } });
  }
  cases.push({ label: "ADD int16 equal shapes", tensors: [a16([1, 4, 4, 8], 1 / 4096), a16([1, 4, 4, 8], 1 / 1000), a16([1, 4, 4, 8], 1 / 600)], op: { kind: "ADD", inputs: [0, 1], options: { activation: "NONE" } } });
  cases.push({ label: "ADD int16 broadcast [1,4,1,8] with [1,1,5,1], RELU", tensors: [a16([1, 4, 1, 8], 1 / 2048), a16([1, 1, 5, 1], 1 / 3000), a16([1, 4, 5, 8], 1 / 1500)], op: { kind: "ADD", inputs: [0, 1], options: { activation: "RELU" } } });
  cases.push({ label: "MUL int16 equal shapes", tensors: [a16([1, 4, 4, 8], 1 / 4096), a16([1, 4, 4, 8], 1 / 1000), a16([1, 4, 4, 8], 1 / 8000)], op: { kind: "MUL", inputs: [0, 1], options: { activation: "NONE" } } });
  cases.push({ label: "MUL int16 broadcast by a per-channel [8], RELU6", tensors: [a16([1, 3, 3, 8], 1 / 2048), a16([8], 1 / 4000), a16([1, 3, 3, 8], 1 / 5000)], op: { kind: "MUL", inputs: [0, 1], options: { activation: "RELU6" } } });
  for (const [rows, depth, scale, beta] of [[4, 10, 1 / 4096, 1], [2, 33, 1 / 1000, 1], [3, 7, 1 / 20000, 2.5]] as const) {
    cases.push({ label: `SOFTMAX int16 ${rows}x${depth}, input scale ${scale.toPrecision(3)}, beta ${beta}`, tensors: [a16([rows, depth], scale), a16([rows, depth], 1 / 32768)], op: { kind: "SOFTMAX", inputs: [0], options: { beta: f(beta) } } });
  }
  // LOGISTIC and TANH through TFLite's sigmoid table: the power-of-two input scales take the multiplier 3 << shift, any
  // other the general rescaling (2^-10 is a power of two, but not one either operator takes that way). 4,096 inputs a sample.
  for (const [op, scale] of [["LOGISTIC", 2 ** -12], ["LOGISTIC", 1 / 3000], ["LOGISTIC", 2 ** -10], ["LOGISTIC", 1 / 200000],
    ["TANH", 2 ** -12], ["TANH", 2 ** -11], ["TANH", 1 / 5000], ["TANH", 2 ** -9]] as const) {
    cases.push({ label: `${op} int16, input scale ${scale.toPrecision(3)}`, tensors: [a16([1, 4096], scale), a16([1, 4096], 1 / 32768)], op: { kind: op, inputs: [0], options: {} } });
  }
  cases.push({ label: "QUANTIZE float32 to int16", tensors: [fl([1, 64]), a16([1, 64], 1 / 16384)], op: { kind: "QUANTIZE", inputs: [0], options: {} } });
  cases.push({ label: "QUANTIZE int16 to int8", tensors: [a16([1, 64], 1 / 4096), a8([1, 64], 0.03, -5)], op: { kind: "QUANTIZE", inputs: [0], options: {} } });
  cases.push({ label: "QUANTIZE int8 to int16", tensors: [a8([1, 64], 0.05, 7), a16([1, 64], 1 / 2048)], op: { kind: "QUANTIZE", inputs: [0], options: {} } });
  cases.push({ label: "QUANTIZE int16 to int16", tensors: [a16([1, 64], 1 / 4096), a16([1, 64], 1 / 3000)], op: { kind: "QUANTIZE", inputs: [0], options: {} } });
  cases.push({ label: "DEQUANTIZE int16", tensors: [a16([1, 64], 1 / 4096), fl([1, 64])], op: { kind: "DEQUANTIZE", inputs: [0], options: {} }, float: true });
  const s = 1 / 4096;
  cases.push({ label: "RESHAPE int16", tensors: [a16([2, 3, 4], s), ints([6, 4]), a16([6, 4], s)], op: { kind: "RESHAPE", inputs: [0, 1], options: { newShape: [6, 4] } } });
  cases.push({ label: "CONCATENATION int16 axis 1", tensors: [a16([2, 3], s), a16([2, 5], s), a16([2, 8], s)], op: { kind: "CONCATENATION", inputs: [0, 1], options: { axis: 1, activation: "NONE" } } });
  cases.push({ label: "TRANSPOSE int16", tensors: [a16([1, 3, 4, 5], s), ints([0, 2, 3, 1]), a16([1, 4, 5, 3], s)], op: { kind: "TRANSPOSE", inputs: [0, 1], options: {} } });
  cases.push({ label: "STRIDED_SLICE int16", tensors: [a16([1, 6, 7, 2], s), ints([0, 1, 0, 0]), ints([1, 6, 7, 2]), ints([1, 2, 3, 1]), a16([1, 3, 3, 2], s)],
    op: { kind: "STRIDED_SLICE", inputs: [0, 1, 2, 3], options: { beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0, offset: false } } });
  return cases.map(buildCase);
}
