// tinyml-lab: 05

/**
 * Lab 05's second C kernel, as C source: the inner loop of an int8 1x1
 * convolution or fully connected layer,
 *   int32_t student_dot(const int8_t *x, const int8_t *w, int32_t x_offset, int32_t n)
 * = sum over i < n of (x[i] + x_offset) * w[i], with n a multiple of 4, x and w
 * 4-byte aligned, and x_offset in [-128, 127]. It must be exact, and cost at
 * most DOT_INSTRUCTIONS_PER_MAC instructions per MAC on the Cortex-M4: load
 * four values per word and use SXTB16, SADD16 and SMLAD (tinyml_sxtb16,
 * tinyml_sxtb16_ror8, tinyml_sadd16, tinyml_smlad from the included
 * tinyml_simd.h; tinyml_read32 loads a word).
 */
export function dotProductKernel(): string {
  // BEGIN SOLUTION
  return `/* Two SMLADs per word: each multiplies two pairs of int16 halves and adds both products. */
static inline int32_t four_macs(int32_t xv, int32_t wv, int32_t offset2, int32_t acc) {
  acc = tinyml_smlad(tinyml_sadd16(tinyml_sxtb16(xv), offset2), tinyml_sxtb16(wv), acc);
  return tinyml_smlad(tinyml_sadd16(tinyml_sxtb16_ror8(xv), offset2), tinyml_sxtb16_ror8(wv), acc);
}

int32_t student_dot(const int8_t *x, const int8_t *w, int32_t x_offset, int32_t n) {
  /* The offset in both 16-bit halves: SADD16 adds it to two widened values at once. */
  const int32_t offset2 = (int32_t)(((uint32_t)x_offset & 0xFFFFu) * 0x10001u);
  int32_t acc = 0, i = 0;
  /* Sixteen MACs per iteration: the loop's compare and branch are paid once per four words. */
  for (; i + 16 <= n; i += 16) {
    acc = four_macs(tinyml_read32(x + i), tinyml_read32(w + i), offset2, acc);
    acc = four_macs(tinyml_read32(x + i + 4), tinyml_read32(w + i + 4), offset2, acc);
    acc = four_macs(tinyml_read32(x + i + 8), tinyml_read32(w + i + 8), offset2, acc);
    acc = four_macs(tinyml_read32(x + i + 12), tinyml_read32(w + i + 12), offset2, acc);
  }
  for (; i < n; i += 4) acc = four_macs(tinyml_read32(x + i), tinyml_read32(w + i), offset2, acc);
  return acc;
}
`;
  // END SOLUTION
}
