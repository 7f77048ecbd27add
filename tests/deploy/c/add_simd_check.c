/*
 * Property check: tinyml_add_s8_simd equals the reference tinyml_add_s8 on
 * every pair of int8 inputs, for a seeded stream of parameter sets: offsets
 * over the int8 range, multipliers in [2^30, 2^31), shifts from -31 to 0,
 * left shifts 0 to 22 (TFLite uses 20), clamps from the full range to narrow
 * ones; and for parameters outside its fast path (a positive shift, a larger
 * left shift), which take the reference. Prints "checked N sets" or the first
 * difference and exits 1.
 */
#include <stdio.h>
#include "tinyml_kernels_simd.h"
#include "check_random.h"

static int8_t a[65536], b[65536], want[65536], got[65536];

int main(void) {
  check_seed(0x2545F4914F6CDD1Du);
  for (int i = 0; i < 65536; i++) { a[i] = (int8_t)(i & 0xff); b[i] = (int8_t)(i >> 8); }
  const int sets = 400;
  for (int s = 0; s < sets; s++) {
    tinyml_add_params p;
    p.left_shift = s % 10 == 0 ? between(0, 22) : 20;
    p.input1_offset = between(-127, 128); p.input2_offset = between(-127, 128); p.output_offset = between(-128, 127);
    p.input1_multiplier = between(1 << 30, 0x7fffffff); p.input2_multiplier = between(1 << 30, 0x7fffffff);
    p.output_multiplier = between(1 << 30, 0x7fffffff);
    p.input1_shift = -between(0, 31); p.input2_shift = -between(0, 31); p.output_shift = -between(0, 31);
    /* Shifts near what a real ADD has (inputs about 2^-1..2^-4, output about 2^-20), half the time. */
    if (s % 2 == 0) { p.input1_shift = -between(0, 3); p.input2_shift = -between(0, 3); p.output_shift = -between(15, 22); }
    if (s % 50 == 1) p.output_shift = between(1, 3);   /* off the fast path */
    if (s % 50 == 2) p.left_shift = 23;                /* off the fast path */
    p.act_min = s % 3 == 0 ? between(-128, 0) : -128;
    p.act_max = s % 3 == 0 ? between(p.act_min, 127) : 127;
    tinyml_add_s8(&p, 65536, a, b, want);
    tinyml_add_s8_simd(&p, 65536, a, b, got);
    for (int i = 0; i < 65536; i++) {
      if (want[i] != got[i]) {
        printf("differs: set %d, a=%d b=%d: reference %d, simd %d\n", s, a[i], b[i], want[i], got[i]);
        return 1;
      }
    }
  }
  printf("checked %d sets\n", sets);
  return 0;
}
