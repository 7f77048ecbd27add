import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../fixedPoint.js';
import type { OpContext, OpRunner } from './OpContext.js';

/**
 * Geometry of BATCH_MATMUL: `batches` output matrices of rows x cols, each
 * the product of a rows x depth and a depth x cols matrix read through
 * strides (adj_x and adj_y transpose by swapping them). `lhsOffsets` and
 * `rhsOffsets` give each output batch's first element in either input,
 * after broadcasting the leading dimensions.
 */
export interface MatmulGeometry {
  rows: number;
  cols: number;
  depth: number;
  lhsRowStride: number;
  lhsDepthStride: number;
  rhsColStride: number;
  rhsDepthStride: number;
  lhsOffsets: number[];
  rhsOffsets: number[];
}

/** Requantization of an int8 BATCH_MATMUL: one multiplier (per-tensor scales), offsets as TFLite's FullyConnectedParams. */
export interface MatmulRequantization {
  lhsOffset: number;
  rhsOffset: number;
  outputOffset: number;
  multiplier: number;
  shift: number;
}

/**
 * Reference int8 BATCH_MATMUL (TFLite reference_ops::BatchMatMul):
 * out[b, i, j] = sum_k (lhs[b, i, k] - z_lhs) * (rhs[b, k, j] - z_rhs), summed
 * in int32, rescaled once and clamped to int8 (the operator has no fused
 * activation).
 */
export function batchMatmulInt8(g: MatmulGeometry, q: MatmulRequantization, lhs: Int8Array, rhs: Int8Array, output: Int8Array): void {
  let o = 0;
  for (let b = 0; b < g.lhsOffsets.length; b++) {
    const l0 = g.lhsOffsets[b], r0 = g.rhsOffsets[b];
    for (let i = 0; i < g.rows; i++) {
      for (let j = 0; j < g.cols; j++) {
        let acc = 0;
        for (let k = 0; k < g.depth; k++) {
          acc = (acc + (lhs[l0 + i * g.lhsRowStride + k * g.lhsDepthStride] + q.lhsOffset) * (rhs[r0 + j * g.rhsColStride + k * g.rhsDepthStride] + q.rhsOffset)) | 0;
        }
        const v = multiplyByQuantizedMultiplier(acc, q.multiplier, q.shift) + q.outputOffset;
        output[o++] = v < -128 ? -128 : v > 127 ? 127 : v;
      }
    }
  }
}

/**
 * BATCH_MATMUL (TFLM batch_matmul.cc): lhs [..., rows, depth] and rhs
 * [..., depth, cols], transposed in their last two dimensions by adj_x and
 * adj_y; ranks 2 to 5, leading dimensions broadcast NumPy-style. Output
 * [...broadcast, rows, cols].
 */
export function prepareBatchMatmul(ctx: OpContext, adjX: boolean, adjY: boolean): OpRunner {
  const [lhsT, rhsT, out] = [ctx.input(0), ctx.input(1), ctx.output()];
  for (const [t, name] of [[lhsT, 'lhs'], [rhsT, 'rhs']] as const) {
    if (t.shape.length < 2 || t.shape.length > 5) ctx.fail(`${name} has rank ${t.shape.length}; BATCH_MATMUL takes ranks 2 to 5`);
  }
  const rank = Math.max(lhsT.shape.length, rhsT.shape.length);
  const pad = (s: number[]) => [...Array<number>(rank - s.length).fill(1), ...s];
  const ls = pad(lhsT.shape), rs = pad(rhsT.shape);
  const [rows, depth] = adjX ? [ls[rank - 1], ls[rank - 2]] : [ls[rank - 2], ls[rank - 1]];
  const [rDepth, cols] = adjY ? [rs[rank - 1], rs[rank - 2]] : [rs[rank - 2], rs[rank - 1]];
  if (rDepth !== depth) ctx.fail(`lhs [${lhsT.shape.join(', ')}]${adjX ? ' (adj_x)' : ''} and rhs [${rhsT.shape.join(', ')}]${adjY ? ' (adj_y)' : ''} disagree on the summed dimension: ${depth} and ${rDepth}`);
  const batchShape = ls.slice(0, rank - 2).map((d, k) => {
    const e = rs[k];
    if (d !== e && d !== 1 && e !== 1) ctx.fail(`batch dimension ${k} is ${d} in lhs and ${e} in rhs; they cannot broadcast`);
    return Math.max(d, e);
  });
  const expected = [...batchShape, rows, cols];
  if (expected.join() !== out.shape.join()) ctx.fail(`output is [${out.shape.join(', ')}] but the product gives [${expected.join(', ')}]`);
  const lhsOffsets: number[] = [], rhsOffsets: number[] = [];
  const batchCount = batchShape.reduce((a, d) => a * d, 1);
  for (let b = 0; b < batchCount; b++) {
    let rest = b, lo = 0, ro = 0, lStride = rows * depth, rStride = depth * cols;
    for (let k = batchShape.length - 1; k >= 0; k--) {
      const idx = rest % batchShape[k];
      rest = Math.floor(rest / batchShape[k]);
      if (ls[k] !== 1) lo += idx * lStride;
      if (rs[k] !== 1) ro += idx * rStride;
      lStride *= ls[k];
      rStride *= rs[k];
    }
    lhsOffsets.push(lo);
    rhsOffsets.push(ro);
  }
  const g: MatmulGeometry = {
    rows, cols, depth, lhsOffsets, rhsOffsets,
    lhsRowStride: adjX ? 1 : depth, lhsDepthStride: adjX ? rows : 1,
    rhsColStride: adjY ? depth : 1, rhsDepthStride: adjY ? 1 : cols,
  };
  const dtype = ctx.sameDType([lhsT, rhsT, out], ['int8', 'float32']);
  const [l, r, o] = [ctx.inputIndex(0), ctx.inputIndex(1), ctx.outputIndex()];
  if (dtype === 'float32') {
    return (buf) => {
      const x = buf[l] as Float32Array, y = buf[r] as Float32Array, z = buf[o] as Float32Array;
      let n = 0;
      for (let b = 0; b < batchCount; b++) {
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < cols; j++) {
            let acc = 0;
            for (let k = 0; k < depth; k++) acc += x[lhsOffsets[b] + i * g.lhsRowStride + k * g.lhsDepthStride] * y[rhsOffsets[b] + j * g.rhsColStride + k * g.rhsDepthStride];
            z[n++] = acc;
          }
        }
      }
    };
  }
  const ql = ctx.affine(lhsT), qr = ctx.affine(rhsT), qo = ctx.affine(out);
  // TFLite GetQuantizedConvolutionMultipler: the input product in float32, divided in double.
  const m = quantizeMultiplier(Math.fround(ql.scale * qr.scale) / qo.scale);
  const q: MatmulRequantization = { lhsOffset: -ql.zeroPoint, rhsOffset: -qr.zeroPoint, outputOffset: qo.zeroPoint, multiplier: m.multiplier, shift: m.shift };
  ctx.plan = { kernel: 'batch_matmul', lhs: l, rhs: r, output: o, g, q };
  return (buf) => batchMatmulInt8(g, q, buf[l] as Int8Array, buf[r] as Int8Array, buf[o] as Int8Array);
}
