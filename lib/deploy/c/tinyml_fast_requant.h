/*
 * Requantization for the optimised kernels: the same results as
 * tinyml_mbqm in tinyml_fixed_point.h, in fewer instructions.
 *
 * TFLite's SaturatingRoundingDoublingHighMul divides a*b + nudge by 2^31,
 * truncating toward zero, with nudge = 2^30 when a*b >= 0 and 1 - 2^30 when
 * a*b < 0. For a*b >= 0 that is floor((a*b + 2^30) / 2^31). For a*b < 0 the
 * numerator is negative, so truncation is a ceiling, and
 * ceil((a*b + 1 - 2^30) / 2^31) = floor((a*b + 1 - 2^30 + 2^31 - 1) / 2^31)
 * = floor((a*b + 2^30) / 2^31). Both are one arithmetic shift of a 64-bit sum
 * (SMULL, ADDS/ADC, a shift pair on Armv7-M) instead of a signed division.
 * tests/deploy/c/fast_requant_check.c checks it against the reference.
 */
#ifndef TINYML_FAST_REQUANT_H
#define TINYML_FAST_REQUANT_H

#include "tinyml_fixed_point.h"

static inline int32_t tinyml_srdhm_fast(int32_t a, int32_t b) {
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  return (int32_t)(((int64_t)a * b + (1 << 30)) >> 31);
}

static inline int32_t tinyml_mbqm_fast(int32_t x, int32_t multiplier, int32_t shift) {
  if (shift > 0) return tinyml_srdhm_fast(tinyml_shl(x, shift), multiplier);
  return tinyml_rdbp(tinyml_srdhm_fast(x, multiplier), -shift);
}

#endif
