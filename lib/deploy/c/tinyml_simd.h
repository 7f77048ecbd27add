/*
 * The Armv7E-M DSP instructions the optimised kernels use. On a core with the
 * DSP extension (Cortex-M4, M7) they are the ACLE intrinsics from arm_acle.h;
 * elsewhere (the host, so the optimised kernels can be checked against the
 * reference ones on every model) they are plain C with the semantics of the
 * Armv7-M Architecture Reference Manual (DDI 0403E, A7.7: SXTB16, SMLAD,
 * SMLABB/SMLATT, SADD16). Packed values travel as int32_t, as in ACLE.
 */
#ifndef TINYML_SIMD_H
#define TINYML_SIMD_H

#include <stdint.h>
#include <string.h>

/* memcpy keeps packed loads and stores legal under C's aliasing rules; GCC
 * turns each into one LDR/STR (Armv7-M allows unaligned LDR/STR). */
static inline int32_t tinyml_read32(const void *p) { int32_t v; memcpy(&v, p, 4); return v; }
static inline void tinyml_write32(void *p, int32_t v) { memcpy(p, &v, 4); }

#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>

/* Bytes 0 and 2, sign-extended to halfwords. */
static inline int32_t tinyml_sxtb16(int32_t x) { return __sxtb16(x); }
/* Bytes 1 and 3: SXTB16 with its built-in ROR #8, which ACLE does not expose. */
static inline int32_t tinyml_sxtb16_ror8(int32_t x) {
  int32_t r;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
  return r;
}
static inline int32_t tinyml_sadd16(int32_t a, int32_t b) { return __sadd16(a, b); }
static inline int32_t tinyml_smlad(int32_t a, int32_t b, int32_t acc) { return __smlad(a, b, acc); }
static inline int32_t tinyml_smlabb(int32_t a, int32_t b, int32_t acc) { return __smlabb(a, b, acc); }
static inline int32_t tinyml_smlatt(int32_t a, int32_t b, int32_t acc) { return __smlatt(a, b, acc); }

#else

static inline int32_t tinyml_lo16(int32_t x) { return (int16_t)(uint16_t)((uint32_t)x & 0xFFFFu); }
static inline int32_t tinyml_hi16(int32_t x) { return (int16_t)(uint16_t)((uint32_t)x >> 16); }
static inline int32_t tinyml_pack16(int32_t lo, int32_t hi) { return (int32_t)(((uint32_t)lo & 0xFFFFu) | ((uint32_t)hi << 16)); }

static inline int32_t tinyml_sxtb16(int32_t x) { return tinyml_pack16((int8_t)(uint8_t)(uint32_t)x, (int8_t)(uint8_t)((uint32_t)x >> 16)); }
static inline int32_t tinyml_sxtb16_ror8(int32_t x) { return tinyml_pack16((int8_t)(uint8_t)((uint32_t)x >> 8), (int8_t)(uint8_t)((uint32_t)x >> 24)); }
static inline int32_t tinyml_sadd16(int32_t a, int32_t b) { return tinyml_pack16(tinyml_lo16(a) + tinyml_lo16(b), tinyml_hi16(a) + tinyml_hi16(b)); }
/* The sum wraps modulo 2^32 as the instruction's result does (it only sets Q). */
static inline int32_t tinyml_smlad(int32_t a, int32_t b, int32_t acc) {
  return (int32_t)((uint32_t)acc + (uint32_t)(tinyml_lo16(a) * tinyml_lo16(b)) + (uint32_t)(tinyml_hi16(a) * tinyml_hi16(b)));
}
static inline int32_t tinyml_smlabb(int32_t a, int32_t b, int32_t acc) { return (int32_t)((uint32_t)acc + (uint32_t)(tinyml_lo16(a) * tinyml_lo16(b))); }
static inline int32_t tinyml_smlatt(int32_t a, int32_t b, int32_t acc) { return (int32_t)((uint32_t)acc + (uint32_t)(tinyml_hi16(a) * tinyml_hi16(b))); }

#endif

#endif
