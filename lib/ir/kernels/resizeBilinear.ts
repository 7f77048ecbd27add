import type { OpContext, OpRunner } from './OpContext.js';
import type { ResizeOptions } from './resizeNearestNeighbor.js';
import { resizeShape } from './resizeNearestNeighbor.js';

/**
 * Where one output row (or column) of an int8 RESIZE_BILINEAR samples the
 * input: the two source indices and the weight of the second, in 1/1024ths
 * (TFLite ComputeInterpolationValuesInteger). With half-pixel centres the
 * weight can be negative at the first row; the weights still sum to 1024.
 */
export interface BilinearTaps {
  lower: number[];
  upper: number[];
  /** Weight of `upper` in 1/1024ths; `lower` gets 1024 minus it. */
  fraction: number[];
}

/**
 * TFLite's 10-bit fixed-point source positions for ResizeBilinearInteger:
 * scale = in / out (or (in - 1) / (out - 1) with align_corners) rounded to
 * 1/1024, position = out * scale (minus half a pixel with half-pixel
 * centres), lower = max(trunc(position / 1024), 0) and upper the next,
 * clamped to the input. Computed once, so the C needs only these tables.
 */
export function bilinearTaps(inSize: number, outSize: number, o: ResizeOptions): BilinearTaps {
  let scale10 = Math.trunc((1024 * inSize + Math.trunc(outSize / 2)) / outSize);
  if (o.alignCorners && outSize > 1) scale10 = Math.trunc((1024 * (inSize - 1) + Math.trunc((outSize - 1) / 2)) / (outSize - 1));
  const taps: BilinearTaps = { lower: [], upper: [], fraction: [] };
  for (let k = 0; k < outSize; k++) {
    const scaled = o.halfPixelCenters ? k * scale10 + Math.trunc(scale10 / 2) - 512 : k * scale10;
    const lower = Math.max(Math.trunc(scaled / 1024), 0);
    taps.lower.push(lower);
    taps.upper.push(Math.min(Math.trunc((scaled + 1023) / 1024), inSize - 1));
    taps.fraction.push(scaled - 1024 * lower);
  }
  return taps;
}

/** The float32 positions of TFLite's ResizeBilinear (ComputeInterpolationValues). */
function floatTaps(inSize: number, outSize: number, o: ResizeOptions): { lower: number[]; upper: number[]; t: number[] } {
  const f = Math.fround;
  const scale = o.alignCorners && outSize > 1 ? f((inSize - 1) / (outSize - 1)) : f(inSize / outSize);
  const taps = { lower: [] as number[], upper: [] as number[], t: [] as number[] };
  for (let k = 0; k < outSize; k++) {
    const v = o.halfPixelCenters ? f(f(f(k + 0.5) * scale) - 0.5) : f(k * scale);
    const lower = Math.max(Math.floor(v), 0);
    taps.lower.push(lower);
    taps.upper.push(Math.min(Math.ceil(v), inSize - 1));
    taps.t.push(f(v - lower));
  }
  return taps;
}

/** Geometry of an int8 RESIZE_BILINEAR over NHWC, with its row and column taps. */
export interface BilinearGeometry {
  batch: number;
  inH: number;
  inW: number;
  channels: number;
  rows: BilinearTaps;
  cols: BilinearTaps;
}

/**
 * Reference int8 RESIZE_BILINEAR (TFLite ResizeBilinearInteger): the four
 * neighbours weighted in 1/1024ths per axis, summed in Q20 and rounded half
 * away from zero. Raw stored values are interpolated: like TFLM, no
 * requantization whatever the output's quantization.
 */
export function resizeBilinearInt8(g: BilinearGeometry, input: Int8Array, output: Int8Array): void {
  let k = 0;
  const c = g.channels;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.rows.lower.length; oy++) {
      const fy = g.rows.fraction[oy];
      const r0 = (b * g.inH + g.rows.lower[oy]) * g.inW, r1 = (b * g.inH + g.rows.upper[oy]) * g.inW;
      for (let ox = 0; ox < g.cols.lower.length; ox++) {
        const fx = g.cols.fraction[ox];
        const x0 = g.cols.lower[ox], x1 = g.cols.upper[ox];
        for (let ch = 0; ch < c; ch++) {
          const sum = input[(r0 + x0) * c + ch] * (1024 - fy) * (1024 - fx) + input[(r1 + x0) * c + ch] * fy * (1024 - fx)
            + input[(r0 + x1) * c + ch] * (1024 - fy) * fx + input[(r1 + x1) * c + ch] * fy * fx;
          output[k++] = Math.trunc((sum + (sum > 0 ? 1 << 19 : -(1 << 19))) / 1048576);
        }
      }
    }
  }
}

/**
 * RESIZE_BILINEAR (TFLM resize_bilinear.cc): input NHWC and a constant int32
 * [new height, new width]. align_corners and half_pixel_centers are
 * exclusive, as TFLM requires.
 */
export function prepareResizeBilinear(ctx: OpContext, o: ResizeOptions): OpRunner {
  if (o.alignCorners && o.halfPixelCenters) ctx.fail('align_corners and half_pixel_centers cannot both be set (TFLite refuses it)');
  const { n, inH, inW, c, outH, outW, dtype } = resizeShape(ctx);
  const [i, t] = [ctx.inputIndex(0), ctx.outputIndex()];
  if (dtype === 'int8') {
    const g: BilinearGeometry = { batch: n, inH, inW, channels: c, rows: bilinearTaps(inH, outH, o), cols: bilinearTaps(inW, outW, o) };
    if (Math.max(...g.rows.lower) >= inH || Math.max(...g.cols.lower) >= inW) ctx.fail(`resizing to ${outH}x${outW} would read outside the input in TFLite's fixed-point arithmetic`);
    ctx.plan = { kernel: 'resize_bilinear', input: i, output: t, g };
    return (buf) => resizeBilinearInt8(g, buf[i] as Int8Array, buf[t] as Int8Array);
  }
  const rows = floatTaps(inH, outH, o), cols = floatTaps(inW, outW, o);
  const f = Math.fround;
  return (buf) => {
    const x = buf[i] as Float32Array, y = buf[t] as Float32Array;
    let k = 0;
    for (let b = 0; b < n; b++) {
      for (let oy = 0; oy < outH; oy++) {
        const ty = rows.t[oy], r0 = (b * inH + rows.lower[oy]) * inW, r1 = (b * inH + rows.upper[oy]) * inW;
        for (let ox = 0; ox < outW; ox++) {
          const tx = cols.t[ox], x0 = cols.lower[ox], x1 = cols.upper[ox];
          for (let ch = 0; ch < c; ch++) {
            y[k++] = f(x[(r0 + x0) * c + ch] * (1 - ty) * (1 - tx) + x[(r1 + x0) * c + ch] * ty * (1 - tx)
              + x[(r0 + x1) * c + ch] * (1 - ty) * tx + x[(r1 + x1) * c + ch] * ty * tx);
          }
        }
      }
    }
  };
}
