import type { ConvGeometry } from '../ir/kernels/conv2d.js';
import type { FcGeometry } from '../ir/kernels/fullyConnected.js';
import type { PoolGeometry } from '../ir/kernels/pool2d.js';

/** The kernel implementations the cost models describe (the generated C's two sets). */
export type KernelImpl = 'reference' | 'simd';

/**
 * What a cost model needs to know about one layer: its kernel and geometry,
 * no weights. Every `KernelPlan` (lib/ir/kernels) is one, and so is a layer an
 * architecture search describes without building a graph.
 */
export type CostedLayer =
  | { kernel: 'conv2d' | 'depthwise_conv2d'; g: ConvGeometry }
  | { kernel: 'fully_connected'; g: FcGeometry; weightOffset: number }
  | { kernel: 'average_pool2d' | 'max_pool2d'; g: PoolGeometry }
  | { kernel: 'add' | 'logistic' | 'requantize'; count: number }
  | { kernel: 'softmax'; rows: number; depth: number }
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
  const pixels = g.batch * g.outH * g.outW;
  const groups = Math.floor(g.inC / 4), tail = g.inC % 4;
  const interior = g.kH === 3 && g.kW === 3
    ? g.batch * interiorCount(g.outH, g.strideH, g.padTop, 3, g.inH) * interiorCount(g.outW, g.strideW, g.padLeft, 3, g.inW)
    : 0;
  const rows = validSpan(g.outH, g.strideH, g.padTop, g.kH, 1, g.inH);
  const cols = validSpan(g.outW, g.strideW, g.padLeft, g.kW, 1, g.inW);
  const allTaps = g.batch * rows * cols;
  const edgeTaps = allTaps - interior * 9;
  const edgeRows = g.batch * rows * g.outW - interior * 3;
  return {
    call: 1,
    pixels,
    outputs: pixels * g.inC,
    groups: pixels * groups,
    interiorGroups: interior * groups,
    edgeGroups: (pixels - interior) * groups,
    edgeGroupRows: edgeRows * groups,
    edgeGroupTaps: edgeTaps * groups,
    tailChannels: pixels * tail,
    tailRows: g.batch * rows * g.outW * tail,
    tailTaps: allTaps * tail,
  };
}

/**
 * The loop-iteration counts of `layer` under implementation `impl` of the
 * generated C (lib/deploy/c): which loop bodies run and how often. Shapes the
 * SIMD kernels hand to the reference (depthwise with a depth multiplier or
 * dilation, fully connected with a weight offset) count as the reference.
 */
export function kernelFeatures(layer: CostedLayer, impl: KernelImpl): KernelFeatures {
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
      return {
        model: layer.kernel,
        features: { call: 1, pixels, outputs: pixels * g.channels, windowRows: g.batch * rows * g.outW * g.channels, taps: g.batch * rows * cols * g.channels },
      };
    }
    case 'add': case 'logistic': case 'requantize':
      return { model: layer.kernel, features: { call: 1, elements: layer.count } };
    case 'softmax':
      return { model: 'softmax', features: { call: 1, rows: layer.rows, elements: layer.rows * layer.depth } };
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
