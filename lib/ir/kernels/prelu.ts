import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../fixedPoint.js';
import { floatBinary } from './add.js';
import type { GatherIndices } from './broadcast.js';
import { binaryOperands } from './broadcast.js';
import type { OpContext, OpRunner } from './OpContext.js';

/** Fixed-point parameters of an int8 PRELU (TFLM CalculatePreluParams). */
export interface PreluParams {
  inputOffset: number;
  alphaOffset: number;
  outputOffset: number;
  /** s_in / s_out, for inputs at or above zero. */
  identityMultiplier: number;
  identityShift: number;
  /** s_in * s_alpha / s_out, for the product of a negative input and its alpha. */
  alphaMultiplier: number;
  alphaShift: number;
}

export function preluParams(si: number, zi: number, sa: number, za: number, so: number, zo: number): PreluParams {
  const m1 = quantizeMultiplier(si / so), m2 = quantizeMultiplier((si * sa) / so);
  return { inputOffset: -zi, alphaOffset: -za, outputOffset: zo, identityMultiplier: m1.multiplier, identityShift: m1.shift, alphaMultiplier: m2.multiplier, alphaShift: m2.shift };
}

/**
 * Reference int8 PRELU (TFLite BroadcastPrelu4DSlow): x - z_in rescaled when
 * non-negative, else its product with the (broadcast) alpha's offset value,
 * rescaled; then offset and clamped to int8.
 */
export function preluInt8(p: PreluParams, idx: GatherIndices | null, input: Int8Array, alpha: Int8Array, output: Int8Array): void {
  for (let i = 0; i < output.length; i++) {
    const x = input[idx === null ? i : idx.first[i]] + p.inputOffset;
    const v = x >= 0
      ? multiplyByQuantizedMultiplier(x, p.identityMultiplier, p.identityShift)
      : multiplyByQuantizedMultiplier(x * (alpha[idx === null ? i : idx.second[i]] + p.alphaOffset), p.alphaMultiplier, p.alphaShift);
    const y = v + p.outputOffset;
    output[i] = y < -128 ? -128 : y > 127 ? 127 : y;
  }
}

/** PRELU: [input, alpha], alpha broadcast against the input (usually one value per channel). */
export function preparePrelu(ctx: OpContext): OpRunner {
  const { dtype, i1, i2, o, strides, idx, count } = binaryOperands(ctx);
  if (dtype === 'float32') return (buf) => floatBinary((x, a) => (x >= 0 ? x : a * x), idx, -Infinity, Infinity, buf[i1] as Float32Array, buf[i2] as Float32Array, buf[o] as Float32Array);
  const qi = ctx.affine(ctx.input(0)), qa = ctx.affine(ctx.input(1)), qo = ctx.affine(ctx.output());
  const p = preluParams(qi.scale, qi.zeroPoint, qa.scale, qa.zeroPoint, qo.scale, qo.zeroPoint);
  ctx.plan = { kernel: 'binary', op: 'prelu', input1: i1, input2: i2, output: o, count, broadcast: strides, p };
  return (buf) => preluInt8(p, idx, buf[i1] as Int8Array, buf[i2] as Int8Array, buf[o] as Int8Array);
}
