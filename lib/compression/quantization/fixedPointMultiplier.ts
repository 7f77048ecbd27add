// tinyml-lab: 02
/** A positive real multiplier M as integer arithmetic: M = multiplier * 2^shift / 2^31. */
export interface FixedPointMultiplier {
  /** int32 in [2^30, 2^31), or 0 for M = 0. */
  multiplier: number;
  /** Power-of-two exponent, positive for a left shift. */
  shift: number;
}

/**
 * TFLite's QuantizeMultiplier: write real = f * 2^shift with f in [0.5, 1),
 * then multiplier = round(f * 2^31) (half away from zero). If rounding gives
 * 2^31, halve it and add one to shift. 0 gives { 0, 0 }; a shift below -31
 * underflows to { 0, 0 }. `real` >= 0 and finite, else RangeError.
 */
export function fixedPointMultiplier(real: number): FixedPointMultiplier {
  // BEGIN SOLUTION
  if (!(real >= 0) || !Number.isFinite(real)) throw new RangeError(`cannot represent the multiplier ${real}`);
  if (real === 0) return { multiplier: 0, shift: 0 };
  let shift = Math.floor(Math.log2(real)) + 1;
  let f = real / 2 ** shift;
  // log2 can land one off near powers of two
  while (f < 0.5) { f *= 2; shift--; }
  while (f >= 1) { f /= 2; shift++; }
  let multiplier = Math.round(f * 2 ** 31);
  if (multiplier === 2 ** 31) { multiplier /= 2; shift++; }
  if (shift < -31) return { multiplier: 0, shift: 0 };
  return { multiplier, shift };
  // END SOLUTION
}
