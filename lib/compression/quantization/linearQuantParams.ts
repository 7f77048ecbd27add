// tinyml-lab: 02
/** An affine quantization: real = scale * (q - zeroPoint). */
export interface LinearQuant {
  /** Real units per integer step, > 0. */
  scale: number;
  /** The integer that represents real 0, in [-2^(bits-1), 2^(bits-1) - 1]. */
  zeroPoint: number;
}

/**
 * Asymmetric scale and zero point for signed `bits`-bit integers (bits an
 * integer in [2, 8]) covering the real range [min, max] (min <= max), as
 * TFLite quantizes activations. The range is first widened to hold 0 (so
 * zero padding and ReLU's zeros are exact): lo = min(0, min),
 * hi = max(0, max); scale = (hi - lo) / (2^bits - 1) and
 * zeroPoint = qmin - round(lo / scale), rounded half away from zero and
 * clamped to [qmin, qmax] with qmin = -2^(bits-1), qmax = 2^(bits-1) - 1.
 * A range of zero width gets scale 1 and zeroPoint 0. (Symmetric scales,
 * zero point 0, are perChannelScales with one channel.)
 */
export function linearQuantParams(min: number, max: number, bits: number): LinearQuant {
  // BEGIN SOLUTION
  if (!Number.isInteger(bits) || bits < 2 || bits > 8) throw new RangeError(`bits must be an integer in [2, 8], got ${bits}`);
  if (!(min <= max)) throw new RangeError(`min ${min} is above max ${max}`);
  const qmin = -(2 ** (bits - 1));
  const qmax = 2 ** (bits - 1) - 1;
  const lo = Math.min(0, min);
  const hi = Math.max(0, max);
  if (hi === lo) return { scale: 1, zeroPoint: 0 };
  const scale = (hi - lo) / (qmax - qmin);
  const r = lo / scale;
  const rounded = r < 0 ? -Math.round(-r) : Math.round(r);
  return { scale, zeroPoint: Math.max(qmin, Math.min(qmax, qmin - rounded)) };
  // END SOLUTION
}
