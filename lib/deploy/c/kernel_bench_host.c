/* Host bench for one C kernel: prints "result I VALUE" for every case of bench.c. */
#include <stdint.h>
#include <stdio.h>
#include "bench.h"

int main(void) {
  for (int32_t i = 0; i < BENCH_CASES; i++) printf("result %ld %ld\n", (long)i, (long)bench_case(i));
  return 0;
}
