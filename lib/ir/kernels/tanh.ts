import { fixedPointTanh, multiplyByQuantizedMultiplier, roundingDivideByPot } from '../fixedPoint.js';
import type { LogisticParams } from './logistic.js';
import { logisticParams } from './logistic.js';
import type { OpContext, OpRunner } from './OpContext.js';
import { prepareSigmoid16 } from './sigmoid16.js';
import { floatUnary, unaryOperands } from './unaryOperands.js';

/** Integer bits of the rescaled input: LOGISTIC's Q4.27, so TANH shares its parameters (TFLM tanh.cc, CalculateArithmeticOpData). */
const INPUT_INTEGER_BITS = 4;

/**
 * Reference int8 TANH (TFLite reference_integer_ops::Tanh): the input is
 * rescaled to Q4.27, gemmlowp's fixed-point tanh gives Q0.31, and the output
 * is quantized with scale 1/128 and zero point 0.
 */
export function tanhInt8(p: LogisticParams, input: Int8Array, output: Int8Array): void {
  for (let i = 0; i < input.length; i++) {
    const x = input[i] - p.inputZeroPoint;
    if (x <= -p.inputRangeRadius) { output[i] = -128; continue; }
    if (x >= p.inputRangeRadius) { output[i] = 127; continue; }
    const q4 = multiplyByQuantizedMultiplier(x, p.inputMultiplier, p.inputLeftShift);
    const v = roundingDivideByPot(fixedPointTanh(q4, INPUT_INTEGER_BITS), 31 - 7);
    output[i] = v < -128 ? -128 : v > 127 ? 127 : v;
  }
}

export function prepareTanh(ctx: OpContext): OpRunner {
  if (ctx.input(0).dtype === 'int16') return prepareSigmoid16(ctx, 'tanh');
  const { dtype, i, o, count } = unaryOperands(ctx);
  if (dtype === 'float32') return floatUnary(i, o, Math.tanh);
  const qo = ctx.affine(ctx.output());
  if (qo.zeroPoint !== 0 || Math.abs(qo.scale - 1 / 128) > 1e-8) {
    ctx.fail(`int8 tanh output must have scale 1/128 and zero point 0, not ${qo.scale} and ${qo.zeroPoint}`);
  }
  const qi = ctx.affine(ctx.input(0));
  const p = logisticParams(qi.scale, qi.zeroPoint);
  ctx.plan = { kernel: 'tanh', input: i, output: o, count, p };
  return (buf) => tanhInt8(p, buf[i] as Int8Array, buf[o] as Int8Array);
}
