import { multiplyByQuantizedMultiplier, quantizeMultiplier, roundHalfAway } from '../fixedPoint.js';
import type { OpContext, OpRunner } from './OpContext.js';

const f = Math.fround;

/**
 * TFLite's 513-entry int16 lookup table of `transform` (LUTPopulateInt16,
 * float32 arithmetic throughout): 512 samples over the int16 input range,
 * each lowered by half the error a linear interpolation makes at the middle
 * of its step, and the value at the top of the range. Entries are Q0.15 in
 * the output quantization.
 */
export function int16Lut(inputScale: number, inputZeroPoint: number, outputScale: number, outputZeroPoint: number, transform: (x: number) => number): Int16Array {
  const inputMin = f(inputScale * (-32768 - inputZeroPoint)), inputMax = f(inputScale * (32767 - inputZeroPoint));
  const outputMin = f(outputScale * (-32768 - outputZeroPoint)), outputMax = f(outputScale * (32767 - outputZeroPoint));
  const steps = 512;
  const step = f(f(inputMax - inputMin) / steps), halfStep = f(step / 2);
  const inv = f(65536 / f(outputMax - outputMin));
  const clamp = (v: number) => Math.min(Math.max(v, -32768), 32767);
  const lut = new Int16Array(steps + 1);
  for (let i = 0; i < steps; i++) {
    const at = f(inputMin + f(i * step));
    const val = transform(at), mid = transform(f(at + halfStep)), next = transform(f(inputMin + f((i + 1) * step)));
    const sample = roundHalfAway(f(val * inv));
    const interpolated = roundHalfAway(f(f(f(next * inv) + sample) / 2));
    const bias = roundHalfAway(f(f(interpolated - roundHalfAway(f(mid * inv))) / 2));
    lut[i] = clamp(f(sample - bias));
  }
  lut[steps] = clamp(roundHalfAway(f(transform(inputMax) * inv)));
  return lut;
}

/** TFLite LUTLookup for int16: the entry at the value's top 9 bits, interpolated by its low 7 bits. */
export function lookupInt16(value: number, lut: Int16Array): number {
  const index = 256 + (value >> 7);
  const slope = ((lut[index + 1] - lut[index]) << 16) >> 16;
  return ((lut[index] + ((slope * (value & 0x7f) + 64) >> 7)) << 16) >> 16;
}

/** What an int16 SOFTMAX precomputes (TFLM CalculateSoftmaxParams, InitializeLutForInt16). */
export interface Softmax16Params {
  inputMultiplier: number;
  inputShift: number;
  /** exp on [-10, 0]. */
  expLut: Int16Array;
  /** 1 / (1 + x) on [0, 1]. */
  reciprocalLut: Int16Array;
}

export function softmax16Params(beta: number, inputScale: number): Softmax16Params {
  const m = quantizeMultiplier((inputScale * beta) / (10 / 65535));
  const range = 65535;
  return {
    inputMultiplier: m.multiplier, inputShift: m.shift,
    expLut: int16Lut(f(10 / range), 32767, f(2 / range), 0, (x) => f(Math.exp(x))),
    reciprocalLut: int16Lut(f(1 / range), -32768, f(2 / range), 0, (x) => f(1 / f(1 + x))),
  };
}

/**
 * Reference int16 SOFTMAX over the last axis (TFLite SoftmaxInt16): each
 * difference from the row's maximum, rescaled so [-10, 0] spans int16, looks
 * up exp; the sum, normalised to its leading bit, looks up its reciprocal;
 * outputs are Q0.15 in [0, 32767].
 */
export function softmaxInt16(p: Softmax16Params, depth: number, input: Int16Array, output: Int16Array): void {
  for (let row = 0; row < input.length; row += depth) {
    let max = -32768;
    for (let c = 0; c < depth; c++) max = Math.max(max, input[row + c]);
    let sum = 0;
    for (let c = 0; c < depth; c++) {
      const scaled = multiplyByQuantizedMultiplier(input[row + c] - max, p.inputMultiplier, p.inputShift);
      const e = lookupInt16(Math.min(Math.max(scaled + 32767, -32768), 32767), p.expLut);
      output[row + c] = e;
      sum = (sum + e) | 0;
    }
    const headroomPlusOne = Math.clz32(sum);
    // (sum << (h - 1)) in int64, rounded to Q1.14 (an exact integer below 2^47 here).
    const shifted = Math.floor((sum * 2 ** (headroomPlusOne - 1) + 8192) / 16384);
    const symmetric = Math.min(Math.max(shifted - (32768 + 65536), -32768), 32767);
    const reciprocal = lookupInt16(symmetric, p.reciprocalLut);
    const rightShift = 31 - headroomPlusOne;
    for (let c = 0; c < depth; c++) {
      const v = Math.floor((output[row + c] * reciprocal + 2 ** (rightShift - 1)) / 2 ** rightShift);
      output[row + c] = Math.min(Math.max(v, 0), 32767);
    }
  }
}

/** An int16 SOFTMAX: input and output zero point 0, output scale 1/32768 (TFLM's requirements). */
export function prepareSoftmax16(ctx: OpContext, beta: number, depth: number): OpRunner {
  const [input, out] = [ctx.input(0), ctx.output()];
  if (out.dtype !== 'int16') ctx.fail(`an int16 softmax needs an int16 output, not ${out.dtype}`);
  const qi = ctx.affine(input), qo = ctx.affine(out);
  if (qi.zeroPoint !== 0 || qo.zeroPoint !== 0 || Math.abs(qo.scale - 1 / 32768) > 0.001 / 32768) {
    ctx.fail(`an int16 softmax needs zero points of 0 and output scale 1/32768, not ${qi.zeroPoint}, ${qo.zeroPoint} and ${qo.scale}`);
  }
  const p = softmax16Params(beta, qi.scale);
  const [i, o] = [ctx.inputIndex(0), ctx.outputIndex()];
  return (buf) => softmaxInt16(p, depth, buf[i] as Int16Array, buf[o] as Int16Array);
}
