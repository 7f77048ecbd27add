/*
 * Optimised int8 kernels for cores with the Armv7E-M DSP extension
 * (Cortex-M4, M7): 16-bit SIMD multiply-accumulates (SMLAD, SMLABB/SMLATT) on
 * values widened with SXTB16. Same signatures and results, bit for bit, as
 * the reference kernels in tinyml_kernels.h; shapes they have no fast path
 * for fall back to those. On other compilers the instructions are emulated in
 * C (tinyml_simd.h), so the host can check them against the reference.
 */
#ifndef TINYML_KERNELS_SIMD_H
#define TINYML_KERNELS_SIMD_H

#include "tinyml_kernels.h"

/*
 * int16 elements of scratch the conv and fully connected kernels need for a
 * dot-product length of k_len (k_h * k_w * in_c, or in_depth): two widened
 * columns, each rounded up to whole words. The buffer must be 4-byte aligned.
 */
#define TINYML_SIMD_SCRATCH_ELEMENTS(k_len) (2 * (((k_len) + 3) & ~3))

/* im2col of two output pixels at a time into interleaved int16 columns, then a 2x2 (pixels x channels) SMLAD matrix product (hand-scheduled on DSP cores); 1x1 convolutions skip the im2col indexing. */
void tinyml_conv2d_s8_simd(const tinyml_conv_geometry *g, const tinyml_requant *q, const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output, int16_t *scratch);
/* Four channels at a time in the outer loop (weights, requantization constants and, for 3x3, the offset folded into the bias once per group), the window clipped once per pixel; depth multiplier 1 and dilation 1, otherwise the reference kernel. */
void tinyml_depthwise_conv2d_s8_simd(const tinyml_conv_geometry *g, const tinyml_requant *q, const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output);
/* The input row widened once, then two weight rows per pass; weight_offset 0 (TFLite int8), otherwise the reference kernel. */
void tinyml_fully_connected_s8_simd(const tinyml_fc_geometry *g, const tinyml_requant *q, const int8_t *input, const int8_t *weights, const int32_t *bias, int8_t *output, int16_t *scratch);
/* Elementwise ADD with the requantization masks computed once per call and the fast rounding multiply; the reference for parameters TFLite never produces. */
void tinyml_add_s8_simd(const tinyml_add_params *p, int32_t count, const int8_t *a, const int8_t *b, int8_t *output);
/* AVERAGE_POOL_2D four channels at a time (SXTB16, SADD16); windows over 255 taps take the reference. */
void tinyml_average_pool2d_s8_simd(const tinyml_pool_params *p, const int8_t *input, int8_t *output);

#endif
