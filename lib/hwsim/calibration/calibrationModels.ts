import seedrandom from 'seedrandom';
import { convertModel } from '../../deploy/convert/convertModel.js';
import type { Graph, TensorSpec } from '../../ir/Graph.js';
import { GraphBuilder } from '../../ir/GraphBuilder.js';
import { tf } from '../../tf/tf.js';

/** One synthetic layer stack of the calibration set: input [h, w, c] and what follows. */
interface Spec {
  h: number; w: number; c: number;
  /** First conv: filters, kernel, stride, padding. */
  conv: [number, number, number, 'same' | 'valid'];
  /** Depthwise: kernel, stride, padding, depth multiplier. */
  dw: [number, number, 'same' | 'valid', number];
  pointwise: number;
  pool: 'max' | 'avg';
  dense: number;
  residual: boolean;
}

/*
 * Shapes picked to exercise every loop of every kernel (channel counts with
 * and without a multiple of 4, odd pixel and channel counts, padding on each
 * side, strides 1 and 2) while staying clear of the validation models' shapes
 * (MLPerf Tiny's 49x10x1 DS-CNN and 32x32x3 ResNet-8), which the cost models
 * must predict without having seen them.
 */
const SPECS: Spec[] = [
  { h: 12, w: 9, c: 1, conv: [12, 5, 1, 'same'], dw: [3, 1, 'same', 1], pointwise: 20, pool: 'avg', dense: 7, residual: false },
  { h: 15, w: 7, c: 3, conv: [8, 3, 2, 'same'], dw: [3, 1, 'valid', 1], pointwise: 13, pool: 'max', dense: 5, residual: false },
  { h: 20, w: 12, c: 4, conv: [24, 3, 1, 'same'], dw: [3, 2, 'same', 1], pointwise: 28, pool: 'avg', dense: 10, residual: false },
  { h: 9, w: 9, c: 8, conv: [20, 1, 1, 'valid'], dw: [3, 1, 'same', 1], pointwise: 20, pool: 'max', dense: 3, residual: true },
  { h: 14, w: 14, c: 6, conv: [16, 3, 1, 'valid'], dw: [5, 1, 'same', 1], pointwise: 24, pool: 'avg', dense: 9, residual: false },
  { h: 11, w: 13, c: 12, conv: [12, 3, 1, 'same'], dw: [3, 1, 'same', 1], pointwise: 12, pool: 'avg', dense: 6, residual: true },
  { h: 24, w: 6, c: 2, conv: [40, 8, 2, 'same'], dw: [3, 1, 'same', 1], pointwise: 36, pool: 'max', dense: 11, residual: false },
  { h: 10, w: 10, c: 20, conv: [28, 1, 2, 'valid'], dw: [3, 2, 'valid', 1], pointwise: 44, pool: 'avg', dense: 4, residual: false },
  { h: 8, w: 16, c: 5, conv: [9, 3, 1, 'same'], dw: [3, 1, 'same', 2], pointwise: 17, pool: 'max', dense: 8, residual: false },
  { h: 18, w: 18, c: 3, conv: [32, 5, 2, 'same'], dw: [3, 1, 'same', 1], pointwise: 48, pool: 'avg', dense: 12, residual: false },
  { h: 7, w: 21, c: 16, conv: [36, 3, 1, 'same'], dw: [3, 1, 'same', 1], pointwise: 36, pool: 'avg', dense: 15, residual: true },
  { h: 13, w: 5, c: 28, conv: [56, 1, 1, 'valid'], dw: [3, 1, 'same', 1], pointwise: 72, pool: 'max', dense: 2, residual: false },
  // Depth multipliers and large depthwise windows (the reference path), as in keyword-spotting front layers.
  { h: 30, w: 20, c: 1, conv: [1, 3, 1, 'same'], dw: [5, 2, 'same', 8], pointwise: 10, pool: 'avg', dense: 4, residual: false },
  { h: 16, w: 22, c: 2, conv: [2, 3, 1, 'same'], dw: [7, 2, 'same', 4], pointwise: 6, pool: 'max', dense: 3, residual: false },
  { h: 25, w: 13, c: 1, conv: [3, 1, 1, 'valid'], dw: [9, 1, 'same', 3], pointwise: 8, pool: 'avg', dense: 5, residual: false },
  // Late layers: few pixels, many channels (odd pixel counts take the 1x1 path's tail).
  { h: 5, w: 3, c: 48, conv: [80, 1, 1, 'valid'], dw: [3, 1, 'same', 1], pointwise: 120, pool: 'max', dense: 3, residual: false },
  { h: 3, w: 3, c: 100, conv: [132, 1, 1, 'valid'], dw: [3, 1, 'same', 1], pointwise: 200, pool: 'avg', dense: 6, residual: false },
  // Depthwise windows other than 3x3 with one filter per channel (the SIMD kernel's generic path, and NAS's 5x5
  // and 7x7 choices), with and without a channel tail.
  { h: 13, w: 11, c: 5, conv: [10, 3, 1, 'same'], dw: [5, 1, 'same', 1], pointwise: 14, pool: 'max', dense: 6, residual: false },
  { h: 19, w: 9, c: 2, conv: [24, 3, 1, 'same'], dw: [7, 1, 'same', 1], pointwise: 30, pool: 'avg', dense: 4, residual: false },
  { h: 16, w: 13, c: 3, conv: [13, 3, 1, 'valid'], dw: [5, 2, 'same', 1], pointwise: 18, pool: 'avg', dense: 7, residual: false },
  { h: 10, w: 17, c: 4, conv: [32, 1, 1, 'valid'], dw: [7, 2, 'valid', 1], pointwise: 40, pool: 'max', dense: 5, residual: false },
  { h: 6, w: 7, c: 20, conv: [44, 1, 1, 'valid'], dw: [5, 1, 'same', 1], pointwise: 52, pool: 'avg', dense: 3, residual: false },
  // Channel tails (channels % 4, taken one at a time) over windows, strides and map sizes, so their loops are told apart.
  { h: 16, w: 16, c: 2, conv: [6, 3, 1, 'same'], dw: [3, 1, 'same', 1], pointwise: 10, pool: 'avg', dense: 5, residual: false },
  { h: 20, w: 12, c: 3, conv: [7, 3, 2, 'same'], dw: [5, 1, 'same', 1], pointwise: 12, pool: 'max', dense: 4, residual: false },
  { h: 9, w: 23, c: 4, conv: [9, 1, 1, 'valid'], dw: [3, 2, 'same', 1], pointwise: 15, pool: 'avg', dense: 6, residual: false },
  { h: 12, w: 12, c: 1, conv: [3, 3, 1, 'same'], dw: [7, 1, 'same', 1], pointwise: 8, pool: 'max', dense: 3, residual: false },
  // More depth multipliers: CMSIS-NN runs multiples of 4 and the others through two different loops.
  { h: 20, w: 16, c: 2, conv: [2, 3, 1, 'same'], dw: [3, 2, 'valid', 8], pointwise: 12, pool: 'max', dense: 4, residual: false },
  { h: 12, w: 30, c: 3, conv: [3, 1, 1, 'valid'], dw: [5, 1, 'same', 4], pointwise: 9, pool: 'avg', dense: 6, residual: false },
  { h: 17, w: 11, c: 2, conv: [2, 3, 2, 'same'], dw: [3, 1, 'same', 2], pointwise: 10, pool: 'avg', dense: 3, residual: false },
  { h: 9, w: 27, c: 4, conv: [4, 1, 1, 'valid'], dw: [7, 2, 'same', 3], pointwise: 14, pool: 'max', dense: 5, residual: false },
  { h: 14, w: 10, c: 1, conv: [1, 3, 1, 'same'], dw: [9, 2, 'same', 4], pointwise: 8, pool: 'avg', dense: 4, residual: false },
  { h: 22, w: 8, c: 3, conv: [3, 1, 1, 'valid'], dw: [3, 1, 'valid', 8], pointwise: 16, pool: 'max', dense: 7, residual: false },
  { h: 11, w: 19, c: 3, conv: [3, 3, 1, 'same'], dw: [5, 2, 'valid', 2], pointwise: 11, pool: 'avg', dense: 5, residual: false },
];

function build(s: Spec, seed: number): tf.LayersModel {
  const init = () => tf.initializers.glorotUniform({ seed: seed++ });
  const input = tf.input({ shape: [s.h, s.w, s.c] });
  let x = tf.layers.conv2d({ filters: s.conv[0], kernelSize: s.conv[1], strides: s.conv[2], padding: s.conv[3], activation: 'relu', kernelInitializer: init() }).apply(input) as tf.SymbolicTensor;
  let y = tf.layers.depthwiseConv2d({ kernelSize: s.dw[0], strides: s.dw[1], padding: s.dw[2], depthMultiplier: s.dw[3], activation: 'relu', depthwiseInitializer: init() }).apply(x) as tf.SymbolicTensor;
  y = tf.layers.conv2d({ filters: s.residual ? s.conv[0] : s.pointwise, kernelSize: 1, kernelInitializer: init() }).apply(y) as tf.SymbolicTensor;
  x = s.residual ? tf.layers.add().apply([x, y]) as tf.SymbolicTensor : y;
  x = (s.pool === 'max' ? tf.layers.maxPooling2d({ poolSize: 2 }) : tf.layers.averagePooling2d({ poolSize: 2, padding: 'same' })).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: s.dense, activation: 'softmax', kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

/** A stack for the less common kernels: zero padding, a concatenated branch, a standalone ReLU, global average pooling (MEAN), a sigmoid dense layer (LOGISTIC). */
interface ExtraSpec {
  h: number; w: number; c: number;
  pad: [[number, number], [number, number]];
  filters: number;
  branch: number;
  dense: number;
}

const EXTRAS: ExtraSpec[] = [
  { h: 10, w: 7, c: 3, pad: [[1, 1], [1, 1]], filters: 8, branch: 5, dense: 3 },
  { h: 6, w: 15, c: 2, pad: [[0, 2], [1, 0]], filters: 12, branch: 4, dense: 6 },
  { h: 13, w: 11, c: 5, pad: [[2, 1], [0, 1]], filters: 6, branch: 10, dense: 2 },
  { h: 17, w: 9, c: 1, pad: [[1, 0], [2, 2]], filters: 16, branch: 8, dense: 9 },
  { h: 8, w: 8, c: 7, pad: [[1, 2], [2, 1]], filters: 20, branch: 12, dense: 5 },
  { h: 19, w: 5, c: 4, pad: [[3, 0], [0, 3]], filters: 10, branch: 14, dense: 11 },
];

function buildExtra(s: ExtraSpec, seed: number): tf.LayersModel {
  const init = () => tf.initializers.glorotUniform({ seed: seed++ });
  const input = tf.input({ shape: [s.h, s.w, s.c] });
  let x = tf.layers.zeroPadding2d({ padding: s.pad }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: s.filters, kernelSize: 3, padding: 'valid', kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
  const b = tf.layers.conv2d({ filters: s.branch, kernelSize: 1, kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.concatenate().apply([x, b]) as tf.SymbolicTensor;
  x = tf.layers.reLU().apply(x) as tf.SymbolicTensor;
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: s.dense, activation: 'sigmoid', kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

function convertSeeded(model: tf.LayersModel, size: number, seed: string, name: string): Graph {
  const rng = seedrandom(seed);
  const samples = Array.from({ length: 8 }, () => Float32Array.from({ length: size }, () => rng() * 2 - 1));
  const graph = convertModel(model, { calibration: samples, name }).int8;
  model.dispose();
  return graph;
}

/** A chain of the operators published models add (issue 24), on input [1, h, w, c]; `flat`: MUL and SUB take full-shape constants instead of broadcast ones. */
interface CoverageSpec {
  h: number; w: number; c: number;
  flat: boolean;
  alpha: number;
}

const COVERAGE: CoverageSpec[] = [
  { h: 6, w: 5, c: 8, flat: false, alpha: 0.2 },
  { h: 9, w: 4, c: 3, flat: true, alpha: 0.1 },
  { h: 4, w: 12, c: 16, flat: false, alpha: 0.3 },
  { h: 7, w: 7, c: 5, flat: true, alpha: 0.05 },
  { h: 3, w: 20, c: 2, flat: false, alpha: 0.25 },
  { h: 10, w: 6, c: 12, flat: true, alpha: 0.15 },
  { h: 5, w: 9, c: 6, flat: false, alpha: 0.12 },
  { h: 8, w: 3, c: 10, flat: true, alpha: 0.22 },
];

/**
 * LEAKY_RELU, MUL and SUB by constants, MAXIMUM and MINIMUM against broadcast
 * constants, TRANSPOSE to NCHW, SQUEEZE, EXPAND_DIMS and a broadcasting ADD,
 * built directly as an int8 graph (tfjs has no layer for most of them) with
 * seeded constants and float32 scales.
 */
function buildCoverage(s: CoverageSpec, seed: string): Graph {
  const rng = seedrandom(seed);
  const b = new GraphBuilder(seed);
  const q = (scale: number, zeroPoint: number) => ({ scale: [Math.fround(scale)], zeroPoint: [zeroPoint], axis: 0 });
  let n = 0;
  const act = (shape: number[], scale: number, zp: number): number => b.tensor({ name: `t${n++}`, shape, dtype: 'int8', quantization: q(scale, zp) });
  const constant = (shape: number[], scale: number, zp: number): number => b.tensor({
    name: `c${n++}`, shape, dtype: 'int8', quantization: q(scale, zp),
    data: Int8Array.from({ length: shape.reduce((x, y) => x * y, 1) }, () => Math.floor(rng() * 256) - 128),
  });
  const ints = (values: number[]): number => b.tensor({ name: `i${n++}`, shape: [values.length], dtype: 'int32', data: Int32Array.from(values) } satisfies TensorSpec);
  const { h, w, c } = s;
  const x = act([1, h, w, c], 0.05, -10);
  const l = act([1, h, w, c], 0.04, -60);
  b.op({ kind: 'LEAKY_RELU', inputs: [x], outputs: [l], options: { alpha: Math.fround(s.alpha) } });
  const th = act([1, h, w, c], 1 / 128, 0);
  b.op({ kind: 'TANH', inputs: [l], outputs: [th], options: {} });
  const ls = act([1, h, w, c], 16 / 256, 127);
  b.op({ kind: 'LOG_SOFTMAX', inputs: [th], outputs: [ls], options: {} });
  const m = act([1, h, w, c], 0.03, -5);
  b.op({ kind: 'MUL', inputs: [ls, constant(s.flat ? [1, h, w, c] : [c], 0.02, 0)], outputs: [m], options: { activation: 'NONE' } });
  const d = act([1, h, w, c], 0.05, 3);
  b.op({ kind: 'SUB', inputs: [m, constant(s.flat ? [1, h, w, c] : [1, 1, w, 1], 0.04, 2)], outputs: [d], options: { activation: 'NONE' } });
  // PRELU on SUB's output, which takes both signs: its two branches cost differently.
  const pr = act([1, h, w, c], 0.05, 3);
  b.op({ kind: 'PRELU', inputs: [d, constant(s.flat ? [1, h, w, c] : [1, 1, c], 0.01, 0)], outputs: [pr], options: {} });
  const sd = act([1, h, w, c], 0.05, 3);
  b.op({ kind: 'SQUARED_DIFFERENCE', inputs: [pr, constant(s.flat ? [1, h, w, c] : [1, h, 1, c], 0.05, 0)], outputs: [sd], options: {} });
  const mx = act([1, h, w, c], 0.05, 3);
  b.op({ kind: 'MAXIMUM', inputs: [sd, constant(s.flat ? [1, h, w, c] : [1, 1, 1, c], 0.05, 3)], outputs: [mx], options: {} });
  const mn = act([1, h, w, c], 0.05, 3);
  b.op({ kind: 'MINIMUM', inputs: [mx, constant(s.flat ? [1, h, w, c] : [1, h, 1, 1], 0.05, 3)], outputs: [mn], options: {} });
  const t = act([1, c, h, w], 0.05, 3);
  b.op({ kind: 'TRANSPOSE', inputs: [mn, ints([0, 3, 1, 2])], outputs: [t], options: {} });
  const sq = act([c, h, w], 0.05, 3);
  b.op({ kind: 'SQUEEZE', inputs: [t], outputs: [sq], options: { squeezeDims: [0] } });
  const e = act([1, c, h, w], 0.05, 3);
  b.op({ kind: 'EXPAND_DIMS', inputs: [sq, ints([0])], outputs: [e], options: {} });
  const y = act([1, c, h, w], 0.06, -2);
  b.op({ kind: 'ADD', inputs: [e, constant([1, c, 1, 1], 0.03, 1)], outputs: [y], options: { activation: 'RELU' } });
  // Resized as NHWC [1, c, h, w]: c rows, h columns, w channels.
  const size = [s.flat ? 2 * c : c + 3, s.flat ? h + 1 : 2 * h];
  const r = act([1, ...size, w], 0.06, -2);
  b.op({ kind: 'RESIZE_NEAREST_NEIGHBOR', inputs: [y, ints(size)], outputs: [r], options: { alignCorners: s.flat, halfPixelCenters: !s.flat } });
  const cut = [1, size[0] - 1, size[1], w - 1];
  const sl = act(cut, 0.06, -2);
  b.op({ kind: 'SLICE', inputs: [r, ints([0, 1, 0, 0]), ints(cut)], outputs: [sl], options: {} });
  const strided = [1, Math.ceil(cut[1] / 2), cut[2], cut[3]];
  const st = act(strided, 0.06, -2);
  b.op({ kind: 'STRIDED_SLICE', inputs: [sl, ints([0, 0, 0, -1]), ints([1, cut[1], cut[2], 0]), ints([1, 2, 1, -1])], outputs: [st],
    options: { beginMask: 0, endMask: 0b1000, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0, offset: false } });
  const packed = act([1, 2, ...strided.slice(1)], 0.06, -2);
  b.op({ kind: 'PACK', inputs: [st, constant(strided, 0.06, -2)], outputs: [packed], options: { valuesCount: 2, axis: 1 } });
  // Rows picked (with repeats) along axis 3 of the packed [1, 2, rows, cols, channels].
  const picks = Array.from({ length: s.flat ? strided[2] + 2 : Math.max(1, strided[2] - 1) }, (_, k) => (k * 7) % strided[2]);
  const gathered = act([1, 2, strided[1], picks.length, strided[3]], 0.06, -2);
  b.op({ kind: 'GATHER', inputs: [packed, ints(picks)], outputs: [gathered], options: { axis: 3, batchDims: 0 } });
  return b.build([x], [gathered]);
}

/**
 * A chain of the upsampling and matrix operators (HARD_SWISH, RESIZE_BILINEAR
 * to `size`, TRANSPOSE_CONV k x k with `stride` to `oc` channels,
 * BATCH_MATMUL by a constant [oc, n], SUM over the width) on input [1, h, w, c].
 */
interface UpsamplingSpec {
  h: number; w: number; c: number;
  size: [number, number];
  corners: 'align' | 'half' | 'none';
  k: number; stride: number; oc: number;
  n: number;
}

const UPSAMPLING: UpsamplingSpec[] = [
  { h: 4, w: 4, c: 4, size: [6, 6], corners: 'half', k: 3, stride: 2, oc: 6, n: 5 },
  { h: 6, w: 3, c: 8, size: [4, 7], corners: 'align', k: 2, stride: 2, oc: 4, n: 9 },
  { h: 3, w: 5, c: 2, size: [7, 9], corners: 'none', k: 3, stride: 1, oc: 8, n: 3 },
  { h: 8, w: 8, c: 3, size: [5, 5], corners: 'half', k: 4, stride: 2, oc: 3, n: 12 },
  { h: 5, w: 2, c: 12, size: [10, 4], corners: 'none', k: 1, stride: 1, oc: 10, n: 6 },
  { h: 2, w: 6, c: 6, size: [3, 12], corners: 'align', k: 5, stride: 1, oc: 5, n: 4 },
  { h: 7, w: 7, c: 5, size: [7, 7], corners: 'half', k: 3, stride: 3, oc: 2, n: 16 },
  { h: 4, w: 9, c: 1, size: [8, 9], corners: 'none', k: 2, stride: 1, oc: 12, n: 2 },
  { h: 3, w: 3, c: 16, size: [4, 4], corners: 'align', k: 3, stride: 2, oc: 8, n: 8 },
  { h: 6, w: 4, c: 7, size: [5, 8], corners: 'half', k: 2, stride: 3, oc: 3, n: 10 },
];

function buildUpsampling(s: UpsamplingSpec, seed: string): Graph {
  const rng = seedrandom(seed);
  const b = new GraphBuilder(seed);
  const f = Math.fround;
  const q = (scale: number, zeroPoint: number) => ({ scale: [f(scale)], zeroPoint: [zeroPoint], axis: 0 });
  let n = 0;
  const act = (shape: number[], scale: number, zp: number): number => b.tensor({ name: `t${n++}`, shape, dtype: 'int8', quantization: q(scale, zp) });
  const bytes = (count: number, span: number) => Int8Array.from({ length: count }, () => Math.floor(rng() * (2 * span + 1)) - span);
  const ints = (values: number[]): number => b.tensor({ name: `i${n++}`, shape: [values.length], dtype: 'int32', data: Int32Array.from(values) } satisfies TensorSpec);
  const x = act([1, s.h, s.w, s.c], 0.05, -10);
  const hs = act([1, s.h, s.w, s.c], 0.04, -40);
  b.op({ kind: 'HARD_SWISH', inputs: [x], outputs: [hs], options: {} });
  const rb = act([1, ...s.size, s.c], 0.04, -40);
  b.op({ kind: 'RESIZE_BILINEAR', inputs: [hs, ints(s.size)], outputs: [rb], options: { alignCorners: s.corners === 'align', halfPixelCenters: s.corners === 'half' } });
  const outShape = [1, s.size[0] * s.stride, s.size[1] * s.stride, s.oc];
  const wScales = Array.from({ length: s.oc }, () => f(0.005 + 0.01 * rng()));
  const filter = b.tensor({ name: `w${n++}`, shape: [s.oc, s.k, s.k, s.c], dtype: 'int8', quantization: { scale: wScales, zeroPoint: wScales.map(() => 0), axis: 0 }, data: bytes(s.oc * s.k * s.k * s.c, 127) });
  const bias = b.tensor({ name: `b${n++}`, shape: [s.oc], dtype: 'int32', quantization: { scale: wScales.map((w) => f(0.04 * w)), zeroPoint: wScales.map(() => 0), axis: 0 }, data: Int32Array.from({ length: s.oc }, () => Math.floor(rng() * 2000) - 1000) });
  const tc = act(outShape, 0.1, 0);
  b.op({ kind: 'TRANSPOSE_CONV', inputs: [ints(outShape), filter, rb, bias], outputs: [tc], options: { padding: 'SAME', strideH: s.stride, strideW: s.stride, activation: 'RELU' } });
  const rhs = b.tensor({ name: `m${n++}`, shape: [s.oc, s.n], dtype: 'int8', quantization: q(0.02, 0), data: bytes(s.oc * s.n, 127) });
  const bm = act([...outShape.slice(0, 3), s.n], 0.15, -4);
  b.op({ kind: 'BATCH_MATMUL', inputs: [tc, rhs], outputs: [bm], options: { adjX: false, adjY: false } });
  const sum = act([1, outShape[1], 1, s.n], 0.6, 0);
  b.op({ kind: 'SUM', inputs: [bm, ints([2])], outputs: [sum], options: { keepDims: true } });
  return b.build([x], [sum]);
}

/** One SVDF layer on [batch, input]: `filters` of `memory` steps, `rank` per unit, int16 or int8 state. */
interface SvdfSpec {
  batch: number; input: number; filters: number; memory: number; rank: number; state: 'int16' | 'int8';
}

const SVDFS: SvdfSpec[] = [
  ...[[1, 40, 16, 10, 1], [1, 20, 64, 8, 2], [2, 32, 24, 12, 1], [1, 64, 32, 4, 4], [1, 10, 96, 16, 1], [3, 16, 12, 20, 3], [1, 100, 8, 30, 1], [2, 8, 40, 6, 2]]
    .map(([batch, input, filters, memory, rank]) => ({ batch, input, filters, memory, rank, state: 'int16' as const })),
  ...[[1, 24, 16, 8, 1], [1, 48, 30, 5, 3], [2, 12, 20, 10, 2], [1, 80, 12, 16, 1], [1, 16, 48, 6, 1], [3, 30, 10, 12, 2], [1, 8, 64, 3, 4], [2, 60, 18, 9, 1]]
    .map(([batch, input, filters, memory, rank]) => ({ batch, input, filters, memory, rank, state: 'int8' as const })),
];

/** An int8 SVDF alone (its state a variable tensor), with seeded weights and TFLM's bias scale. */
function buildSvdf(s: SvdfSpec, seed: string): Graph {
  const rng = seedrandom(seed);
  const b = new GraphBuilder(seed);
  const f = Math.fround;
  const q = (scale: number, zeroPoint: number) => ({ scale: [f(scale)], zeroPoint: [zeroPoint], axis: 0 });
  const wide = s.state === 'int16';
  const [stateScale, timeScale, span] = wide ? [1 / 1024, 1 / 32768, 32767] : [0.5, 0.01, 127];
  const ints = (n: number, m: number) => Array.from({ length: n }, () => Math.floor(rng() * (2 * m + 1)) - m);
  const x = b.tensor({ name: 'input', shape: [s.batch, s.input], dtype: 'int8', quantization: q(0.05, -3) });
  const feature = b.tensor({ name: 'weights_feature', shape: [s.filters, s.input], dtype: 'int8', quantization: q(0.01, 0), data: Int8Array.from(ints(s.filters * s.input, 127)) });
  const time = b.tensor({ name: 'weights_time', shape: [s.filters, s.memory], dtype: s.state, quantization: q(timeScale, 0), data: wide ? Int16Array.from(ints(s.filters * s.memory, span)) : Int8Array.from(ints(s.filters * s.memory, span)) });
  const units = s.filters / s.rank;
  const bias = b.tensor({ name: 'bias', shape: [units], dtype: 'int32', quantization: q(f(stateScale * timeScale), 0), data: Int32Array.from(ints(units, 10000)) });
  const state = b.tensor({ name: 'state', shape: [s.batch, s.filters * s.memory], dtype: s.state, quantization: q(stateScale, wide ? 0 : 2), variable: true });
  const y = b.tensor({ name: 'output', shape: [s.batch, units], dtype: 'int8', quantization: q(0.5, 5) });
  b.op({ kind: 'SVDF', inputs: [x, feature, time, bias, state], outputs: [y], options: { rank: s.rank, activation: 'NONE' } });
  return b.build([x], [y]);
}

/** One int8 LSTM (8x8->16): [batch, time, inputs] to `units`, batch-major, cell state at 2^-11. */
interface LstmSpec {
  batch: number; time: number; inputs: number; units: number;
}

const LSTMS: LstmSpec[] = [[1, 8, 16, 12], [1, 4, 40, 8], [2, 5, 10, 20], [1, 12, 6, 32], [3, 3, 24, 16], [1, 6, 64, 4], [2, 10, 8, 10], [1, 2, 32, 48]]
  .map(([batch, time, inputs, units]) => ({ batch, time, inputs, units }));

/** An int8 UNIDIRECTIONAL_SEQUENCE_LSTM alone (its states variable tensors), with seeded weights off saturation. */
function buildLstm(s: LstmSpec, seed: string): Graph {
  const rng = seedrandom(seed);
  const b = new GraphBuilder(seed);
  const f = Math.fround;
  const q = (scale: number, zeroPoint = 0) => ({ scale: [f(scale)], zeroPoint: [zeroPoint], axis: 0 });
  const ints = (n: number, m: number) => Array.from({ length: n }, () => Math.floor(rng() * (2 * m + 1)) - m);
  const x = b.tensor({ name: 'input', shape: [s.batch, s.time, s.inputs], dtype: 'int8', quantization: q(0.05, -3) });
  const weights = (rows: number, cols: number, scale: number, name: string) => b.tensor({ name, shape: [rows, cols], dtype: 'int8', quantization: q(scale), data: Int8Array.from(ints(rows * cols, 127)) });
  const w = [0, 1, 2, 3].map((k) => weights(s.units, s.inputs, 0.003 * Math.sqrt(8 / s.inputs), `w${k}`));
  const r = [0, 1, 2, 3].map((k) => weights(s.units, s.units, 0.006 * Math.sqrt(6 / s.units), `r${k}`));
  const biasScale = f(0.05 * f(0.003 * Math.sqrt(8 / s.inputs)));
  const bias = [0, 1, 2, 3].map((k) => b.tensor({ name: `b${k}`, shape: [s.units], dtype: 'int32', quantization: q(biasScale), data: Int32Array.from(ints(s.units, Math.round(1.5 / biasScale))) }));
  const hidden = b.tensor({ name: 'hidden', shape: [s.batch, s.units], dtype: 'int8', quantization: q(1 / 128, 2), variable: true });
  const cell = b.tensor({ name: 'cell', shape: [s.batch, s.units], dtype: 'int16', quantization: q(2 ** -11), variable: true });
  const y = b.tensor({ name: 'output', shape: [s.batch, s.time, s.units], dtype: 'int8', quantization: q(1 / 128, 2) });
  b.op({ kind: 'UNIDIRECTIONAL_SEQUENCE_LSTM', inputs: [x, ...w, ...r, -1, -1, -1, ...bias, -1, -1, hidden, cell, -1, -1, -1, -1], outputs: [y], options: { cellClip: 0, timeMajor: false } });
  return b.build([x], [y]);
}

/**
 * The calibration set of the generated-C cost models: 24 small int8 graphs
 * (conv, depthwise, pointwise, add, pooling, dense, softmax), 6 of the
 * less common kernels (pad, concatenation, requantizing ReLU, mean,
 * logistic), built from seeded tfjs models and converted with seeded
 * calibration inputs, and 8 chains of the operators published models add
 * (broadcasting arithmetic, SQUARED_DIFFERENCE, PRELU, LEAKY_RELU, TANH, LOG_SOFTMAX, TRANSPOSE, SQUEEZE, EXPAND_DIMS, SLICE, STRIDED_SLICE, PACK, GATHER,
 * RESIZE_NEAREST_NEIGHBOR), 10 of HARD_SWISH, RESIZE_BILINEAR,
 * TRANSPOSE_CONV, BATCH_MATMUL and SUM, 16 SVDF layers (int16 and int8
 * state) and 8 LSTM layers, so the same graphs come out every time. Needs tfReady() first.
 */
export function calibrationGraphs(): Graph[] {
  return [...convertedCalibrationGraphs(), ...coverageCalibrationGraphs()];
}

/** The calibration graphs converted from seeded tfjs models, as varied as the models they are applied to. Needs tfReady() first. */
export function convertedCalibrationGraphs(): Graph[] {
  return [
    ...SPECS.map((s, i) => convertSeeded(build(s, 100 * i + 1), s.h * s.w * s.c, `hwsim calibration ${i}`, `calibration-${i}`)),
    ...EXTRAS.map((s, i) => convertSeeded(buildExtra(s, 5000 + 100 * i), s.h * s.w * s.c, `hwsim calibration extra ${i}`, `calibration-extra-${i}`)),
  ];
}

/** The calibration set's chains of the operators published models add, built directly as int8 graphs (no tfjs needed). */
export function coverageCalibrationGraphs(): Graph[] {
  return [
    ...COVERAGE.map((s, i) => buildCoverage(s, `calibration-coverage-${i}`)),
    ...UPSAMPLING.map((s, i) => buildUpsampling(s, `calibration-upsampling-${i}`)),
    ...SVDFS.map((s, i) => buildSvdf(s, `calibration-svdf-${i}`)),
    ...LSTMS.map((s, i) => buildLstm(s, `calibration-lstm-${i}`)),
  ];
}
