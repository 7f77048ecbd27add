import { floatActivationRange, quantizedActivationRange } from '../activationRange.js';
import { convPadding } from '../convPadding.js';
import type { Pool2dOptions } from '../Operator.js';
import type { OpContext, OpRunner } from './OpContext.js';

/** Geometry of a 2-D pooling window over NHWC tensors (channels unchanged). */
export interface PoolGeometry {
  batch: number;
  inH: number; inW: number; channels: number;
  outH: number; outW: number;
  filterH: number; filterW: number;
  strideH: number; strideW: number;
  padTop: number; padLeft: number;
}

/**
 * Visit every output position with the window clipped to the image, as
 * TFLite's reference pooling does (padding is never averaged in).
 */
function forEachWindow(
  g: PoolGeometry,
  visit: (outIndex: number, inBase: number, y0: number, y1: number, x0: number, x1: number) => void,
): void {
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      const iy = oy * g.strideH - g.padTop;
      const y0 = Math.max(0, -iy);
      const y1 = Math.min(g.filterH, g.inH - iy);
      for (let ox = 0; ox < g.outW; ox++) {
        const ix = ox * g.strideW - g.padLeft;
        const x0 = Math.max(0, -ix);
        const x1 = Math.min(g.filterW, g.inW - ix);
        visit(((b * g.outH + oy) * g.outW + ox) * g.channels, ((b * g.inH + iy) * g.inW + ix) * g.channels, y0, y1, x0, x1);
      }
    }
  }
}

/**
 * Reference AVERAGE_POOL_2D for int8 (input and output share quantization)
 * and float32. The int8 mean rounds half away from zero, as
 * reference_integer_ops::AveragePool does with integer division.
 */
export function averagePool2d(
  g: PoolGeometry, input: Int8Array | Float32Array, actMin: number, actMax: number, output: Int8Array | Float32Array,
): void {
  const integer = input instanceof Int8Array;
  forEachWindow(g, (outBase, inBase, y0, y1, x0, x1) => {
    const count = (y1 - y0) * (x1 - x0);
    for (let c = 0; c < g.channels; c++) {
      let sum = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) sum += input[inBase + (y * g.inW + x) * g.channels + c];
      }
      let v: number;
      if (integer) {
        const half = Math.floor(count / 2);
        v = sum > 0 ? Math.trunc((sum + half) / count) : Math.trunc((sum - half) / count);
      } else {
        v = sum / count;
      }
      output[outBase + c] = Math.min(actMax, Math.max(actMin, v));
    }
  });
}

/** Reference MAX_POOL_2D for int8 and float32. */
export function maxPool2d(
  g: PoolGeometry, input: Int8Array | Float32Array, actMin: number, actMax: number, output: Int8Array | Float32Array,
): void {
  forEachWindow(g, (outBase, inBase, y0, y1, x0, x1) => {
    for (let c = 0; c < g.channels; c++) {
      let max = -Infinity;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) max = Math.max(max, input[inBase + (y * g.inW + x) * g.channels + c]);
      }
      output[outBase + c] = Math.min(actMax, Math.max(actMin, max));
    }
  });
}

/** Reference float32 L2_POOL_2D: the root of the mean square over the clipped window. */
export function l2Pool2d(g: PoolGeometry, input: Float32Array, actMin: number, actMax: number, output: Float32Array): void {
  forEachWindow(g, (outBase, inBase, y0, y1, x0, x1) => {
    for (let c = 0; c < g.channels; c++) {
      let sum = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) sum += input[inBase + (y * g.inW + x) * g.channels + c] ** 2;
      }
      output[outBase + c] = Math.min(actMax, Math.max(actMin, Math.sqrt(sum / ((y1 - y0) * (x1 - x0)))));
    }
  });
}

export function preparePool2d(ctx: OpContext, options: Pool2dOptions, kind: 'average' | 'max' | 'l2'): OpRunner {
  const [batch, inH, inW, channels] = ctx.rank(ctx.input(0), 4);
  for (const v of [options.strideH, options.strideW, options.filterH, options.filterW]) {
    if (!(Number.isInteger(v) && v >= 1)) ctx.fail(`strides and filter sizes must be positive integers, got ${v}`);
  }
  const h = convPadding(options.padding, inH, options.filterH, options.strideH, 1);
  const w = convPadding(options.padding, inW, options.filterW, options.strideW, 1);
  const expected = [batch, h.out, w.out, channels];
  const out = ctx.rank(ctx.output(), 4);
  if (expected.some((d, i) => d !== out[i]) || h.out <= 0 || w.out <= 0) {
    ctx.fail(`output shape is [${out.join(', ')}] but the window gives [${expected.join(', ')}]`);
  }
  const g: PoolGeometry = {
    batch, inH, inW, channels, outH: h.out, outW: w.out, filterH: options.filterH, filterW: options.filterW,
    strideH: options.strideH, strideW: options.strideW, padTop: h.before, padLeft: w.before,
  };
  const dtype = ctx.sameDType([ctx.input(0), ctx.output()], ['int8', 'float32']);
  // TFLite Micro's L2_POOL_2D is float32 only, so an int8 one could not run on a device either.
  if (kind === 'l2' && dtype !== 'float32') ctx.fail('L2_POOL_2D runs in float32 only (as in TFLite Micro); keep it float or replace it', 'unsupported');
  if (kind === 'l2') {
    const [lo, hi] = floatActivationRange(options.activation);
    const [i, o] = [ctx.inputIndex(0), ctx.outputIndex()];
    return (buf) => l2Pool2d(g, buf[i] as Float32Array, lo, hi, buf[o] as Float32Array);
  }
  let range: [number, number];
  if (dtype === 'int8') {
    const a = ctx.affine(ctx.input(0));
    const b = ctx.affine(ctx.output());
    if (a.scale !== b.scale || a.zeroPoint !== b.zeroPoint) ctx.fail('int8 pooling needs the same scale and zero point on input and output');
    range = quantizedActivationRange(options.activation, b.scale, b.zeroPoint);
  } else {
    range = floatActivationRange(options.activation);
  }
  const [lo, hi] = range;
  const inI = ctx.inputIndex(0);
  const outI = ctx.outputIndex();
  const kernel = kind === 'average' ? averagePool2d : maxPool2d;
  if (dtype === 'int8') ctx.plan = { kernel: kind === 'average' ? 'average_pool2d' : 'max_pool2d', input: inI, output: outI, g, actMin: lo, actMax: hi };
  return (buf) => kernel(g, buf[inI] as Int8Array | Float32Array, lo, hi, buf[outI] as Int8Array | Float32Array);
}
