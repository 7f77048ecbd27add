import { floatActivationRange, quantizedActivationRange } from '../activationRange.js';
import { convPadding } from '../convPadding.js';
import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../fixedPoint.js';
import type { Conv2dOptions } from '../Operator.js';
import { prepare16x8, rescale16x8 } from './prepare16x8.js';
import type { OpContext, OpRunner } from './OpContext.js';

/** Geometry of a 2-D convolution over NHWC tensors; pads are leading pads in pixels. */
export interface ConvGeometry {
  batch: number;
  inH: number; inW: number; inC: number;
  outH: number; outW: number; outC: number;
  kH: number; kW: number;
  strideH: number; strideW: number;
  dilationH: number; dilationW: number;
  padTop: number; padLeft: number;
}

/**
 * Requantization of int32 accumulators to int8: per output channel
 * multiplier and shift, offsets, and the clamp range in the output domain.
 */
export interface Requantization {
  /** Negated input zero point, added to every input value. */
  inputOffset: number;
  /** Output zero point. */
  outputOffset: number;
  multipliers: Int32Array;
  shifts: Int32Array;
  actMin: number;
  actMax: number;
}

/**
 * Turns an output channel's exact integer sum (bias included) into the stored
 * value: the int8 kernels' default wraps it to int32 and rescales per
 * channel; the 16x8 scheme passes its own (rescale16x8).
 */
export type Rescale = (acc: number, channel: number) => number;

/** The int8 kernels' rescale: int32 wrap, per-channel (or one) multiplier, offset, clamp. */
export function int8Rescale(q: Requantization): Rescale {
  return (acc, c) => {
    const k = q.multipliers.length === 1 ? 0 : c;
    const v = multiplyByQuantizedMultiplier(acc | 0, q.multipliers[k], q.shifts[k]) + q.outputOffset;
    return v < q.actMin ? q.actMin : v > q.actMax ? q.actMax : v;
  };
}

/**
 * Reference int8 CONV_2D (TFLite reference_integer_ops::ConvPerChannel).
 * input [N, H, W, C] int8, filter [OC, KH, KW, C] int8 symmetric, bias [OC]
 * int32 or null, output [N, OH, OW, OC] int8. Out-of-image taps contribute
 * nothing (they equal the input zero point). Sums are exact in doubles;
 * `rescale` (int8Rescale by default) finishes each output, so the 16x8
 * scheme runs the same loops on int16 data.
 */
export function conv2dInt8(
  g: ConvGeometry, input: Int8Array | Int16Array, filter: Int8Array, bias: ArrayLike<number> | null, q: Requantization, output: Int8Array | Int16Array,
  rescale: Rescale = int8Rescale(q),
): void {
  let o = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      const iy0 = oy * g.strideH - g.padTop;
      for (let ox = 0; ox < g.outW; ox++) {
        const ix0 = ox * g.strideW - g.padLeft;
        for (let oc = 0; oc < g.outC; oc++) {
          let acc = 0;
          for (let ky = 0; ky < g.kH; ky++) {
            const iy = iy0 + ky * g.dilationH;
            if (iy < 0 || iy >= g.inH) continue;
            for (let kx = 0; kx < g.kW; kx++) {
              const ix = ix0 + kx * g.dilationW;
              if (ix < 0 || ix >= g.inW) continue;
              const inBase = ((b * g.inH + iy) * g.inW + ix) * g.inC;
              const fBase = ((oc * g.kH + ky) * g.kW + kx) * g.inC;
              for (let c = 0; c < g.inC; c++) acc += (input[inBase + c] + q.inputOffset) * filter[fBase + c];
            }
          }
          if (bias !== null) acc += bias[oc];
          // C accumulates in int32; int8Rescale wraps the same way if a forged model overflows it.
          output[o++] = rescale(acc, oc);
        }
      }
    }
  }
}

/**
 * Reference float32 CONV_2D; same layouts as conv2dInt8, clamp [actMin, actMax].
 * Accumulates in double and rounds once to float32 on store.
 */
export function conv2dFloat(
  g: ConvGeometry, input: Float32Array, filter: Float32Array, bias: Float32Array | null,
  actMin: number, actMax: number, output: Float32Array,
): void {
  let o = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++) {
        for (let oc = 0; oc < g.outC; oc++) {
          let acc = 0;
          for (let ky = 0; ky < g.kH; ky++) {
            const iy = oy * g.strideH - g.padTop + ky * g.dilationH;
            if (iy < 0 || iy >= g.inH) continue;
            for (let kx = 0; kx < g.kW; kx++) {
              const ix = ox * g.strideW - g.padLeft + kx * g.dilationW;
              if (ix < 0 || ix >= g.inW) continue;
              const inBase = ((b * g.inH + iy) * g.inW + ix) * g.inC;
              const fBase = ((oc * g.kH + ky) * g.kW + kx) * g.inC;
              for (let c = 0; c < g.inC; c++) acc += input[inBase + c] * filter[fBase + c];
            }
          }
          if (bias !== null) acc += bias[oc];
          output[o++] = Math.min(actMax, Math.max(actMin, acc));
        }
      }
    }
  }
}

/**
 * Geometry shared by CONV_2D and DEPTHWISE_CONV_2D: checks ranks, channel
 * counts and the declared output shape against the padding arithmetic.
 */
export function convGeometry(ctx: OpContext, options: Conv2dOptions, depthwise: boolean): ConvGeometry {
  const [batch, inH, inW, inC] = ctx.rank(ctx.input(0), 4);
  const [f0, kH, kW, f3] = ctx.rank(ctx.input(1), 4);
  const outC = depthwise ? f3 : f0;
  if (!depthwise && f3 !== inC) ctx.fail(`filter has ${f3} input channels but the input has ${inC}`);
  if (depthwise) {
    if (f0 !== 1) ctx.fail(`depthwise filter must have shape [1, KH, KW, OC], not [${ctx.input(1).shape.join(', ')}]`);
    // TFLite ignores the stored depth_multiplier and derives it from the shapes
    if (outC % inC !== 0) ctx.fail(`depthwise filter has ${outC} channels, not a multiple of the input's ${inC}`);
  }
  for (const [name, v] of [['stride', options.strideH], ['stride', options.strideW], ['dilation', options.dilationH], ['dilation', options.dilationW]] as const) {
    if (!(Number.isInteger(v) && v >= 1)) ctx.fail(`${name} ${v} must be a positive integer`);
  }
  const h = convPadding(options.padding, inH, kH, options.strideH, options.dilationH);
  const w = convPadding(options.padding, inW, kW, options.strideW, options.dilationW);
  const expected = [batch, h.out, w.out, outC];
  const out = ctx.rank(ctx.output(), 4);
  if (expected.some((d, i) => d !== out[i]) || h.out <= 0 || w.out <= 0) {
    ctx.fail(`output shape is [${out.join(', ')}] but the input, filter, strides and padding give [${expected.join(', ')}]`);
  }
  if (ctx.hasInput(2) && ctx.input(2).shape.reduce((a, d) => a * d, 1) !== outC) {
    ctx.fail(`bias has shape [${ctx.input(2).shape.join(', ')}] but there are ${outC} output channels`);
  }
  return {
    batch, inH, inW, inC, outH: h.out, outW: w.out, outC, kH, kW,
    strideH: options.strideH, strideW: options.strideW, dilationH: options.dilationH, dilationW: options.dilationW,
    padTop: h.before, padLeft: w.before,
  };
}

/**
 * Per-channel requantization of a convolution (TFLite
 * PopulateConvolutionQuantizationParams): multiplier = in_scale * w_scale[c] / out_scale
 * in double precision; a per-tensor filter scale is broadcast. The filter
 * is input 1; the activation is input `inputIndex` (TRANSPOSE_CONV's is 2).
 */
export function convRequantization(ctx: OpContext, outC: number, activation: Conv2dOptions['activation'], inputIndex = 0): Requantization {
  const inQ = ctx.affine(ctx.input(inputIndex));
  const outQ = ctx.affine(ctx.output());
  const fq = ctx.input(1).quantization;
  if (fq === undefined || fq.scale.length === 0) ctx.fail('the int8 filter has no quantization parameters');
  if (fq.scale.length !== 1 && fq.scale.length !== outC) ctx.fail(`the filter has ${fq.scale.length} scales for ${outC} output channels`);
  if (fq.zeroPoint.some((z) => z !== 0)) ctx.fail('int8 filters must be symmetric (zero point 0)');
  const multipliers = new Int32Array(outC);
  const shifts = new Int32Array(outC);
  for (let c = 0; c < outC; c++) {
    const ws = fq.scale.length === 1 ? fq.scale[0] : fq.scale[c];
    const m = quantizeMultiplier(inQ.scale * ws / outQ.scale);
    multipliers[c] = m.multiplier;
    shifts[c] = m.shift;
  }
  const [actMin, actMax] = quantizedActivationRange(activation, outQ.scale, outQ.zeroPoint);
  return { inputOffset: -inQ.zeroPoint, outputOffset: outQ.zeroPoint, multipliers, shifts, actMin, actMax };
}

type Int8ConvKernel = (g: ConvGeometry, input: Int8Array | Int16Array, filter: Int8Array, bias: ArrayLike<number> | null, q: Requantization, output: Int8Array | Int16Array, rescale?: Rescale) => void;
type FloatConvKernel = (g: ConvGeometry, input: Float32Array, filter: Float32Array, bias: Float32Array | null, actMin: number, actMax: number, output: Float32Array) => void;

/** Prepare CONV_2D or DEPTHWISE_CONV_2D: geometry, dtype checks, constants and requantization, bound to its kernels. */
export function prepareConvolution(
  ctx: OpContext, options: Conv2dOptions, depthwise: boolean, int8Kernel: Int8ConvKernel, floatKernel: FloatConvKernel,
): OpRunner {
  const g = convGeometry(ctx, options, depthwise);
  const inI = ctx.inputIndex(0);
  const outI = ctx.outputIndex();
  if (ctx.input(0).dtype === 'int16') {
    // TFLite's 16x8 scheme: int16 activations, int8 weights, int64 (or int32) bias; interpreter only.
    const { bias, actMin, actMax } = prepare16x8(ctx, 2, options.activation, depthwise);
    const filter = ctx.constant<Int8Array>(1, 'int8');
    const q: Requantization = { ...convRequantization(ctx, g.outC, options.activation), actMin, actMax };
    const rescale = rescale16x8(q, bias.accumulator);
    return (buf) => int8Kernel(g, buf[inI] as Int16Array, filter, bias.values, q, buf[outI] as Int16Array, rescale);
  }
  const dtype = ctx.sameDType([ctx.input(0), ctx.input(1), ctx.output()], ['int8', 'float32']);
  if (dtype === 'int8') {
    const filter = ctx.constant<Int8Array>(1, 'int8');
    const bias = ctx.hasInput(2) ? ctx.constant<Int32Array>(2, 'int32') : null;
    ctx.checkBiasScales();
    const q = convRequantization(ctx, g.outC, options.activation);
    ctx.plan = { kernel: depthwise ? 'depthwise_conv2d' : 'conv2d', input: inI, filter: ctx.inputIndex(1), bias: ctx.hasInput(2) ? ctx.inputIndex(2) : -1, output: outI, g, q };
    return (buf) => int8Kernel(g, buf[inI] as Int8Array, filter, bias, q, buf[outI] as Int8Array);
  }
  const filter = ctx.constant<Float32Array>(1, 'float32');
  const bias = ctx.hasInput(2) ? ctx.constant<Float32Array>(2, 'float32') : null;
  const [lo, hi] = floatActivationRange(options.activation);
  return (buf) => floatKernel(g, buf[inI] as Float32Array, filter, bias, lo, hi, buf[outI] as Float32Array);
}

export function prepareConv2d(ctx: OpContext, options: Conv2dOptions): OpRunner {
  return prepareConvolution(ctx, options, false, conv2dInt8, conv2dFloat);
}
