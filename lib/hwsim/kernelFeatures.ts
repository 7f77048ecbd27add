import type { Strides6 } from '../ir/kernels/broadcast.js';
import type { MatmulGeometry } from '../ir/kernels/batchMatmul.js';
import type { ConvGeometry } from '../ir/kernels/conv2d.js';
import type { BilinearGeometry } from '../ir/kernels/resizeBilinear.js';
import type { SvdfGeometry } from '../ir/kernels/svdf.js';
import type { LstmGeometry } from '../ir/kernels/sequenceLstm.js';
import type { FcGeometry } from '../ir/kernels/fullyConnected.js';
import type { GatherGeometry } from '../ir/kernels/gather.js';
import type { PoolGeometry } from '../ir/kernels/pool2d.js';

/** The kernel implementations the cost models describe: the generated C's two sets, and the same code calling Arm's CMSIS-NN. */
export type KernelImpl = 'reference' | 'simd' | 'cmsis-nn';

/**
 * What a cost model needs to know about one layer: its kernel and geometry,
 * no weights. Every `KernelPlan` (lib/ir/kernels) is one, and so is a layer an
 * architecture search describes without building a graph.
 */
export type CostedLayer =
  | { kernel: 'conv2d' | 'depthwise_conv2d'; g: ConvGeometry }
  | { kernel: 'fully_connected'; g: FcGeometry; weightOffset: number }
  | { kernel: 'transpose_conv'; g: ConvGeometry }
  | { kernel: 'batch_matmul'; g: MatmulGeometry }
  | { kernel: 'hard_swish'; count: number }
  | { kernel: 'svdf'; g: SvdfGeometry; stateBits: 16 | 8 }
  | { kernel: 'lstm'; g: LstmGeometry }
  | { kernel: 'resize_bilinear'; g: BilinearGeometry }
  | { kernel: 'average_pool2d' | 'max_pool2d'; g: PoolGeometry }
  | { kernel: 'add' | 'logistic' | 'tanh' | 'requantize'; count: number }
  | { kernel: 'binary'; op: 'add' | 'sub' | 'mul' | 'maximum' | 'minimum' | 'squared_difference' | 'prelu'; count: number; broadcast: Strides6 | null }
  | { kernel: 'leaky_relu'; count: number }
  | { kernel: 'strided_copy'; parts: { count: number; strides: Strides6 }[] }
  | { kernel: 'gather'; g: GatherGeometry }
  | { kernel: 'resize_nearest'; batch: number; channels: number; rows: number[]; cols: number[] }
  | { kernel: 'softmax' | 'log_softmax'; rows: number; depth: number }
  | { kernel: 'mean'; outer: number; reduce: number; inner: number }
  | { kernel: 'pad'; inShape: number[]; outShape: number[] }
  | { kernel: 'copy'; bytes: number }
  | { kernel: 'concatenation'; outer: number; blockSizes: number[] };

/**
 * One layer as loop-iteration counts of one C implementation: `model` names
 * the loop nest (e.g. "conv2d/simd"), `features` how many times each of its
 * loop bodies runs. A cost model multiplies them by instructions per body.
 */
export interface KernelFeatures {
  model: string;
  features: Record<string, number>;
}

/** Sum over output rows of how many filter rows fall inside the image (and the same for columns). */
function validSpan(out: number, stride: number, pad: number, k: number, dilation: number, size: number): number {
  let sum = 0;
  for (let o = 0; o < out; o++) {
    const i0 = o * stride - pad;
    for (let j = 0; j < k; j++) {
      const i = i0 + j * dilation;
      if (i >= 0 && i < size) sum++;
    }
  }
  return sum;
}

/** How many output positions have their whole k-window inside the image along one axis. */
function interiorCount(out: number, stride: number, pad: number, k: number, size: number): number {
  let n = 0;
  for (let o = 0; o < out; o++) {
    const i0 = o * stride - pad;
    if (i0 >= 0 && i0 + k <= size) n++;
  }
  return n;
}

/**
 * Per output row (or column) of a transposed convolution, how many filter
 * rows land on an input row (tinyml_transpose_conv_s8 gathers them), summed.
 */
function transposeSpan(out: number, stride: number, pad: number, k: number, size: number): number {
  let sum = 0;
  for (let o = 0; o < out; o++) {
    for (let j = 0; j < k; j++) {
      const n = o + pad - j;
      if (n >= 0 && n % stride === 0 && n / stride < size) sum++;
    }
  }
  return sum;
}

function referenceConv(g: ConvGeometry, depthwise: boolean): Record<string, number> {
  const rows = validSpan(g.outH, g.strideH, g.padTop, g.kH, g.dilationH, g.inH);
  const cols = validSpan(g.outW, g.strideW, g.padLeft, g.kW, g.dilationW, g.inW);
  const pixels = g.batch * g.outH * g.outW;
  const outputs = pixels * g.outC;
  const taps = g.batch * g.outC * rows * cols;
  return {
    call: 1,
    pixels,
    outputs,
    rowIterations: outputs * g.kH,
    columnIterations: g.batch * g.outC * rows * g.outW * g.kW,
    taps,
    macs: depthwise ? 0 : taps * g.inC,
  };
}

/** Loop counts of mat_mult in tinyml_kernels_simd.c for `columns` columns of length k against `rows` filter rows. */
function matMult(columns: number, rows: number, k: number): Record<string, number> {
  const pairs = Math.floor(columns / 2), single = columns % 2;
  const rowPairs = Math.floor(rows / 2), oddRow = rows % 2;
  const groups = Math.floor(k / 4), tail = k % 4;
  const blocks = pairs * rowPairs; // 2 columns x 2 rows
  const halfBlocks = single * rowPairs; // 1 column x 2 rows
  const dots = (pairs * 2 + single) * oddRow; // 1 column x 1 row
  return {
    columnPasses: pairs + single,
    blocks,
    blockGroups: blocks * groups,
    // The pair loop takes eight terms per iteration, then a last four on its own.
    blockOddGroups: blocks * (groups % 2),
    blockTail: blocks * tail,
    halfBlocks,
    halfBlockGroups: halfBlocks * groups,
    halfBlockTail: halfBlocks * tail,
    dots,
    dotGroups: dots * groups,
    dotTail: dots * tail,
  };
}

function simdConv(g: ConvGeometry): Record<string, number> {
  const pixels = g.batch * g.outH * g.outW;
  const k = g.kH * g.kW * g.inC;
  const pointwise = g.kH === 1 && g.kW === 1 && g.padTop === 0 && g.padLeft === 0
    && (g.outH - 1) * g.strideH < g.inH && (g.outW - 1) * g.strideW < g.inW;
  const f: Record<string, number> = { call: 1, pixels, outputs: pixels * g.outC, ...matMult(pixels, g.outC, k) };
  if (pointwise) {
    f.widenGroups = pixels * Math.floor(g.inC / 4);
    f.widenTail = pixels * (g.inC % 4);
  } else {
    const rows = validSpan(g.outH, g.strideH, g.padTop, g.kH, g.dilationH, g.inH);
    const cols = validSpan(g.outW, g.strideW, g.padLeft, g.kW, g.dilationW, g.inW);
    const validTaps = g.batch * rows * cols, allTaps = pixels * g.kH * g.kW;
    f.im2colTaps = allTaps;
    if (g.inC % 4 === 0) {
      f.widenGroups = validTaps * (g.inC / 4);
      f.zeroWords = (allTaps - validTaps) * (g.inC / 2);
    } else {
      f.scalarElements = allTaps * g.inC;
    }
  }
  return f;
}

function simdDepthwise(g: ConvGeometry): Record<string, number> {
  // The loops of tinyml_depthwise_conv2d_s8_simd: groups of four channels outside
  // (each sets up its requantization, and for 3x3 its weights and folded bias), then
  // rows and pixels; tail channels one at a time the same way.
  const pixels = g.batch * g.outH * g.outW;
  const groups = Math.floor(g.inC / 4), tail = g.inC % 4;
  const three = g.kH === 3 && g.kW === 3;
  const interior = three
    ? g.batch * interiorCount(g.outH, g.strideH, g.padTop, 3, g.inH) * interiorCount(g.outW, g.strideW, g.padLeft, 3, g.inW)
    : 0;
  const rows = validSpan(g.outH, g.strideH, g.padTop, g.kH, 1, g.inH);
  const cols = validSpan(g.outW, g.strideW, g.padLeft, g.kW, 1, g.inW);
  const allTaps = g.batch * rows * cols;
  const edgeTaps = allTaps - interior * 9;
  const edgeRows = g.batch * rows * g.outW - interior * 3;
  return {
    call: 1,
    // Disjoint, so the fit can tell a 3x3 group's setup (weights sign-extended, bias folded) from another window's
    // (requantization constants only): overlapping counts were collinear on graphs that are mostly 3x3.
    plainGroups: three ? 0 : groups,
    preparedGroups: three ? groups : 0,
    groupRows: groups * g.batch * g.outH,
    groups: pixels * groups,
    interiorGroups: interior * groups,
    edgeGroups: (pixels - interior) * groups,
    edgeGroupRows: edgeRows * groups,
    edgeGroupTaps: edgeTaps * groups,
    tail,
    tailRows: tail * g.batch * g.outH,
    tailChannels: pixels * tail,
    tailTapRows: g.batch * rows * g.outW * tail,
    tailTaps: allTaps * tail,
  };
}

/**
 * Loop counts of CMSIS-NN's arm_nn_mat_mult_nt_t_s8 (DSP path), `calls` times
 * over `lhsRows` input rows (pixels) against `rhsRows` filter rows of k terms:
 * filter rows in pairs (each pair first sums its weights for the input
 * offset), input rows in pairs within them, k in steps of 16, then 4, then 1;
 * an odd input row and an odd filter row each take their own loops.
 */
function cmsisMatMultNtT(lhsRows: number, rhsRows: number, k: number, calls: number): Record<string, number> {
  const rowPairs = Math.floor(rhsRows / 2), oddRow = rhsRows % 2;
  const pixelPairs = Math.floor(lhsRows / 2), oddPixel = lhsRows % 2;
  const k16 = Math.floor(k / 16), k4 = Math.floor((k % 16) / 4), k1 = k % 4;
  const blocks = rowPairs * pixelPairs, halves = rowPairs * oddPixel;
  return {
    call: calls,
    rowPairs: calls * rowPairs,
    offsetSums: calls * rowPairs * k,
    blocks: calls * blocks, blockK16: calls * blocks * k16, blockK4: calls * blocks * k4, blockK1: calls * blocks * k1,
    halves: calls * halves, halfK16: calls * halves * k16, halfK4: calls * halves * k4, halfK1: calls * halves * k1,
    oddRowDots: calls * oddRow * lhsRows, oddRowTerms: calls * oddRow * lhsRows * k,
  };
}

/** Counts common to CMSIS-NN's convolution paths: how much is done per pixel, per output and per MAC, and the dot products' tails. */
function cmsisConvCounts(g: ConvGeometry, k: number): Record<string, number> {
  const pixels = g.outH * g.outW, outputs = pixels * g.outC;
  return { call: 1, pixels, outputs, macs: outputs * k, dotTails: outputs * (k % 4), channelPairs: pixels * Math.floor(g.outC / 2) };
}

/**
 * Which CMSIS-NN function a layer reaches through TFLite Micro's wrappers and
 * its loop counts (CMSIS-NN 4ab83cc3, Arm's DSP paths): arm_convolve_wrapper_s8
 * picks the unit-stride 1x1 path, the strided 1x1, the 1xN row path or the
 * im2col path; arm_depthwise_conv_wrapper_s8 the 3x3 path, the optimised path
 * (depth multiplier 1) or the generic one. Batches above 1 run the reference
 * kernels, as the code generator does.
 */
function cmsisConv(g: ConvGeometry): KernelFeatures {
  const k = g.kH * g.kW * g.inC;
  const base = cmsisConvCounts(g, k);
  const oneByOne = g.kH === 1 && g.kW === 1 && g.padTop === 0 && g.padLeft === 0 && g.dilationH === 1 && g.dilationW === 1;
  // Both 1x1 paths are arm_nn_mat_mult_nt_t_s8: once over all pixels, or once per output row when strided.
  if (oneByOne && g.strideH === 1 && g.strideW === 1) return { model: 'conv2d/cmsis-nn-1x1', features: cmsisMatMultNtT(base.pixels, g.outC, k, 1) };
  if (oneByOne) return { model: 'conv2d/cmsis-nn-1x1', features: cmsisMatMultNtT(g.outW, g.outC, k, g.outH) };
  const rows = validSpan(g.outH, g.strideH, g.padTop, g.kH, g.dilationH, g.inH);
  const cols = validSpan(g.outW, g.strideW, g.padLeft, g.kW, g.dilationW, g.inW);
  const im2col = { im2colTaps: base.pixels * g.kH * g.kW, validElements: rows * cols * g.inC, paddedElements: (base.pixels * g.kH * g.kW - rows * cols) * g.inC };
  if (g.inH === 1 && g.dilationW === 1 && g.kH === 1 && (g.strideW * g.inC) % 4 === 0) return { model: 'conv2d/cmsis-nn-1xn', features: { ...base, ...im2col } };
  return { model: 'conv2d/cmsis-nn', features: { ...base, ...im2col, pixelPairs: Math.floor(base.pixels / 2), oddPixels: base.pixels % 2 } };
}

function cmsisDepthwise(g: ConvGeometry): KernelFeatures {
  const pixels = g.outH * g.outW, outputs = pixels * g.outC;
  const rows = validSpan(g.outH, g.strideH, g.padTop, g.kH, g.dilationH, g.inH);
  const cols = validSpan(g.outW, g.strideW, g.padLeft, g.kW, g.dilationW, g.inW);
  const base = { call: 1, pixels, outputs, taps: rows * cols * g.outC, tailChannels: pixels * (g.outC % 4), rowTaps: rows * g.outW * g.outC };
  if (g.outC === g.inC && g.dilationH === 1 && g.dilationW === 1) {
    if (g.kH === 3 && g.kW === 3 && g.padTop <= 1 && g.padLeft <= 1) {
      const interior = interiorCount(g.outH, g.strideH, g.padTop, 3, g.inH) * interiorCount(g.outW, g.strideW, g.padLeft, 3, g.inW);
      return { model: 'depthwise_conv2d/cmsis-nn-3x3', features: { ...base, groups: pixels * Math.floor(g.outC / 4), interiorGroups: interior * Math.floor(g.outC / 4) } };
    }
    return { model: 'depthwise_conv2d/cmsis-nn-opt', features: { ...base, windowElements: pixels * g.kH * g.kW * g.inC, groups: pixels * Math.floor(g.outC / 4) } };
  }
  // Depth multipliers that are multiples of 4 take tiles of four output channels through each valid window tap.
  if (g.outC % 4 === 0 && (g.outC / g.inC) % 4 === 0 && g.dilationH === 1 && g.dilationW === 1) {
    return { model: 'depthwise_conv2d/cmsis-nn-mult4', features: { call: 1, pixels, tiles: outputs / 4, tileTaps: base.taps / 4, tileRows: base.rowTaps / 4 } };
  }
  // The generic path walks each output's valid window.
  return { model: 'depthwise_conv2d/cmsis-nn', features: { call: 1, outputs, taps: base.taps, rowTaps: base.rowTaps } };
}

/** The CMSIS-NN function's counts for a layer the cmsis-nn set sends to CMSIS-NN, or null (the reference kernel runs). */
function cmsisFeatures(layer: CostedLayer): KernelFeatures | null {
  switch (layer.kernel) {
    case 'conv2d': return layer.g.batch === 1 ? cmsisConv(layer.g) : null;
    case 'depthwise_conv2d': return layer.g.batch === 1 ? cmsisDepthwise(layer.g) : null;
    case 'fully_connected': {
      const g = layer.g;
      return { model: 'fully_connected/cmsis-nn', features: { call: 1, rows: g.batch, outputs: g.batch * g.outDepth, macs: g.batch * g.outDepth * g.inDepth, dotTails: g.batch * g.outDepth * (g.inDepth % 4), rowPairs: g.batch * Math.floor(g.outDepth / 2) } };
    }
    case 'average_pool2d': case 'max_pool2d': {
      const g = layer.g;
      if (g.batch !== 1) return null;
      const rows = validSpan(g.outH, g.strideH, g.padTop, g.filterH, 1, g.inH);
      const cols = validSpan(g.outW, g.strideW, g.padLeft, g.filterW, 1, g.inW);
      return { model: `${layer.kernel}/cmsis-nn`, features: { call: 1, pixels: g.outH * g.outW, outputs: g.outH * g.outW * g.channels, taps: rows * cols * g.channels, windowRows: rows * g.outW * g.channels } };
    }
    case 'add':
      return { model: 'add/cmsis-nn', features: { call: 1, elements: layer.count, groups: Math.floor(layer.count / 4) } };
    case 'softmax':
      return { model: 'softmax/cmsis-nn', features: { call: 1, rows: layer.rows, elements: layer.rows * layer.depth } };
    default:
      return null;
  }
}

/**
 * The loop-iteration counts of `layer` under implementation `impl` of the
 * generated C (lib/deploy/c): which loop bodies run and how often. Shapes the
 * SIMD kernels hand to the reference (depthwise with a depth multiplier or
 * dilation, fully connected with a weight offset) count as the reference; under
 * `cmsis-nn` a layer counts as the CMSIS-NN function it reaches, and the layers
 * CMSIS-NN does not cover as the reference.
 */
export function kernelFeatures(layer: CostedLayer, impl: KernelImpl): KernelFeatures {
  if (impl === 'cmsis-nn') {
    const viaCmsis = cmsisFeatures(layer);
    if (viaCmsis !== null) return viaCmsis;
  }
  switch (layer.kernel) {
    case 'conv2d':
      return impl === 'simd' ? { model: 'conv2d/simd', features: simdConv(layer.g) } : { model: 'conv2d/reference', features: referenceConv(layer.g, false) };
    case 'depthwise_conv2d': {
      const g = layer.g;
      if (impl === 'simd' && g.outC === g.inC && g.dilationH === 1 && g.dilationW === 1) return { model: 'depthwise_conv2d/simd', features: simdDepthwise(g) };
      return { model: 'depthwise_conv2d/reference', features: referenceConv(g, true) };
    }
    case 'fully_connected': {
      const g = layer.g;
      if (impl === 'simd' && layer.weightOffset === 0) {
        return {
          model: 'fully_connected/simd',
          features: { call: 1, rows: g.batch, outputs: g.batch * g.outDepth, widenGroups: g.batch * Math.floor(g.inDepth / 4), widenTail: g.batch * (g.inDepth % 4), ...matMult(g.batch, g.outDepth, g.inDepth) },
        };
      }
      return { model: 'fully_connected/reference', features: { call: 1, rows: g.batch, outputs: g.batch * g.outDepth, macs: g.batch * g.outDepth * g.inDepth } };
    }
    case 'average_pool2d': case 'max_pool2d': {
      const g = layer.g;
      const rows = validSpan(g.outH, g.strideH, g.padTop, g.filterH, 1, g.inH);
      const cols = validSpan(g.outW, g.strideW, g.padLeft, g.filterW, 1, g.inW);
      const pixels = g.batch * g.outH * g.outW;
      if (impl === 'simd' && layer.kernel === 'average_pool2d' && g.filterH * g.filterW <= 255) {
        // tinyml_average_pool2d_s8_simd: groups of four channels, then the scalar tail.
        const groups = Math.floor(g.channels / 4), tail = g.channels % 4;
        return {
          model: 'average_pool2d/simd',
          features: { call: 1, pixels, groups: pixels * groups, groupRows: g.batch * rows * g.outW * groups, groupTaps: g.batch * rows * cols * groups, tailOutputs: pixels * tail, tailTaps: g.batch * rows * cols * tail },
        };
      }
      return {
        model: layer.kernel,
        features: { call: 1, pixels, outputs: pixels * g.channels, windowRows: g.batch * rows * g.outW * g.channels, taps: g.batch * rows * cols * g.channels },
      };
    }
    case 'add': case 'logistic': case 'tanh': case 'requantize':
      // The SIMD set has its own ADD (tinyml_add_s8_simd): same loop, other body.
      return { model: layer.kernel === 'add' && impl === 'simd' ? 'add/simd' : layer.kernel, features: { call: 1, elements: layer.count } };
    case 'binary': {
      // TINYML_BINARY_LOOP: flat, or five outer loops around runs along the innermost dimension.
      // The flat loop and the strided one have different bodies, so their elements count apart.
      const runs = layer.broadcast === null ? 0 : layer.broadcast.shape.slice(0, 5).reduce((a, b) => a * b, 1);
      const op = layer.op === 'add' ? 'add_broadcast' : layer.op;
      const flat = layer.broadcast === null ? layer.count : 0;
      return { model: op, features: { call: 1, flatElements: flat, broadcastElements: layer.count - flat, runs } };
    }
    case 'transpose_conv': {
      // Every output walks all kH x kW taps; the ones that land on an input pixel multiply in_c terms.
      const g = layer.g;
      const rows = transposeSpan(g.outH, g.strideH, g.padTop, g.kH, g.inH);
      const cols = transposeSpan(g.outW, g.strideW, g.padLeft, g.kW, g.inW);
      const outputs = g.batch * g.outH * g.outW * g.outC;
      const taps = g.batch * g.outC * rows * cols;
      return { model: 'transpose_conv', features: { call: 1, outputs, rowIterations: outputs * g.kH, columnIterations: g.batch * g.outC * rows * g.outW * g.kW, taps, macs: taps * g.inC } };
    }
    case 'batch_matmul': {
      const g = layer.g, batches = g.lhsOffsets.length;
      return { model: 'batch_matmul', features: { call: 1, rows: batches * g.rows, outputs: batches * g.rows * g.cols, macs: batches * g.rows * g.cols * g.depth } };
    }
    case 'hard_swish':
      return { model: 'hard_swish', features: { call: 1, elements: layer.count } };
    case 'lstm': {
      // tinyml_lstm_s8 (every kernel set runs it): per step a row; per unit and step eight gate rows, two table
      // lookups per gate, the cell update and the hidden copy; per weight a multiply-accumulate.
      const g = layer.g, steps = g.batch * g.time;
      return { model: 'lstm', features: { call: 1, steps, unitSteps: steps * g.units, macs: steps * g.units * 4 * (g.inputs + g.units) } };
    }
    case 'svdf': {
      // tinyml_svdf_s8_s16 / _s8: the state's one-step move, the feature dot products, then the time ones per unit.
      const g = layer.g, states = g.batch * g.filters;
      return { model: layer.stateBits === 16 ? 'svdf/s16' : 'svdf/s8', features: {
        call: 1, stateElements: states * g.memory, filters: states, featureMacs: states * g.inputSize, units: g.batch * g.units, timeMacs: states * g.memory,
      } };
    }
    case 'resize_bilinear': {
      const g = layer.g, rows = g.batch * g.rows.lower.length, pixels = rows * g.cols.lower.length;
      return { model: 'resize_bilinear', features: { call: 1, rows, pixels, elements: pixels * g.channels } };
    }
    case 'leaky_relu':
      return { model: 'leaky_relu', features: { call: 1, elements: layer.count } };
    case 'strided_copy':
      // tinyml_strided_copy_s8 once per output: five outer loops around runs along the innermost dimension.
      return { model: 'strided_copy', features: {
        call: layer.parts.length,
        elements: layer.parts.reduce((a, p) => a + p.count, 0),
        runs: layer.parts.reduce((a, p) => a + p.strides.shape.slice(0, 5).reduce((x, y) => x * y, 1), 0),
      } };
    case 'gather': {
      // tinyml_gather_s8: one block copy per batch, outer index and coordinate.
      const blocks = layer.g.batch * layer.g.outer * layer.g.coords;
      return { model: 'gather', features: { call: 1, blocks, elements: blocks * layer.g.inner } };
    }
    case 'resize_nearest': {
      // tinyml_resize_nearest_s8: per output pixel a lookup, then its channels copied.
      const pixels = layer.batch * layer.rows.length * layer.cols.length;
      return { model: 'resize_nearest', features: { call: 1, rows: layer.batch * layer.rows.length, pixels, elements: pixels * layer.channels } };
    }
    case 'softmax': case 'log_softmax':
      return { model: layer.kernel, features: { call: 1, rows: layer.rows, elements: layer.rows * layer.depth } };
    case 'mean':
      return { model: 'mean', features: { call: 1, outputs: layer.outer * layer.inner, terms: layer.outer * layer.inner * layer.reduce } };
    case 'pad': {
      const count = (s: number[]) => s.reduce((a, b) => a * b, 1);
      const inner = layer.inShape.at(-1) ?? 1;
      return { model: 'pad', features: { call: 1, outputElements: count(layer.outShape), inputRows: count(layer.inShape) / Math.max(1, inner), inputElements: count(layer.inShape) } };
    }
    case 'copy':
      return { model: 'copy', features: { call: 1, bytes: layer.bytes } };
    case 'concatenation':
      return { model: 'concatenation', features: { call: 1, blocks: layer.outer * layer.blockSizes.length, bytes: layer.outer * layer.blockSizes.reduce((a, b) => a + b, 0) } };
  }
}
