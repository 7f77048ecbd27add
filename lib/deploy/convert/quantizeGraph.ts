import type { Graph, Quantization, TensorSpec } from '../../ir/Graph.js';
import { GraphError } from '../../ir/GraphError.js';
import { roundHalfAway } from '../../ir/fixedPoint.js';
import type { Operator } from '../../ir/Operator.js';
import { validateGraph } from '../../ir/validateGraph.js';
import type { TensorRange } from './calibrate.js';

export interface QuantizeOptions {
  /** One scale per output channel for CONV_2D and DEPTHWISE_CONV_2D filters (TFLite's default); default true. */
  perChannel?: boolean;
  /**
   * `int8` (default) makes the graph's inputs and outputs int8, as a
   * microcontroller wants; `float32` keeps them float and adds QUANTIZE at
   * the inputs and DEQUANTIZE at the outputs.
   */
  io?: 'int8' | 'float32';
}

/** SOFTMAX and LOGISTIC outputs lie in [0, 1]: TFLite fixes their int8 form to scale 1/256, zero point -128. */
const UNIT_INTERVAL: Quantization = { scale: [1 / 256], zeroPoint: [-128], axis: 0 };

/**
 * int8 affine parameters covering [min, max]: the range is widened to hold
 * 0 so that zero (padding, ReLU) is exact, scale = (max - min) / 255 as a
 * float32 (at least 1e-8), and zero point = -128 - round(min / scale),
 * clamped to int8.
 */
export function activationQuantization(range: TensorRange): Quantization {
  const lo = Math.min(0, range.min);
  let hi = Math.max(0, range.max);
  // An all-zero or vanishing tensor still needs a usable scale: TFLM computes a
  // fused RELU6's bound round(6 / scale) in int32 and refuses the model when it
  // overflows (kernel_util's Quantize), so the scale never drops below 1e-8.
  if (hi - lo < 1e-8 * 255) hi = lo + 1e-8 * 255;
  const scale = Math.fround((hi - lo) / 255);
  const zeroPoint = Math.max(-128, Math.min(127, -128 - roundHalfAway(lo / scale)));
  return { scale: [scale], zeroPoint: [zeroPoint], axis: 0 };
}

/**
 * Symmetric int8 weights in [-127, 127]: per channel along `axis` (one scale
 * max|w| / 127 per channel), or per tensor when `axis` is null. Returns the
 * int8 data and its quantization (zero points 0).
 */
export function quantizeWeights(data: Float32Array, shape: readonly number[], axis: number | null): { data: Int8Array; quantization: Quantization } {
  const channels = axis === null ? 1 : shape[axis];
  const inner = axis === null ? data.length : shape.slice(axis + 1).reduce((a, d) => a * d, 1);
  const maxAbs = new Float64Array(channels);
  for (let i = 0; i < data.length; i++) {
    const c = axis === null ? 0 : Math.floor(i / inner) % channels;
    maxAbs[c] = Math.max(maxAbs[c], Math.abs(data[i]));
  }
  // A channel of zeros gets scale 1: any scale represents it exactly.
  const scale = Array.from(maxAbs, (m) => (m === 0 ? 1 : Math.fround(m / 127)));
  const q = new Int8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const s = scale[axis === null ? 0 : Math.floor(i / inner) % channels];
    q[i] = Math.max(-127, Math.min(127, roundHalfAway(data[i] / s)));
  }
  return { data: q, quantization: { scale, zeroPoint: scale.map(() => 0), axis: axis ?? 0 } };
}

/** Bias as int32 with scale input_scale * weight_scale[c] (TFLite's bias rule), saturated to int32. */
export function quantizeBias(bias: Float32Array, inputScale: number, weightScales: readonly number[]): { data: Int32Array; quantization: Quantization } {
  // Per-tensor weights give a per-tensor bias: one scale, as TFLite and Arm NN expect.
  const scale = weightScales.map((w) => Math.fround(inputScale * w));
  const data = Int32Array.from(bias, (b, c) => Math.max(-2147483648, Math.min(2147483647, roundHalfAway(b / scale[scale.length === 1 ? 0 : c]))));
  return { data, quantization: { scale, zeroPoint: scale.map(() => 0), axis: 0 } };
}

/** Operators whose int8 kernels keep the input's scale and zero point on the output. */
// RELU6 too: TFLM's int8 RELU6 clamps in its input's quantization and never
// rescales (Relu6Prepare), so its output must be quantized like its input.
// MAXIMUM and MINIMUM compare stored values, so both inputs and the output
// share one quantization, as CONCATENATION's do; the shape operators copy bytes.
const SAME_AS_INPUT = new Set<Operator['kind']>(['MAX_POOL_2D', 'AVERAGE_POOL_2D', 'RESHAPE', 'PAD', 'CONCATENATION', 'RELU6',
  'MAXIMUM', 'MINIMUM', 'TRANSPOSE', 'SQUEEZE', 'EXPAND_DIMS', 'RESIZE_NEAREST_NEIGHBOR', 'RESIZE_BILINEAR']);
/** TANH's int8 output: [-1, 1) in steps of 1/128, as TFLite requires. */
const SYMMETRIC_UNIT: Quantization = { scale: [1 / 128], zeroPoint: [0], axis: 0 };

/**
 * Post-training quantization of a float32 graph to TFLite's int8 scheme:
 * activations int8 asymmetric per tensor from `ranges` (see `calibrate`);
 * conv, transposed conv and depthwise filters int8 symmetric per channel (or per tensor);
 * fully-connected weights int8 symmetric per tensor; biases int32 at
 * input_scale * weight_scale. Tensors that an int8 kernel cannot rescale
 * between (pooling, reshape, pad, concatenation) share one quantization,
 * covering the union of their ranges. Tensor indices are kept; with
 * io = 'float32', QUANTIZE / DEQUANTIZE tensors and operators are appended.
 */
export function quantizeGraph(graph: Graph, ranges: readonly (TensorRange | null)[], opts: QuantizeOptions = {}): Graph {
  const perChannel = opts.perChannel ?? true;
  const io = opts.io ?? 'int8';
  if (ranges.length !== graph.tensors.length) throw new GraphError('input', `${graph.name}: ${ranges.length} ranges for ${graph.tensors.length} tensors`);
  for (const t of graph.tensors) {
    if (t.dtype !== 'float32' && t.dtype !== 'int32') throw new GraphError('input', `${graph.name}: tensor ${t.name} is ${t.dtype}; quantizeGraph takes a float32 graph`);
  }

  // Tensors that must share a quantization, as a union-find forest.
  const parent = graph.tensors.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  for (const op of graph.operators) {
    if (!SAME_AS_INPUT.has(op.kind)) continue;
    const acts = op.kind === 'CONCATENATION' || op.kind === 'MAXIMUM' || op.kind === 'MINIMUM' ? op.inputs.filter((t) => graph.tensors[t].data === undefined) : [op.inputs[0]];
    for (const t of acts) parent[root(t)] = root(op.outputs[0]);
  }
  const fixed = new Map<number, Quantization>();
  for (const op of graph.operators) {
    if (op.kind === 'SOFTMAX' || op.kind === 'LOGISTIC') fixed.set(root(op.outputs[0]), UNIT_INTERVAL);
    if (op.kind === 'TANH') fixed.set(root(op.outputs[0]), SYMMETRIC_UNIT);
  }
  const groupRange = new Map<number, TensorRange>();
  graph.tensors.forEach((t, i) => {
    const r = ranges[i];
    if (t.data !== undefined || t.dtype !== 'float32') return;
    if (r === null || r === undefined) throw new GraphError('input', `${graph.name}: no calibration range for tensor ${i} (${t.name})`);
    const g = groupRange.get(root(i));
    groupRange.set(root(i), g === undefined ? { ...r } : { min: Math.min(g.min, r.min), max: Math.max(g.max, r.max) });
  });
  // TFLite's softmax kernel needs beta * input scale * 2^26 > 1 (softmaxParams); logits that
  // barely move (an untrained network) would give a smaller scale, so their range is widened.
  for (const op of graph.operators) {
    const g = op.kind === 'SOFTMAX' ? groupRange.get(root(op.inputs[0])) : undefined;
    if (op.kind !== 'SOFTMAX' || g === undefined) continue;
    // 256 rather than 255: the multiplier must be strictly above one, also after float32 rounding.
    const minSpan = 256 / (op.options.beta * 2 ** 26);
    if (g.max - g.min < minSpan) { const mid = (g.max + g.min) / 2; g.min = mid - minSpan / 2; g.max = mid + minSpan / 2; }
  }
  const activationQ = (i: number): Quantization => fixed.get(root(i)) ?? activationQuantization(groupRange.get(root(i)) as TensorRange);

  const tensors: TensorSpec[] = graph.tensors.map((t, i) => {
    if (t.dtype !== 'float32') return { ...t };
    if (t.data === undefined) return { name: t.name, shape: [...t.shape], dtype: 'int8', quantization: activationQ(i) };
    return { ...t };
  });
  const done = new Set<number>();
  for (const op of graph.operators) {
    const weighted = op.kind === 'CONV_2D' || op.kind === 'DEPTHWISE_CONV_2D' || op.kind === 'FULLY_CONNECTED' || op.kind === 'TRANSPOSE_CONV';
    // TRANSPOSE_CONV's inputs are [output shape, filter, input, bias]; the others' [input, weights, bias].
    const [inputAt, biasAt] = op.kind === 'TRANSPOSE_CONV' ? [2, 3] : [0, 2];
    op.inputs.forEach((t, j) => {
      if (t < 0 || graph.tensors[t].data === undefined || graph.tensors[t].dtype !== 'float32') return;
      if (done.has(t)) throw new GraphError('unsupported', `${graph.name}: constant ${graph.tensors[t].name} is used by two operators; quantize a graph with one use per constant`);
      done.add(t);
      const src = graph.tensors[t];
      const data = src.data as Float32Array;
      if (weighted && j === 1) {
        const axis = op.kind === 'FULLY_CONNECTED' || !perChannel ? null : op.kind === 'DEPTHWISE_CONV_2D' ? 3 : 0;
        const w = quantizeWeights(data, src.shape, axis);
        tensors[t] = { name: src.name, shape: [...src.shape], dtype: 'int8', data: w.data, quantization: w.quantization };
      } else if (weighted && j === biasAt) {
        // Inputs are visited in order, so the weights (input 1) are already int8 here.
        const inScale = (tensors[op.inputs[inputAt]].quantization as Quantization).scale[0];
        const b = quantizeBias(data, inScale, (tensors[op.inputs[1]].quantization as Quantization).scale);
        tensors[t] = { name: src.name, shape: [...src.shape], dtype: 'int32', data: b.data, quantization: b.quantization };
      } else {
        // A float constant fed to an activation operand (e.g. an ADD with a constant): int8 over its own range.
        let min = Infinity, max = -Infinity;
        for (const v of data) { min = Math.min(min, v); max = Math.max(max, v); }
        const q = activationQuantization({ min, max });
        const out = new Int8Array(data.length);
        for (let k = 0; k < data.length; k++) out[k] = Math.max(-128, Math.min(127, roundHalfAway(data[k] / q.scale[0]) + q.zeroPoint[0]));
        tensors[t] = { name: src.name, shape: [...src.shape], dtype: 'int8', data: out, quantization: q };
      }
    });
  }

  const operators: Operator[] = graph.operators.map((op) => ({ ...op, inputs: [...op.inputs], outputs: [...op.outputs], options: { ...op.options } }) as Operator);
  let inputs = [...graph.inputs];
  let outputs = [...graph.outputs];
  if (io === 'float32') {
    const pre: Operator[] = [];
    inputs = graph.inputs.map((t) => {
      const f = tensors.push({ name: `${graph.tensors[t].name}/float`, shape: [...graph.tensors[t].shape], dtype: 'float32' }) - 1;
      pre.push({ kind: 'QUANTIZE', inputs: [f], outputs: [t], options: {} });
      return f;
    });
    outputs = graph.outputs.map((t) => {
      const f = tensors.push({ name: `${graph.tensors[t].name}/float`, shape: [...graph.tensors[t].shape], dtype: 'float32' }) - 1;
      operators.push({ kind: 'DEQUANTIZE', inputs: [t], outputs: [f], options: {} });
      return f;
    });
    operators.unshift(...pre);
  }
  const result: Graph = { name: graph.name, description: `${graph.description}; int8 post-training quantization`, tensors, inputs, outputs, operators };
  validateGraph(result);
  return result;
}
