import { roundHalfAway } from '../fixedPoint.js';
import type { OpContext, OpRunner } from './OpContext.js';

/**
 * TFLite's 256-entry table of sigmoid for int16 LOGISTIC and TANH (uint16,
 * 0.16 format: 65536 is 1.0), made here from its definition rather than
 * copied. Entry i is sigmoid(i / 24), raised by half the error that a
 * straight line from entry i to entry i + 1 makes at the middle of the step
 * (so the interpolation's error is balanced around the curve), rounded; the
 * last entry is 65535, where sigmoid(255 / 24) = 0.99998 saturates the format.
 * Checked against TFLite Micro's int16 kernels (tests/ir/tflmOracle.test.ts,
 * bit for bit over the whole input range).
 */
export const SIGMOID_TABLE_UINT16: Uint16Array = (() => {
  const s = (x: number) => 65536 / (1 + Math.exp(-x / 24));
  const table = new Uint16Array(256);
  for (let i = 0; i < 255; i++) table[i] = roundHalfAway(s(i) + (s(i + 0.5) - (s(i) + s(i + 1)) / 2) / 2);
  table[255] = 65535;
  return table;
})();

/** How an int16 input reaches the table (TFLM's LOGISTIC and TANH prepare for int16). */
export interface Sigmoid16Params {
  /** Input * multiplier, rounded right by leftShift, is the table's argument: Q3.12 * 3 (so +-2^17 is +-10.7). */
  multiplier: number;
  /** Bits, 0-31. */
  shift: number;
}

/** TFLite CheckedLog2 (float32): log2(x) rounded half away from zero, and whether x is within 1e-3 of that power of two in log2. */
export function checkedLog2(x: number): { log2: number; exact: boolean } {
  const f = Math.fround;
  const l = f(f(Math.log(x)) * f(1 / f(Math.log(2))));
  const rounded = roundHalfAway(l);
  return { log2: rounded, exact: Math.abs(f(l - rounded)) < f(1e-3) };
}

/**
 * Check an int16 LOGISTIC or TANH (zero points 0, output scale 2^-15, as TFLM
 * requires) and work out its input scaling. A power-of-two input scale of
 * 2^-12 (LOGISTIC; 2^-12 or 2^-11 for TANH) multiplies by 3 << shift; any
 * other scale by scale * 4096 * 3, doubled until it passes 16383.5, truncated.
 */
export function sigmoid16Params(ctx: OpContext, op: 'logistic' | 'tanh'): Sigmoid16Params {
  const qi = ctx.affine(ctx.input(0)), qo = ctx.affine(ctx.output());
  if (qi.zeroPoint !== 0 || qo.zeroPoint !== 0) ctx.fail(`an int16 ${op} needs zero points of 0 (TFLite's 16x8 scheme), not ${qi.zeroPoint} and ${qo.zeroPoint}`);
  const out = checkedLog2(qo.scale);
  if (!out.exact || out.log2 !== -15) ctx.fail(`an int16 ${op} needs output scale 2^-15 (1/32768), not ${qo.scale}`);
  const inLog2 = checkedLog2(qi.scale);
  const potShift = 12 + inLog2.log2;
  if (inLog2.exact && (potShift === 0 || (op === 'tanh' && potShift === 1))) return { multiplier: 3 << potShift, shift: 0 };
  let multiplier = qi.scale * 4096 * 3, shift = 0;
  while (multiplier <= 32767 / 2 && shift <= 30) {
    shift++;
    multiplier *= 2;
  }
  // TFLM only DCHECKs this; a larger multiplier (input scales above about 2.7) overflows its products.
  if (multiplier >= 32768) ctx.fail(`an int16 ${op} takes input scales up to 2.67, not ${qi.scale}`);
  return { multiplier: Math.trunc(multiplier), shift };
}

/** The table's argument for one int16 input: (x * multiplier + half) >> shift. */
export function sigmoid16Argument(p: Sigmoid16Params, x: number): number {
  return (x * p.multiplier + (p.shift > 0 ? 1 << (p.shift - 1) : 0)) >> p.shift;
}

/**
 * Reference int16 LOGISTIC (TFLite reference_integer_ops::Logistic, int16):
 * |argument| >> 9 picks the table entry, its low 9 bits interpolate to the
 * next; negative inputs mirror (1 - sigmoid). Output Q0.15 in [0, 32767].
 */
export function logisticInt16(p: Sigmoid16Params, input: Int16Array, output: Int16Array): void {
  const t = SIGMOID_TABLE_UINT16;
  for (let i = 0; i < input.length; i++) {
    const a = sigmoid16Argument(p, input[i]);
    const abs = Math.abs(a), h = abs >>> 9;
    // Up to 2^25: exact in a double, and unsigned as in TFLM.
    const r = h >= 255 ? 0x7fff * 1024 : t[h] * 512 + (abs & 0x1ff) * (t[h + 1] - t[h]);
    output[i] = Math.floor((a >= 0 ? r + 512 : 2 ** 25 - r + 511) / 1024);
  }
}

/**
 * Reference int16 TANH (TFLite reference_integer_ops::Tanh, int16), through
 * tanh(x) = 2 sigmoid(2x) - 1: |argument| >> 8 picks the entry, its low 8
 * bits interpolate. Output Q0.15 in [-32767, 32767].
 */
export function tanhInt16(p: Sigmoid16Params, input: Int16Array, output: Int16Array): void {
  const t = SIGMOID_TABLE_UINT16;
  for (let i = 0; i < input.length; i++) {
    const a = sigmoid16Argument(p, input[i]);
    const abs = Math.abs(a), h = abs >>> 8;
    const r = h >= 255 ? 0xffff * 256 : t[h] * 256 + (abs & 0xff) * (t[h + 1] - t[h]);
    output[i] = (a >= 0 ? r - 2 ** 23 + 128 : -r + 2 ** 23 + 127) >> 8;
  }
}

/** An int16 LOGISTIC or TANH: one shape in and out, both int16. */
export function prepareSigmoid16(ctx: OpContext, op: 'logistic' | 'tanh'): OpRunner {
  const [input, out] = [ctx.input(0), ctx.output()];
  if (out.dtype !== 'int16') ctx.fail(`an int16 ${op} needs an int16 output, not ${out.dtype}`);
  if (input.shape.join() !== out.shape.join()) ctx.fail(`input [${input.shape.join(', ')}] and output [${out.shape.join(', ')}] differ`);
  const p = sigmoid16Params(ctx, op);
  const [i, o] = [ctx.inputIndex(0), ctx.outputIndex()];
  const kernel = op === 'logistic' ? logisticInt16 : tanhInt16;
  return (buf) => kernel(p, buf[i] as Int16Array, buf[o] as Int16Array);
}
