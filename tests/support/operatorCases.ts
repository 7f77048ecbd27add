import seedrandom from "seedrandom";
import type { Graph, TensorSpec } from "../../lib/ir/Graph.js";
import { GraphBuilder } from "../../lib/ir/GraphBuilder.js";
import type { Operator } from "../../lib/ir/Operator.js";

/** One single-operator graph for the oracles, and whether its output is float (compared within 1e-6). */
export interface OperatorCase {
  label: string;
  graph: Graph;
  float: boolean;
}

/**
 * Single-operator int8 graphs for operators and options the shared models do
 * not use, built by hand (the options are the point: padding, strides,
 * fused activations, requantizing activations, batches), with tensor names
 * from a seeded generator so the same graphs come out every time.
 * `padZeroPoint` is the input zero point of the PAD case: Arm NN 22 pads int8
 * with 0 instead of the zero point, so its test passes 0; TFLM takes any.
 * `extra: "tflm"` adds the cases where TFLM alone defines the answer.
 */
export function operatorCases(seed: string, padZeroPoint = 0, extra: "tflm" | "none" = "none"): OperatorCase[] {
  const rng = seedrandom(seed);
  // Scales are float32, as a .tflite stores them (Graph.ts); a double would differ from what TFLM reads.
  const q = (scale: number, zp: number) => ({ scale: [Math.fround(scale)], zeroPoint: [zp], axis: 0 });
  const act = (shape: number[], scale: number, zp: number): TensorSpec => ({ name: `t${Math.floor(rng() * 1e9)}`, shape, dtype: "int8", quantization: q(scale, zp) });
  const cases: CaseSpec[] = [
    { label: "MAX_POOL_2D 3x3/2 SAME", tensors: [act([1, 9, 9, 4], 0.1, 3), act([1, 5, 5, 4], 0.1, 3)],
      op: { kind: "MAX_POOL_2D", inputs: [0], options: { padding: "SAME", strideH: 2, strideW: 2, filterH: 3, filterW: 3, activation: "NONE" } } },
    { label: "AVERAGE_POOL_2D 2x2/2 RELU6", tensors: [act([1, 8, 8, 3], 0.05, -20), act([1, 4, 4, 3], 0.05, -20)],
      op: { kind: "AVERAGE_POOL_2D", inputs: [0], options: { padding: "VALID", strideH: 2, strideW: 2, filterH: 2, filterW: 2, activation: "RELU6" } } },
    { label: `PAD (zero point ${padZeroPoint})`, tensors: [act([1, 4, 4, 2], 0.1, padZeroPoint), { name: "pads", shape: [4, 2], dtype: "int32", data: Int32Array.from([0, 0, 1, 2, 2, 1, 0, 0]) }, act([1, 7, 7, 2], 0.1, padZeroPoint)],
      op: { kind: "PAD", inputs: [0, 1], options: {} } },
    { label: "CONCATENATION axis 3", tensors: [act([1, 3, 3, 2], 0.2, 1), act([1, 3, 3, 5], 0.2, 1), act([1, 3, 3, 7], 0.2, 1)],
      op: { kind: "CONCATENATION", inputs: [0, 1], options: { axis: 3, activation: "NONE" } } },
    { label: "MEAN over H, W", tensors: [act([1, 5, 6, 8], 0.1, 7), { name: "axes", shape: [2], dtype: "int32", data: Int32Array.from([1, 2]) }, act([1, 1, 1, 8], 0.05, -3)],
      op: { kind: "MEAN", inputs: [0, 1], options: { keepDims: true } } },
    { label: "LOGISTIC", tensors: [act([1, 256], 0.06, 10), act([1, 256], 1 / 256, -128)], op: { kind: "LOGISTIC", inputs: [0], options: {} } },
    { label: "RELU", tensors: [act([1, 256], 0.06, 10), act([1, 256], 0.04, -128)], op: { kind: "RELU", inputs: [0], options: {} } },
    // Input and output quantized alike, as converters emit it; TFLM's RELU6 clamps without rescaling.
    { label: "RELU6", tensors: [act([1, 256], 0.06, 10), act([1, 256], 0.06, 10)], op: { kind: "RELU6", inputs: [0], options: {} } },
    { label: "ADD with fused RELU", tensors: [act([1, 4, 4, 8], 0.07, 5), act([1, 4, 4, 8], 0.11, -9), act([1, 4, 4, 8], 0.09, -30)],
      op: { kind: "ADD", inputs: [0, 1], options: { activation: "RELU" } } },
    { label: "QUANTIZE int8 -> int8 (rescale)", tensors: [act([1, 256], 0.06, 10), act([1, 256], 0.11, -4)], op: { kind: "QUANTIZE", inputs: [0], options: {} } },
    { label: "DEQUANTIZE", tensors: [act([1, 256], 0.06, 10), { name: "f", shape: [1, 256], dtype: "float32" }], op: { kind: "DEQUANTIZE", inputs: [0], options: {} }, float: true },
    { label: "SOFTMAX beta 1", tensors: [act([4, 10], 0.15, 12), act([4, 10], 1 / 256, -128)], op: { kind: "SOFTMAX", inputs: [0], options: { beta: 1 } } },
  ];
  // TFLM's semantics where other engines differ: RELU6 whose output is
  // quantized unlike its input is still a clamp in the input's quantization
  // (Arm NN and TFLite rescale).
  if (extra === "tflm") cases.push({ label: "RELU6, output quantized unlike its input", tensors: [act([1, 256], 0.06, 10), act([1, 256], 6 / 255, -128)], op: { kind: "RELU6", inputs: [0], options: {} } });
  return cases.map(buildCase);
}

/** One case as written: its tensors, the last `outputs` (default 1) being the outputs, and the operator without outputs. */
export interface CaseSpec {
  label: string;
  tensors: TensorSpec[];
  op: Omit<Operator, "outputs">;
  float?: boolean;
  outputs?: number;
}

/** The single-operator graph of a case: its non-constant operands are the graph's inputs, its last tensors the outputs. */
export function buildCase(c: CaseSpec): OperatorCase {
  const b = new GraphBuilder(c.label);
  c.tensors.forEach((t) => b.tensor(t));
  const n = c.outputs ?? 1;
  const outs = Array.from({ length: n }, (_, k) => c.tensors.length - n + k);
  b.op({ ...c.op, outputs: outs } as Operator);
  return { label: c.label, graph: b.build(c.op.inputs.filter((i) => i >= 0 && c.tensors[i].data === undefined && c.tensors[i].variable !== true), outs), float: c.float === true };
}
