import { roundHalfAway } from '../fixedPoint.js';
import type { OpContext, OpRunner } from './OpContext.js';

export interface ResizeOptions {
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

/**
 * The source index of each output row (or column) of RESIZE_NEAREST_NEIGHBOR
 * (TFLite GetNearestNeighbor), in float32 arithmetic as TFLite computes it:
 * (out + offset) * scale, rounded (align_corners) or floored, clamped to the
 * input. Computed once here, so the interpreter and the generated C index
 * alike and the C needs no floating point.
 */
export function nearestSourceIndices(inSize: number, outSize: number, o: ResizeOptions): Int32Array {
  const f = Math.fround;
  const scale = o.alignCorners && outSize > 1 ? f((inSize - 1) / f(outSize - 1)) : f(inSize / f(outSize));
  const offset = o.halfPixelCenters ? 0.5 : 0;
  return Int32Array.from({ length: outSize }, (_, k) => {
    const v = f(f(k + offset) * scale);
    let i = Math.min(o.alignCorners ? roundHalfAway(v) : Math.floor(v), inSize - 1);
    if (o.halfPixelCenters) i = Math.max(0, i);
    return i;
  });
}

/** A resize's input NHWC sizes and its constant target size, checked against the output. */
export interface ResizeShape {
  n: number; inH: number; inW: number; c: number;
  outH: number; outW: number;
  dtype: 'int8' | 'float32';
}

/** Check RESIZE_*'s input (NHWC), its constant int32 [new height, new width] and the output's shape and dtype. */
export function resizeShape(ctx: OpContext): ResizeShape {
  const [input, out] = [ctx.input(0), ctx.output()];
  const [n, inH, inW, c] = ctx.rank(input, 4);
  const size = ctx.constant<Int32Array>(1, 'int32');
  if (size.length !== 2) ctx.fail(`the size input holds ${size.length} values; it must hold [new height, new width]`);
  const [outH, outW] = size;
  if (!(outH > 0 && outW > 0)) ctx.fail(`size [${outH}, ${outW}] must be positive`);
  if ([n, outH, outW, c].join() !== out.shape.join()) ctx.fail(`resizing [${input.shape.join(', ')}] to ${outH}x${outW} gives [${[n, outH, outW, c].join(', ')}], but the output is [${out.shape.join(', ')}]`);
  return { n, inH, inW, c, outH, outW, dtype: ctx.sameDType([input, out], ['int8', 'float32']) as 'int8' | 'float32' };
}

/**
 * RESIZE_NEAREST_NEIGHBOR (TFLM resize_nearest_neighbor.cc): input NHWC and a
 * constant int32 [new height, new width]; every output pixel copies the
 * channels of its nearest input pixel. No requantization: TFLM copies the
 * stored values whatever the output's quantization.
 */
export function prepareResizeNearestNeighbor(ctx: OpContext, o: ResizeOptions): OpRunner {
  const { n, inH, inW, c, outH, outW, dtype } = resizeShape(ctx);
  const rows = nearestSourceIndices(inH, outH, o), cols = nearestSourceIndices(inW, outW, o);
  const [i, t] = [ctx.inputIndex(0), ctx.outputIndex()];
  if (dtype === 'int8') ctx.plan = { kernel: 'resize_nearest', input: i, output: t, batch: n, inH, inW, channels: c, rows: Array.from(rows), cols: Array.from(cols) };
  return (buf) => {
    const x = buf[i] as Int8Array | Float32Array, y = buf[t] as Int8Array | Float32Array;
    let k = 0;
    for (let b = 0; b < n; b++) {
      for (let oy = 0; oy < outH; oy++) {
        for (let ox = 0; ox < outW; ox++) {
          const from = ((b * inH + rows[oy]) * inW + cols[ox]) * c;
          for (let ch = 0; ch < c; ch++) y[k++] = x[from + ch];
        }
      }
    }
  };
}
