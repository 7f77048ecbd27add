import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../fixedPoint.js';
import type { OpContext, OpRunner } from './OpContext.js';
import { floatUnary, unaryOperands } from './unaryOperands.js';

/** Fixed-point parameters of an int8 LEAKY_RELU (TFLM CalculateOpDataLeakyRelu). */
export interface LeakyReluParams {
  inputZeroPoint: number;
  outputZeroPoint: number;
  /** alpha * s_in / s_out, quantized from its magnitude; `alphaNegative` carries the sign. */
  alphaMultiplier: number;
  alphaShift: number;
  alphaNegative: boolean;
  /** s_in / s_out, quantized. */
  identityMultiplier: number;
  identityShift: number;
}

export function leakyReluParams(inputScale: number, inputZeroPoint: number, outputScale: number, outputZeroPoint: number, alpha: number): LeakyReluParams {
  // TFLM forms both ratios in float32 before quantizing them as doubles.
  const f = Math.fround;
  const alphaReal = f(f(inputScale * f(alpha)) / outputScale);
  const a = quantizeMultiplier(Math.abs(alphaReal));
  const id = quantizeMultiplier(f(inputScale / outputScale));
  return {
    inputZeroPoint, outputZeroPoint, alphaMultiplier: a.multiplier, alphaShift: a.shift, alphaNegative: alphaReal < 0,
    identityMultiplier: id.multiplier, identityShift: id.shift,
  };
}

/**
 * Reference int8 LEAKY_RELU (TFLite QuantizeLeakyRelu): x - z_in rescaled by
 * the identity ratio when non-negative, by alpha times it otherwise, then
 * offset and clamped to int8.
 */
export function leakyReluInt8(p: LeakyReluParams, input: Int8Array, output: Int8Array): void {
  for (let i = 0; i < input.length; i++) {
    const x = input[i] - p.inputZeroPoint;
    let v: number;
    if (x >= 0) {
      v = multiplyByQuantizedMultiplier(x, p.identityMultiplier, p.identityShift);
    } else {
      const scaled = multiplyByQuantizedMultiplier(x, p.alphaMultiplier, p.alphaShift);
      v = p.alphaNegative ? -scaled : scaled;
    }
    v += p.outputZeroPoint;
    output[i] = v < -128 ? -128 : v > 127 ? 127 : v;
  }
}

export function prepareLeakyRelu(ctx: OpContext, alpha: number): OpRunner {
  if (!Number.isFinite(alpha)) ctx.fail(`alpha is ${alpha}; it must be finite`);
  const { dtype, i, o, count } = unaryOperands(ctx);
  if (dtype === 'float32') return floatUnary(i, o, (x) => (x >= 0 ? x : alpha * x));
  const qi = ctx.affine(ctx.input(0)), qo = ctx.affine(ctx.output());
  const p = leakyReluParams(qi.scale, qi.zeroPoint, qo.scale, qo.zeroPoint, alpha);
  ctx.plan = { kernel: 'leaky_relu', input: i, output: o, count, p };
  return (buf) => leakyReluInt8(p, buf[i] as Int8Array, buf[o] as Int8Array);
}
