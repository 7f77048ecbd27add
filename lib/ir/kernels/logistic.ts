import {
  calculateInputRadius, fixedPointLogistic, multiplyByQuantizedMultiplier, quantizeMultiplier, roundingDivideByPot,
} from '../fixedPoint.js';
import type { OpContext, OpRunner } from './OpContext.js';

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
  const [input, out] = [ctx.input(0), ctx.output()];
  if (input.shape.join() !== out.shape.join()) ctx.fail(`input [${input.shape.join(', ')}] and output [${out.shape.join(', ')}] differ`);
  const dtype = ctx.sameDType([input, out], ['int8', 'float32']);
  const [i, o] = [ctx.inputIndex(0), ctx.outputIndex()];
  if (dtype === 'float32') {
    return (buf) => {
      const x = buf[i] as Float32Array, y = buf[o] as Float32Array;
      for (let k = 0; k < x.length; k++) y[k] = 1 / (1 + Math.exp(-x[k]));
    };
  }
  const qo = ctx.affine(out);
  if (qo.zeroPoint !== -128 || Math.abs(qo.scale - 1 / 256) > 1e-8) {
    ctx.fail(`int8 logistic output must have scale 1/256 and zero point -128, not ${qo.scale} and ${qo.zeroPoint}`);
  }
  const qi = ctx.affine(input);
  const p = logisticParams(qi.scale, qi.zeroPoint);
  ctx.plan = { kernel: 'logistic', input: i, output: o, count: input.shape.reduce((n, d) => n * d, 1), p };
  return (buf) => logisticInt8(p, buf[i] as Int8Array, buf[o] as Int8Array);
}
