// tinyml-lab: 05

/**
 * Lab 05's first C kernel, as C source: TFLite's requantization of one int32
 * accumulator to int8,
 *   int32_t student_requantize(int32_t acc, int32_t multiplier, int32_t shift,
 *                              int32_t zero_point, int32_t act_min, int32_t act_max)
 * = clamp(MultiplyByQuantizedMultiplier(acc, multiplier, shift) + zero_point, act_min, act_max):
 * acc shifted left by max(shift, 0) (wrapping), then the rounding doubling
 * high multiply by `multiplier` (a Q31 value in [2^30, 2^31); INT32_MIN times
 * INT32_MIN saturates to INT32_MAX), then a rounding right shift by
 * max(-shift, 0) with ties away from zero. <stdint.h> is included for it.
 */
export function requantizeKernel(): string {
  // BEGIN SOLUTION
  return `int32_t student_requantize(int32_t acc, int32_t multiplier, int32_t shift, int32_t zero_point, int32_t act_min, int32_t act_max) {
  const int32_t left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  const int32_t x = (int32_t)((uint32_t)acc << left);
  int32_t high;
  if (x == INT32_MIN && multiplier == INT32_MIN) {
    high = INT32_MAX;
  } else {
    const int64_t ab = (int64_t)x * (int64_t)multiplier;
    const int64_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
    high = (int32_t)((ab + nudge) / ((int64_t)1 << 31));
  }
  int32_t v = high;
  if (right > 0) {
    const int32_t mask = (int32_t)((1u << right) - 1u);
    const int32_t remainder = high & mask;
    const int32_t threshold = (mask >> 1) + (high < 0 ? 1 : 0);
    v = (high >> right) + (remainder > threshold ? 1 : 0);
  }
  v += zero_point;
  return v < act_min ? act_min : v > act_max ? act_max : v;
}
`;
  // END SOLUTION
}
