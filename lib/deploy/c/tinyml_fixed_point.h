/*
 * TFLite / gemmlowp integer arithmetic (tensorflow/lite/kernels/internal/common.h,
 * gemmlowp/fixedpoint/fixedpoint.h), written from their documented semantics.
 * Signed right shifts are arithmetic (GCC guarantees it); products that may
 * overflow int32 are formed in uint32 to keep C's rules defined.
 */
#ifndef TINYML_FIXED_POINT_H
#define TINYML_FIXED_POINT_H

#include <stdint.h>

static inline int32_t tinyml_wrap_add(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
static inline int32_t tinyml_wrap_sub(int32_t a, int32_t b) { return (int32_t)((uint32_t)a - (uint32_t)b); }
static inline int32_t tinyml_shl(int32_t x, int32_t s) { return (int32_t)((uint32_t)x << s); }

/* High 32 bits of 2*a*b, rounded, saturating the INT32_MIN * INT32_MIN case. */
static inline int32_t tinyml_srdhm(int32_t a, int32_t b) {
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  int64_t ab = (int64_t)a * (int64_t)b;
  int64_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

/* x / 2^exponent, rounded to nearest with ties away from zero; exponent in [0, 31]. */
static inline int32_t tinyml_rdbp(int32_t x, int32_t exponent) {
  if (exponent == 0) return x;
  const int32_t mask = exponent >= 31 ? 0x7fffffff : (int32_t)((1u << exponent) - 1u);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* TFLite MultiplyByQuantizedMultiplier, double rounding (its default build). */
static inline int32_t tinyml_mbqm(int32_t x, int32_t multiplier, int32_t shift) {
  const int32_t left = shift > 0 ? shift : 0;
  const int32_t right = shift > 0 ? 0 : -shift;
  return tinyml_rdbp(tinyml_srdhm(tinyml_shl(x, left), multiplier), right);
}

static inline int32_t tinyml_mbqm_gt_one(int32_t x, int32_t multiplier, int32_t left_shift) {
  return tinyml_srdhm(tinyml_shl(x, left_shift), multiplier);
}

static inline int32_t tinyml_srmbp(int32_t x, int32_t exponent) {
  if (exponent == 0) return x;
  if (exponent < 0) return tinyml_rdbp(x, -exponent);
  const int32_t threshold = (int32_t)((1u << (31 - exponent)) - 1u);
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return tinyml_shl(x, exponent);
}

static inline int32_t tinyml_exp_quarter(int32_t a) {
  const int32_t constant_term = 1895147668;
  const int32_t constant_one_third = 715827883;
  const int32_t x = tinyml_wrap_add(a, 1 << 28);
  const int32_t x2 = tinyml_srdhm(x, x);
  const int32_t x3 = tinyml_srdhm(x2, x);
  const int32_t x4 = tinyml_srdhm(x2, x2);
  const int32_t x4_over_4 = tinyml_srmbp(x4, -2);
  const int32_t poly = tinyml_srmbp(tinyml_wrap_add(tinyml_srdhm(tinyml_wrap_add(x4_over_4, x3), constant_one_third), x2), -1);
  return tinyml_wrap_add(constant_term, tinyml_srdhm(constant_term, tinyml_wrap_add(x, poly)));
}

/* exp(a) for a <= 0 with `integer_bits` integer bits; Q0.31 out. */
static inline int32_t tinyml_exp_on_negative_values(int32_t a, int32_t integer_bits) {
  static const int32_t barrel[7][2] = {
    {-2, 1672461947}, {-1, 1302514674}, {0, 790015084}, {1, 290630308}, {2, 39332535}, {3, 720401}, {4, 242},
  };
  const int32_t fractional_bits = 31 - integer_bits;
  const int32_t one_quarter = (int32_t)(1u << (fractional_bits - 2));
  const int32_t a_mod_quarter_minus_one_quarter = tinyml_wrap_sub(a & (one_quarter - 1), one_quarter);
  int32_t result = tinyml_exp_quarter(tinyml_srmbp(a_mod_quarter_minus_one_quarter, integer_bits));
  const int32_t remainder = tinyml_wrap_sub(a_mod_quarter_minus_one_quarter, a);
  for (int k = 0; k < 7; k++) {
    if (integer_bits > barrel[k][0]) {
      const int32_t bit = fractional_bits + barrel[k][0];
      if (remainder & (int32_t)(1u << bit)) result = tinyml_srdhm(result, barrel[k][1]);
    }
  }
  if (integer_bits > 5) {
    const int32_t clamp = -(int32_t)(1u << (36 - integer_bits));
    if (a < clamp) result = 0;
  }
  return a == 0 ? INT32_MAX : result;
}

/* 1 / ((1 + a) / 2) in Q2.29 for a in [0, 1) in Q0.31: the Newton-Raphson division of both quotients below. */
static inline int32_t tinyml_reciprocal_of_half_denominator(int32_t a) {
  const int64_t sum = (int64_t)a + INT32_MAX;
  const int32_t half_denominator = (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
  const int32_t c48_over_17 = 1515870810;
  const int32_t c_neg32_over_17 = -1010580540;
  int32_t x = tinyml_wrap_add(c48_over_17, tinyml_srdhm(half_denominator, c_neg32_over_17));
  for (int i = 0; i < 3; i++) {
    const int32_t one_minus = tinyml_wrap_sub(1 << 29, tinyml_srdhm(half_denominator, x));
    x = tinyml_wrap_add(x, tinyml_srmbp(tinyml_srdhm(x, one_minus), 2));
  }
  return x;
}

/* 1 / (1 + a) for a in [0, 1), Q0.31 in and out. */
static inline int32_t tinyml_one_over_one_plus_x(int32_t a) {
  return tinyml_srmbp(tinyml_reciprocal_of_half_denominator(a), 1);
}

/* (1 - a) / (1 + a) for a in [0, 1), Q0.31 in and out. */
static inline int32_t tinyml_one_minus_x_over_one_plus_x(int32_t a) {
  return tinyml_srmbp(tinyml_wrap_sub(tinyml_reciprocal_of_half_denominator(a), 1 << 29), 2);
}

static inline int32_t tinyml_clz32(uint32_t x) {
  int32_t n = 0;
  if (x == 0) return 32;
  while (!(x & 0x80000000u)) { x <<= 1; n++; }
  return n;
}

static inline int32_t tinyml_saturating_add(int32_t a, int32_t b) {
  const int64_t s = (int64_t)a + b;
  return s > INT32_MAX ? INT32_MAX : s < INT32_MIN ? INT32_MIN : (int32_t)s;
}

/* (a + b) / 2 in 64 bits, ties away from zero. */
static inline int32_t tinyml_rounding_half_sum(int32_t a, int32_t b) {
  const int64_t sum = (int64_t)a + b;
  return (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
}

/*
 * ln(x) for x >= 1 with input_integer_bits integer bits, in Q5.26: the power
 * of two from the leading zeros (read twice, once after a multiply by
 * sqrt(1/2), the closer kept), the mantissa through a rational approximation
 * around 2^(-1/4); 6 integer bits while accumulating.
 */
static inline int32_t tinyml_log_x_ge_1(int32_t x, int32_t input_integer_bits) {
  const int32_t log2 = 1488522236, sqrt_sqrt_half = 1805811301, sqrt_half = 1518500250;
  const int32_t alpha_n = 117049297, alpha_d = 127690142, alpha_i = 1057819769, alpha_f = 638450708;
  const int32_t shifted_quarter = tinyml_rdbp(536870912, 6);
  const int32_t za_headroom_plus_1 = tinyml_clz32((uint32_t)x);
  const int32_t ra_tmp = tinyml_srmbp(x, za_headroom_plus_1 - 1);
  const int32_t ra = tinyml_srmbp(tinyml_srdhm(ra_tmp, sqrt_half), 1);
  const int32_t za_pow2_adj = tinyml_saturating_add(tinyml_srmbp(input_integer_bits - za_headroom_plus_1, 25), shifted_quarter);
  const int32_t zb = tinyml_srdhm(x, sqrt_half);
  const int32_t zb_headroom = tinyml_clz32((uint32_t)zb) - 1;
  const int32_t rb = tinyml_srmbp(x, zb_headroom);
  const int32_t zb_pow2_adj = tinyml_saturating_add(tinyml_srmbp(input_integer_bits - zb_headroom, 25), -shifted_quarter);
  const int32_t r = ra < rb ? ra : rb;
  const int32_t z_pow2_adj = za_pow2_adj > zb_pow2_adj ? za_pow2_adj : zb_pow2_adj;
  const int32_t p = tinyml_rounding_half_sum(r, sqrt_sqrt_half);
  int32_t q = tinyml_wrap_sub(r, sqrt_sqrt_half);
  q = tinyml_wrap_add(q, q);
  const int32_t common_sq = tinyml_srdhm(q, q);
  const int32_t num = tinyml_wrap_add(tinyml_srdhm(q, r), tinyml_srdhm(tinyml_srdhm(q, common_sq), alpha_n));
  const int32_t denom_minus_one = tinyml_wrap_add(
    tinyml_srdhm(p, tinyml_wrap_add(tinyml_wrap_add(alpha_i, q), tinyml_srdhm(alpha_d, common_sq))), tinyml_srdhm(alpha_f, q));
  const int32_t recip_denom = tinyml_one_over_one_plus_x(denom_minus_one);
  const int32_t num_scaled = tinyml_rdbp(num, 6);
  return tinyml_srmbp(tinyml_wrap_add(tinyml_srdhm(z_pow2_adj, log2), tinyml_srdhm(num_scaled, recip_denom)), 1);
}
#endif
