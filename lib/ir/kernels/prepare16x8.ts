import { quantizedActivationRange } from '../activationRange.js';
import { multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplier64 } from '../fixedPoint.js';
import type { Activation } from '../Operator.js';
import type { Requantization, Rescale } from './conv2d.js';
import type { OpContext } from './OpContext.js';

/**
 * How a 16x8 kernel accumulates (TFLM picks it from the bias type): 'int64'
 * sums exactly and rescales with the int64 MultiplyByQuantizedMultiplier;
 * 'int32' wraps like the int8 kernels and rescales with the int32 one.
 */
export type Accumulator16x8 = 'int64' | 'int32';

/** The bias of a 16x8 layer as numbers (int64 biases converted exactly; |bias| < 2^53). */
export interface Bias16x8 {
  values: Float64Array | null;
  accumulator: Accumulator16x8;
}

/**
 * Check the int16 activations and int8 weights of a 16x8 CONV_2D,
 * DEPTHWISE_CONV_2D or FULLY_CONNECTED (TFLite's 16x8 scheme: input and
 * output int16 with zero point 0, symmetric int8 weights) and read its bias:
 * int64 (or none) accumulates in int64, int32 in int32; `int64Only` for
 * depthwise, whose TFLM kernel reads any bias as int64. Returns the bias and
 * the int16 clamp range of the fused activation.
 */
export function prepare16x8(ctx: OpContext, biasInput: number, activation: Activation, int64Only: boolean): { bias: Bias16x8; actMin: number; actMax: number } {
  const [input, weights, out] = [ctx.input(0), ctx.input(1), ctx.output()];
  if (weights.dtype !== 'int8') ctx.fail(`int16 activations need int8 weights (the 16x8 scheme), not ${weights.dtype}`);
  if (out.dtype !== 'int16') ctx.fail(`an int16 input needs an int16 output, not ${out.dtype}`);
  if ((weights.quantization?.zeroPoint ?? []).some((z) => z !== 0)) ctx.fail('16x8 weights must be symmetric (zero point 0)');
  const qi = ctx.affine(input), qo = ctx.affine(out);
  if (qi.zeroPoint !== 0 || qo.zeroPoint !== 0) ctx.fail(`int16 activations must have zero point 0 (TFLite's 16x8 scheme), not ${qi.zeroPoint} and ${qo.zeroPoint}`);
  const [actMin, actMax] = quantizedActivationRange(activation, qo.scale, 0, -32768, 32767);
  if (!ctx.hasInput(biasInput)) return { bias: { values: null, accumulator: 'int64' }, actMin, actMax };
  const b = ctx.input(biasInput);
  if (b.dtype === 'int64') return { bias: { values: Float64Array.from(ctx.constant<BigInt64Array>(biasInput, 'int64'), Number), accumulator: 'int64' }, actMin, actMax };
  if (b.dtype === 'int32' && !int64Only) return { bias: { values: Float64Array.from(ctx.constant<Int32Array>(biasInput, 'int32')), accumulator: 'int32' }, actMin, actMax };
  return ctx.fail(`a 16x8 layer's bias must be int64${int64Only ? '' : ' or int32'}, not ${b.dtype}`);
}

/**
 * The 16x8 layers' rescale (conv2d.ts Rescale): int64 accumulators use the
 * int64 MultiplyByQuantizedMultiplier on the exact sum, int32 ones wrap first;
 * then the int16 clamp (no output offset: the zero point is 0).
 */
export function rescale16x8(q: Requantization, accumulator: Accumulator16x8): Rescale {
  return (acc, c) => {
    const k = q.multipliers.length === 1 ? 0 : c;
    const v = accumulator === 'int64' ? multiplyByQuantizedMultiplier64(acc, q.multipliers[k], q.shifts[k]) : multiplyByQuantizedMultiplier(acc | 0, q.multipliers[k], q.shifts[k]);
    return v < q.actMin ? q.actMin : v > q.actMax ? q.actMax : v;
  };
}
