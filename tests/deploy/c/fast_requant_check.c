/*
 * Property check: tinyml_mbqm_fast (tinyml_fast_requant.h) equals the
 * reference tinyml_mbqm (tinyml_fixed_point.h) on edge values and on a
 * seeded stream of random accumulators, multipliers and shifts. Prints
 * "checked N" or the first difference and exits 1.
 */
#include <stdio.h>
#include "tinyml_fast_requant.h"
#include "check_random.h"

static long checked;
static int check(int32_t x, int32_t m, int32_t shift) {
  checked++;
  const int32_t want = tinyml_mbqm(x, m, shift), got = tinyml_mbqm_fast(x, m, shift);
  if (want == got) return 0;
  printf("differs: x=%ld multiplier=%ld shift=%ld reference=%ld fast=%ld\n", (long)x, (long)m, (long)shift, (long)want, (long)got);
  return 1;
}

int main(void) {
  static const int32_t edges[] = { INT32_MIN, INT32_MIN + 1, -1073741824, -65536, -257, -2, -1, 0, 1, 2, 255, 65535, 1073741823, 1073741824, INT32_MAX - 1, INT32_MAX };
  const int n = (int)(sizeof edges / sizeof edges[0]);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      if (tinyml_srdhm(edges[i], edges[j]) != tinyml_srdhm_fast(edges[i], edges[j])) {
        printf("differs: srdhm(%ld, %ld)\n", (long)edges[i], (long)edges[j]);
        return 1;
      }
      for (int32_t shift = -31; shift <= 0; shift++) if (check(edges[i], edges[j], shift)) return 1;
    }
  for (long k = 0; k < 4000000; k++) {
    /* Accumulators of every magnitude, TFLite-style multipliers in [2^30, 2^31), shifts from +8 down to -31. */
    const int32_t x = (int32_t)next() >> (next() % 31u);
    const int32_t m = (int32_t)(0x40000000u | (next() & 0x3FFFFFFFu));
    const int32_t shift = 8 - (int32_t)(next() % 40u);
    if (check(x, m, shift)) return 1;
  }
  printf("checked %ld\n", checked);
  return 0;
}
