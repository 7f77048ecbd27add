import { quantizeMultiplier } from '../fixedPoint.js';
import type { OpContext, OpRunner } from './OpContext.js';
import { floatUnary, unaryOperands } from './unaryOperands.js';

/**
 * Fixed-point parameters of an int8 HARD_SWISH (TFLM HardSwishPrepare). Both
 * multipliers are int16 (Q0.15) with a power-of-two exponent: the input is
 * first moved to a "hi-res" scale of s_in / 128.
 */
export interface HardSwishParams {
  inputZeroPoint: number;
  outputZeroPoint: number;
  /** (s_in / 128) / (3 / 32768): maps x to [-1, 1] over x in [-3, 3]. */
  reluishMultiplier: number;
  reluishExponent: number;
  /** (s_in / 128) / s_out; its exponent is never positive. */
  outputMultiplier: number;
  outputExponent: number;
}

/** TFLite DownScaleInt32ToInt16Multiplier: the top 16 bits of a Q0.31 multiplier, rounded, saturating at 32767. */
function downScaleToInt16(m: number): number {
  if (m >= 2147483647 - 32768) return 32767;
  return Math.floor((m + 32768) / 65536);
}

/** Throws when the output scale is below the input scale / 128, which TFLM refuses. */
export function hardSwishParams(inputScale: number, inputZeroPoint: number, outputScale: number, outputZeroPoint: number): HardSwishParams {
  // TFLM forms the ratios in float32 and quantizes them as doubles.
  const f = Math.fround;
  const hires = f(f(1 / 128) * inputScale);
  const out = quantizeMultiplier(f(hires / outputScale));
  if (out.shift > 0) throw new Error(`the output scale ${outputScale} is below the input scale / 128 (${hires}); TFLM refuses such a HARD_SWISH`);
  const reluish = quantizeMultiplier(f(hires / f(3 / 32768)));
  return {
    inputZeroPoint, outputZeroPoint,
    reluishMultiplier: downScaleToInt16(reluish.multiplier), reluishExponent: reluish.shift,
    outputMultiplier: downScaleToInt16(out.multiplier), outputExponent: out.shift,
  };
}

const INT16_MIN = -32768, INT16_MAX = 32767;

/** gemmlowp's int16 SaturatingRoundingDoublingHighMul: (a * b * 2) / 2^16 rounded to nearest, ties away from zero. */
function roundingHighMul16(a: number, b: number): number {
  if (a === INT16_MIN && b === INT16_MIN) return INT16_MAX;
  const ab = a * b;
  return Math.trunc((ab + (ab >= 0 ? 1 << 14 : 1 - (1 << 14))) / 32768);
}

/** The same, truncating toward zero (TFLite SaturatingDoublingHighMul, like Arm's SQDMULH). */
function truncatingHighMul16(a: number, b: number): number {
  if (a === INT16_MIN && b === INT16_MIN) return INT16_MAX;
  return Math.trunc((a * b) / 32768);
}

function saturatingLeftShift16(x: number, amount: number): number {
  return Math.max(INT16_MIN, Math.min(INT16_MAX, x * 2 ** amount));
}

/** Wrap to int16, as the C++ does when it stores an int result in an int16_t. */
function toInt16(x: number): number {
  return (x << 16) >> 16;
}

/**
 * gemmlowp RoundingDivideByPOT instantiated for int16: its mask is int16 too,
 * so for exponents of 16 and more it becomes -1 and the result is 1 for
 * x >= 0 and -1 below. Mirrored because TFLite runs exactly this.
 */
function roundingDivideByPot16(x: number, exponent: number): number {
  const mask = toInt16(2 ** exponent - 1);
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return toInt16((x >> exponent) + ((x & mask) > threshold ? 1 : 0));
}

/**
 * Reference int8 HARD_SWISH, x * relu6(x + 3) / 6 (TFLite
 * reference_ops::HardSwish): the input on a scale 128 times finer, a
 * "relu-ish" factor in [0, 1] in Q0.15 saturating outside [-3, 3], their
 * product truncated, then shifted to the output scale.
 */
export function hardSwishInt8(p: HardSwishParams, input: Int8Array, output: Int8Array): void {
  for (let i = 0; i < input.length; i++) {
    const hires = (input[i] - p.inputZeroPoint) * 128;
    const preshift = roundingHighMul16(hires, p.outputMultiplier);
    let reluish = hires;
    if (p.reluishExponent > 0) reluish = saturatingLeftShift16(reluish, p.reluishExponent - 1);
    reluish = roundingHighMul16(reluish, p.reluishMultiplier);
    if (p.reluishExponent > 0) reluish = saturatingLeftShift16(reluish, 1);
    if (p.reluishExponent < 0) reluish = roundingDivideByPot16(reluish, -p.reluishExponent);
    reluish = (reluish + 32768) >> 1;
    const product = truncatingHighMul16(reluish, preshift);
    // The zero point is added in int16, wrapping as the C++ does.
    const v = toInt16(roundingDivideByPot16(product, -p.outputExponent) + p.outputZeroPoint);
    output[i] = v < -128 ? -128 : v > 127 ? 127 : v;
  }
}

export function prepareHardSwish(ctx: OpContext): OpRunner {
  const { dtype, i, o, count } = unaryOperands(ctx);
  const f = Math.fround;
  if (dtype === 'float32') return floatUnary(i, o, (x) => f(f(x * Math.min(6, Math.max(0, f(x + 3)))) / 6));
  const qi = ctx.affine(ctx.input(0)), qo = ctx.affine(ctx.output());
  let p: HardSwishParams;
  try {
    p = hardSwishParams(qi.scale, qi.zeroPoint, qo.scale, qo.zeroPoint);
  } catch (e) {
    return ctx.fail((e as Error).message);
  }
  ctx.plan = { kernel: 'hard_swish', input: i, output: o, count, p };
  return (buf) => hardSwishInt8(p, buf[i] as Int8Array, buf[o] as Int8Array);
}
