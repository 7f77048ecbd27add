/*
 * Property check: tinyml_depthwise_conv2d_s8_simd equals the reference
 * tinyml_depthwise_conv2d_s8 on seeded random inputs for a seeded stream of
 * shapes: channel counts with and without a multiple of four, 3x3 windows
 * (the unrolled interior path) and others from 1x1 to 5x5, strides 1 to 3,
 * SAME and VALID padding, dilation 2 (the reference path), per-tensor and
 * per-channel multipliers with shifts on both sides, clamps, with and without
 * a bias. Prints "checked N shapes" or the first difference and exits 1.
 */
#include <stdio.h>
#include "tinyml_kernels_simd.h"
#include "check_random.h"
#include "check_conv_geometry.h"

#define MAX_C 64
static int8_t input[2 * 12 * 12 * MAX_C], filter[5 * 5 * MAX_C], want[2 * 12 * 12 * MAX_C], got[2 * 12 * 12 * MAX_C];
static int32_t bias[MAX_C], multipliers[MAX_C], shifts[MAX_C];

int main(void) {
  check_seed(0x2545F4914F6CDD1Du);
  const int shapes = 3000;
  for (int s = 0; s < shapes; s++) {
    tinyml_conv_geometry g;
    g.batch = between(1, 2); g.in_h = between(1, 12); g.in_w = between(1, 12);
    g.in_c = s % 10 == 0 ? MAX_C : between(1, 13); g.out_c = g.in_c;
    const int square3 = s % 2 == 0;
    g.k_h = square3 ? 3 : between(1, 5); g.k_w = square3 ? 3 : between(1, 5);
    g.stride_h = between(1, 3); g.stride_w = between(1, 3);
    g.dilation_h = g.dilation_w = s % 17 == 0 ? 2 : 1;
    check_output_geometry(&g, s % 3 != 2);
    tinyml_requant q;
    q.input_offset = between(-127, 128); q.output_offset = between(-128, 127);
    q.act_min = s % 4 == 0 ? between(-128, 0) : -128; q.act_max = s % 4 == 0 ? between(q.act_min, 127) : 127;
    q.channels = s % 5 == 0 ? 1 : g.out_c;
    for (int32_t c = 0; c < q.channels; c++) {
      multipliers[c] = (int32_t)(0x40000000u + (next() & 0x3FFFFFFFu));
      shifts[c] = s % 11 == 0 ? between(0, 2) : between(-14, 0);
    }
    q.multipliers = multipliers; q.shifts = shifts;
    const int with_bias = s % 7 != 0;
    for (int32_t c = 0; c < g.out_c; c++) bias[c] = between(-40000, 40000);
    const int32_t n_in = g.batch * g.in_h * g.in_w * g.in_c, n_out = g.batch * g.out_h * g.out_w * g.out_c;
    for (int32_t i = 0; i < n_in; i++) input[i] = (int8_t)(s % 8 == 1 ? -128 : s % 8 == 3 ? 127 : between(-128, 127));
    for (int32_t i = 0; i < g.k_h * g.k_w * g.in_c; i++) filter[i] = (int8_t)(s % 8 == 5 ? -127 : between(-127, 127));
    tinyml_depthwise_conv2d_s8(&g, &q, input, filter, with_bias ? bias : NULL, want);
    tinyml_depthwise_conv2d_s8_simd(&g, &q, input, filter, with_bias ? bias : NULL, got);
    for (int32_t i = 0; i < n_out; i++) {
      if (want[i] != got[i]) {
        printf("differs: shape %d (%ldx%ldx%ld, k %ldx%ld, s %ld/%ld), output %ld: reference %d, simd %d\n", s, (long)g.in_h, (long)g.in_w,
               (long)g.in_c, (long)g.k_h, (long)g.k_w, (long)g.stride_h, (long)g.stride_w, (long)i, want[i], got[i]);
        return 1;
      }
    }
  }
  printf("checked %d shapes\n", shapes);
  return 0;
}
