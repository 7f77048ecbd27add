/*
 * Property check: tinyml_conv2d_s8_simd and tinyml_fully_connected_s8_simd
 * equal the reference kernels on seeded random inputs for a seeded stream of
 * shapes: 1x1 windows inside the image (the pointwise path) and others up to
 * 5x5 with padding, strides 1 to 3, dilation 2, input channels with and
 * without a multiple of four (the grouped and the scalar im2col), odd and even
 * pixel and filter counts (pairs, a last pixel alone, a last filter alone),
 * per-tensor and per-channel multipliers with shifts on both sides, a
 * multiplier of INT32_MIN, clamps, no bias; fully connected with batches 1-5,
 * depths with and without a multiple of four, a weight offset (the reference path).
 *
 * Built for the host (the DSP instructions emulated in C) and for QEMU's
 * Cortex-M4 and M7, where the pair loop is hand-scheduled assembly. Prints
 * "checked N shapes" or the first difference; exits 1 on a difference.
 */
#include <stddef.h>
#include "tinyml_kernels_simd.h"
#include "check_random.h"
#include "check_conv_geometry.h"

#if defined(__ARM_FEATURE_DSP)
#include "semihost.h"
/* QEMU runs about a tenth as many: each shape runs the reference too, instruction by instruction. */
#define SHAPES 400
static void say_checked(int n) { put_str("checked "); put_uint((uint32_t)n); put_str(" shapes"); flush(); }
static void say_differs(int s, const char *kernel, int32_t i, int want, int got) {
  put_str("differs: shape "); put_uint((uint32_t)s); put_str(kernel); put_str(" output "); put_uint((uint32_t)i);
  put_str(": reference "); put_uint((uint32_t)(want + 128)); put_str(" - 128, simd "); put_uint((uint32_t)(got + 128)); put_str(" - 128");
  flush();
}
#else
#include <stdio.h>
#define SHAPES 4000
static void say_checked(int n) { printf("checked %d shapes\n", n); }
static void say_differs(int s, const char *kernel, int32_t i, int want, int got) {
  printf("differs: shape %d%s output %ld: reference %d, simd %d\n", s, kernel, (long)i, want, got);
}
#endif

#define MAX_IN (2 * 9 * 9 * 64)
#define MAX_OUT (2 * 9 * 9 * 40)
#define MAX_K (5 * 5 * 64)
static int8_t input[MAX_IN], filter[40 * MAX_K], want[MAX_OUT], got[MAX_OUT];
static int16_t scratch[TINYML_SIMD_SCRATCH_ELEMENTS(MAX_K)];
static int32_t bias[40], multipliers[40], shifts[40];

static void requant_params(int s, int32_t channels, tinyml_requant *q) {
  q->input_offset = between(-127, 128); q->output_offset = between(-128, 127);
  q->act_min = s % 4 == 0 ? between(-128, 0) : -128; q->act_max = s % 4 == 0 ? between(q->act_min, 127) : 127;
  q->channels = channels;
  for (int32_t c = 0; c < channels; c++) {
    multipliers[c] = s % 29 == 0 && c % 3 == 0 ? INT32_MIN : (int32_t)(0x40000000u + (next() & 0x3FFFFFFFu));
    shifts[c] = s % 11 == 0 ? between(0, 2) : between(-14, 0);
  }
  q->multipliers = multipliers; q->shifts = shifts;
}

static void fill(int s, int32_t n_in, int32_t n_filter, int32_t n_bias) {
  for (int32_t i = 0; i < n_in; i++) input[i] = (int8_t)(s % 8 == 1 ? -128 : s % 8 == 3 ? 127 : between(-128, 127));
  for (int32_t i = 0; i < n_filter; i++) filter[i] = (int8_t)(s % 8 == 5 ? -127 : between(-127, 127));
  for (int32_t c = 0; c < n_bias; c++) bias[c] = between(-40000, 40000);
}

static int compare(int s, const char *kernel, int32_t n_out) {
  for (int32_t i = 0; i < n_out; i++) {
    if (want[i] != got[i]) { say_differs(s, kernel, i, want[i], got[i]); return 1; }
  }
  return 0;
}

static int check_conv(int s) {
  static const int32_t wide[] = { 16, 32, 64, 8 };
  tinyml_conv_geometry g;
  g.batch = between(1, 2); g.in_h = between(1, 9); g.in_w = between(1, 9);
  g.in_c = s % 3 == 0 ? wide[s / 3 % 4] : between(1, 13);
  g.out_c = s % 5 == 0 ? between(17, 40) : between(1, 12);
  const int pointwise = s % 2 == 0;
  g.k_h = pointwise ? 1 : between(1, 5); g.k_w = pointwise ? 1 : between(1, 5);
  if (g.k_h * g.k_w * g.in_c > MAX_K) g.k_h = g.k_w = 2;
  g.stride_h = between(1, 3); g.stride_w = between(1, 3);
  g.dilation_h = g.dilation_w = !pointwise && s % 13 == 1 ? 2 : 1;
  check_output_geometry(&g, !pointwise && s % 4 != 3);
  tinyml_requant q;
  requant_params(s, s % 5 == 1 ? 1 : g.out_c, &q);
  const int32_t k_len = g.k_h * g.k_w * g.in_c;
  fill(s, g.batch * g.in_h * g.in_w * g.in_c, g.out_c * k_len, g.out_c);
  const int32_t *b = s % 7 == 0 ? NULL : bias;
  tinyml_conv2d_s8(&g, &q, input, filter, b, want);
  tinyml_conv2d_s8_simd(&g, &q, input, filter, b, got, scratch);
  return compare(s, " (conv)", g.batch * g.out_h * g.out_w * g.out_c);
}

static int check_fully_connected(int s) {
  tinyml_fc_geometry g;
  g.batch = between(1, 5); g.in_depth = s % 3 == 0 ? 4 * between(1, 40) : between(1, 90); g.out_depth = between(1, 24);
  g.weight_offset = s % 17 == 0 ? between(-3, 3) : 0;
  tinyml_requant q;
  requant_params(s, s % 2 == 0 ? 1 : g.out_depth, &q);
  fill(s, g.batch * g.in_depth, g.out_depth * g.in_depth, g.out_depth);
  const int32_t *b = s % 7 == 0 ? NULL : bias;
  tinyml_fully_connected_s8(&g, &q, input, filter, b, want);
  tinyml_fully_connected_s8_simd(&g, &q, input, filter, b, got, scratch);
  return compare(s, " (fully connected)", g.batch * g.out_depth);
}

int main(void) {
  for (int s = 0; s < SHAPES; s++) {
    if (check_conv(s) || check_fully_connected(s)) return 1;
  }
  say_checked(SHAPES);
  return 0;
}
