/*
 * Property check: tinyml_average_pool2d_s8_simd equals the reference
 * tinyml_average_pool2d_s8 on seeded random inputs for a seeded stream of
 * shapes: channel counts with and without a multiple of four, windows from
 * 1x1 to 16x16 (over 255 taps: the reference path), strides, padding on every
 * side, clamps. Prints "checked N shapes" or the first difference and exits 1.
 */
#include <stdio.h>
#include "tinyml_kernels_simd.h"
#include "check_random.h"

static int8_t input[2 * 20 * 20 * 13], want[2 * 20 * 20 * 13], got[2 * 20 * 20 * 13];

int main(void) {
  const int shapes = 3000;
  for (int s = 0; s < shapes; s++) {
    tinyml_pool_params p;
    p.batch = between(1, 2); p.in_h = between(1, 20); p.in_w = between(1, 20); p.channels = between(1, 13);
    p.filter_h = between(1, s % 20 == 0 ? 16 : p.in_h); p.filter_w = between(1, s % 20 == 0 ? 16 : p.in_w);
    p.stride_h = between(1, 3); p.stride_w = between(1, 3);
    /* SAME-style padding (a window centred on each stride step) half the time, else VALID. */
    if (s % 2 == 0) {
      p.out_h = (p.in_h + p.stride_h - 1) / p.stride_h; p.out_w = (p.in_w + p.stride_w - 1) / p.stride_w;
      const int32_t ph = (p.out_h - 1) * p.stride_h + p.filter_h - p.in_h, pw = (p.out_w - 1) * p.stride_w + p.filter_w - p.in_w;
      p.pad_top = ph > 0 ? ph / 2 : 0; p.pad_left = pw > 0 ? pw / 2 : 0;
    } else {
      if (p.filter_h > p.in_h) p.filter_h = p.in_h;
      if (p.filter_w > p.in_w) p.filter_w = p.in_w;
      p.out_h = (p.in_h - p.filter_h) / p.stride_h + 1; p.out_w = (p.in_w - p.filter_w) / p.stride_w + 1;
      p.pad_top = 0; p.pad_left = 0;
    }
    p.act_min = s % 3 == 0 ? between(-128, 0) : -128;
    p.act_max = s % 3 == 0 ? between(p.act_min, 127) : 127;
    const int32_t n_in = p.batch * p.in_h * p.in_w * p.channels, n_out = p.batch * p.out_h * p.out_w * p.channels;
    /* Extremes as often as not, so the int16 sums are pushed to their limit. */
    for (int32_t i = 0; i < n_in; i++) input[i] = (int8_t)(s % 4 == 1 ? -128 : s % 4 == 3 ? 127 : between(-128, 127));
    tinyml_average_pool2d_s8(&p, input, want);
    tinyml_average_pool2d_s8_simd(&p, input, got);
    for (int32_t i = 0; i < n_out; i++) {
      if (want[i] != got[i]) {
        printf("differs: shape %d, output %ld: reference %d, simd %d\n", s, (long)i, want[i], got[i]);
        return 1;
      }
    }
  }
  printf("checked %d shapes\n", shapes);
  return 0;
}
