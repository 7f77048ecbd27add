/*
 * Bare-metal bench for one C kernel on QEMU's MPS2 boards: runs every case of
 * bench.c, printing "result I VALUE INSTRUCTIONS" per case (instructions from
 * SysTick, resolution 40, the call and its dispatch included), then exits.
 */
#include <stdint.h>
#include "bench.h"
#include "semihost.h"

static void put_int(int32_t v) {
  if (v < 0) { put('-'); put_uint((uint32_t)0 - (uint32_t)v); } else put_uint((uint32_t)v);
}

int main(void) {
  SYST_RVR = 0xFFFFFFu;
  SYST_CVR = 0;
  SYST_CSR = 5u; /* enable, processor clock, no interrupt */
  for (int32_t i = 0; i < BENCH_CASES; i++) {
    const uint32_t start = SYST_CVR;
    const int32_t r = bench_case(i);
    const uint32_t ticks = (start - SYST_CVR) & 0xFFFFFFu;
    put_str("result "); put_uint((uint32_t)i); put(' '); put_int(r); put(' '); put_uint(ticks * INSTRUCTIONS_PER_TICK); flush();
  }
  return 0;
}
