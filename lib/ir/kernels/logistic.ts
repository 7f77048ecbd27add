import {
  calculateInputRadius, fixedPointLogistic, multiplyByQuantizedMultiplier, quantizeMultiplier, roundingDivideByPot,
} from '../fixedPoint.js';
import type { OpContext, OpRunner } from './OpContext.js';
import { prepareSigmoid16 } from './sigmoid16.js';
import { floatUnary, unaryOperands } from './unaryOperands.js';

const INPUT_INTEGER_BITS = 4;

/** Fixed-point parameters of an int8 LOGISTIC (TFLite LogisticPrepare). */
export interface LogisticParams {
  inputZeroPoint: number;
  inputMultiplier: number;
  inputLeftShift: number;
  /** Inputs at or beyond +-radius saturate to 127 / -128. */
  inputRangeRadius: number;
}

export function logisticParams(inputScale: number, inputZeroPoint: number): LogisticParams {
  const m = quantizeMultiplier(inputScale * 2 ** (31 - INPUT_INTEGER_BITS));
  return {
    inputZeroPoint,
    inputMultiplier: m.multiplier,
    inputLeftShift: m.shift,
    inputRangeRadius: calculateInputRadius(INPUT_INTEGER_BITS, m.shift),
  };
}

/**
 * Reference int8 LOGISTIC (TFLite reference_integer_ops::Logistic): the input
 * is rescaled to Q4.27, gemmlowp's fixed-point logistic gives Q0.31, and the
 * output is quantized with scale 1/256 and zero point -128.
 */
export function logisticInt8(p: LogisticParams, input: Int8Array, output: Int8Array): void {
  for (let i = 0; i < input.length; i++) {
    const x = input[i] - p.inputZeroPoint;
    if (x <= -p.inputRangeRadius) { output[i] = -128; continue; }
    if (x >= p.inputRangeRadius) { output[i] = 127; continue; }
    const q4 = multiplyByQuantizedMultiplier(x, p.inputMultiplier, p.inputLeftShift);
    const q0 = fixedPointLogistic(q4, INPUT_INTEGER_BITS);
    output[i] = Math.max(-128, Math.min(127, roundingDivideByPot(q0, 31 - 8) - 128));
  }
}

export function prepareLogistic(ctx: OpContext): OpRunner {
  if (ctx.input(0).dtype === 'int16') return prepareSigmoid16(ctx, 'logistic');
  const { dtype, i, o, count } = unaryOperands(ctx);
  if (dtype === 'float32') return floatUnary(i, o, (x) => 1 / (1 + Math.exp(-x)));
  const qo = ctx.affine(ctx.output());
  if (qo.zeroPoint !== -128 || Math.abs(qo.scale - 1 / 256) > 1e-8) {
    ctx.fail(`int8 logistic output must have scale 1/256 and zero point -128, not ${qo.scale} and ${qo.zeroPoint}`);
  }
  const qi = ctx.affine(ctx.input(0));
  const p = logisticParams(qi.scale, qi.zeroPoint);
  ctx.plan = { kernel: 'logistic', input: i, output: o, count, p };
  return (buf) => logisticInt8(p, buf[i] as Int8Array, buf[o] as Int8Array);
}
