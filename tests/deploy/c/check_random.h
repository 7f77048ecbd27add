/*
 * The property checks' random source: xorshift64* from a fixed seed, so every
 * run checks the same values. A check may start from its own seed (check_seed).
 */
#ifndef CHECK_RANDOM_H
#define CHECK_RANDOM_H

#include <stdint.h>

static uint64_t check_state = 0x9E3779B97F4A7C15u;
static inline void check_seed(uint64_t seed) { check_state = seed; }
static inline uint32_t next(void) {
  check_state ^= check_state >> 12; check_state ^= check_state << 25; check_state ^= check_state >> 27;
  return (uint32_t)((check_state * 0x2545F4914F6CDD1Du) >> 32);
}
/* Uniform in [lo, hi] (up to the modulo's bias, which a check does not mind). */
static inline int32_t between(int32_t lo, int32_t hi) { return lo + (int32_t)(next() % (uint32_t)(hi - lo + 1)); }

#endif
