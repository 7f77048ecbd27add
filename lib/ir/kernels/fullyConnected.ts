import { floatActivationRange, quantizedActivationRange } from '../activationRange.js';
import { quantizeMultiplier } from '../fixedPoint.js';
import { elementCount } from '../Graph.js';
import type { Quantization } from '../Graph.js';
import type { FullyConnectedOptions } from '../Operator.js';
import type { Requantization, Rescale } from './conv2d.js';
import { int8Rescale } from './conv2d.js';
import { prepare16x8, rescale16x8 } from './prepare16x8.js';
import type { OpContext, OpRunner } from './OpContext.js';

/** Sizes of a fully connected layer: `batch` rows of `inDepth` inputs to `outDepth` outputs. */
export interface FcGeometry {
  batch: number;
  inDepth: number;
  outDepth: number;
}

/**
 * Reference int8 FULLY_CONNECTED (TFLite reference_integer_ops::FullyConnected).
 * input [batch, inDepth] int8, weights [outDepth, inDepth] int8 with zero
 * point -weightOffset, bias [outDepth] int32 or null, output [batch, outDepth].
 * One multiplier for all outputs, or one per output for per-channel weights.
 */
export function fullyConnectedInt8(
  g: FcGeometry, input: Int8Array | Int16Array, weights: Int8Array, weightOffset: number, bias: ArrayLike<number> | null,
  q: Requantization, output: Int8Array | Int16Array, rescale: Rescale = int8Rescale(q),
): void {
  for (let b = 0; b < g.batch; b++) {
    const inBase = b * g.inDepth;
    for (let o = 0; o < g.outDepth; o++) {
      const wBase = o * g.inDepth;
      let acc = 0;
      for (let i = 0; i < g.inDepth; i++) acc += (input[inBase + i] + q.inputOffset) * (weights[wBase + i] + weightOffset);
      if (bias !== null) acc += bias[o];
      output[b * g.outDepth + o] = rescale(acc, o);
    }
  }
}

/** Reference float32 FULLY_CONNECTED; same layouts as the int8 kernel. */
export function fullyConnectedFloat(
  g: FcGeometry, input: Float32Array, weights: Float32Array, bias: Float32Array | null,
  actMin: number, actMax: number, output: Float32Array,
): void {
  for (let b = 0; b < g.batch; b++) {
    for (let o = 0; o < g.outDepth; o++) {
      let acc = 0;
      for (let i = 0; i < g.inDepth; i++) acc += input[b * g.inDepth + i] * weights[o * g.inDepth + i];
      if (bias !== null) acc += bias[o];
      output[b * g.outDepth + o] = Math.min(actMax, Math.max(actMin, acc));
    }
  }
}

/**
 * Requantization of FULLY_CONNECTED (TFLite GetQuantizedConvolutionMultipler
 * per tensor, PopulateConvolutionQuantizationParams per channel): one
 * multiplier, or one per output for per-channel weights, and the int8 clamp
 * of the fused activation.
 */
function fcRequantization(ctx: OpContext, outDepth: number, activation: FullyConnectedOptions['activation']): Requantization {
  const inQ = ctx.affine(ctx.input(0));
  const outQ = ctx.affine(ctx.output());
  const wq = ctx.input(1).quantization;
  if (wq === undefined || wq.scale.length === 0) ctx.fail('the int8 weights have no quantization parameters');
  if (wq.scale.length !== 1 && wq.scale.length !== outDepth) ctx.fail(`the weights have ${wq.scale.length} scales for ${outDepth} outputs`);
  const n = wq.scale.length;
  const multipliers = new Int32Array(n);
  const shifts = new Int32Array(n);
  for (let c = 0; c < n; c++) {
    // TFLite GetQuantizedConvolutionMultipler forms the per-tensor product in
    // float32 before dividing in double; per-channel uses double throughout.
    const product = n === 1 ? Math.fround(inQ.scale * wq.scale[0]) : inQ.scale * wq.scale[c];
    const m = quantizeMultiplier(product / outQ.scale);
    multipliers[c] = m.multiplier;
    shifts[c] = m.shift;
  }
  const [actMin, actMax] = quantizedActivationRange(activation, outQ.scale, outQ.zeroPoint);
  return { inputOffset: -inQ.zeroPoint, outputOffset: outQ.zeroPoint, multipliers, shifts, actMin, actMax };
}

export function prepareFullyConnected(ctx: OpContext, options: FullyConnectedOptions): OpRunner {
  const input = ctx.input(0);
  const [outDepth, inDepth] = ctx.rank(ctx.input(1), 2);
  const count = elementCount(input.shape);
  if (inDepth === 0 || count % inDepth !== 0) ctx.fail(`input has ${count} elements, not a multiple of the weights' ${inDepth} columns`);
  const g: FcGeometry = { batch: count / inDepth, inDepth, outDepth };
  if (elementCount(ctx.output().shape) !== g.batch * outDepth) {
    ctx.fail(`output shape [${ctx.output().shape.join(', ')}] does not hold ${g.batch} x ${outDepth} values`);
  }
  if (ctx.hasInput(2) && elementCount(ctx.input(2).shape) !== outDepth) ctx.fail(`bias has ${elementCount(ctx.input(2).shape)} values for ${outDepth} outputs`);
  const inI = ctx.inputIndex(0);
  const outI = ctx.outputIndex();
  if (input.dtype === 'int16') {
    // TFLite's 16x8 scheme: int16 activations, int8 weights, int64 (or int32) bias; interpreter only.
    const sixteen = prepare16x8(ctx, 2, options.activation, false);
    const w = ctx.constant<Int8Array>(1, 'int8');
    ctx.checkBiasScales();
    const q: Requantization = { ...fcRequantization(ctx, outDepth, options.activation), actMin: sixteen.actMin, actMax: sixteen.actMax };
    const rescale = rescale16x8(q, sixteen.bias.accumulator);
    return (buf) => fullyConnectedInt8(g, buf[inI] as Int16Array, w, 0, sixteen.bias.values, q, buf[outI] as Int16Array, rescale);
  }
  const dtype = ctx.sameDType([input, ctx.input(1), ctx.output()], ['int8', 'float32']);
  if (dtype === 'float32') {
    const w = ctx.constant<Float32Array>(1, 'float32');
    const bias = ctx.hasInput(2) ? ctx.constant<Float32Array>(2, 'float32') : null;
    const [lo, hi] = floatActivationRange(options.activation);
    return (buf) => fullyConnectedFloat(g, buf[inI] as Float32Array, w, bias, lo, hi, buf[outI] as Float32Array);
  }
  const w = ctx.constant<Int8Array>(1, 'int8');
  const bias = ctx.hasInput(2) ? ctx.constant<Int32Array>(2, 'int32') : null;
  ctx.checkBiasScales();
  const q = fcRequantization(ctx, outDepth, options.activation);
  const wq = ctx.input(1).quantization as Quantization;
  const weightOffset = -wq.zeroPoint[0];
  ctx.plan = { kernel: 'fully_connected', input: inI, weights: ctx.inputIndex(1), bias: ctx.hasInput(2) ? ctx.inputIndex(2) : -1, output: outI, g, weightOffset, q };
  return (buf) => fullyConnectedInt8(g, buf[inI] as Int8Array, w, weightOffset, bias, q, buf[outI] as Int8Array);
}
