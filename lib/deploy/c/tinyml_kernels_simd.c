/*
 * Optimised int8 kernels (see tinyml_kernels_simd.h). They reorder the sums
 * of the reference kernels but not their terms, and every sum wraps modulo
 * 2^32 in both, so the accumulators and outputs are bit for bit the same.
 * Padded taps are skipped by the reference and multiplied as 0 here: the same
 * sum, since (input + input_offset) is what the padding value would give.
 */
#include "tinyml_kernels_simd.h"
#include "tinyml_fast_requant.h"
#include "tinyml_simd.h"

static inline int8_t requantize(const tinyml_requant *q, int32_t acc, int32_t oc) {
  const int32_t k = q->channels == 1 ? 0 : oc;
  const int32_t v = tinyml_mbqm_fast(acc, q->multipliers[k], q->shifts[k]) + q->output_offset;
  return (int8_t)(v < q->act_min ? q->act_min : v > q->act_max ? q->act_max : v);
}

static inline int32_t both_halves(int32_t v) { return (int32_t)(((uint32_t)v & 0xFFFFu) * 0x10001u); }

/*
 * Columns are int16 with the input offset added. Within each whole group of
 * four, [a b c d] is stored as [a c b d]: then the column's first word pairs
 * with SXTB16 of a weight word ([w0 w2]) and its second with SXTB16 ROR #8
 * ([w1 w3]), and the weights need no reordering. A tail of k_len % 4 stays in
 * order and is multiplied one at a time.
 */
static inline int32_t column_index(int32_t p, int32_t whole) {
  return p < whole ? (p & ~3) | ((p & 1) << 1) | ((p >> 1) & 1) : p;
}

/* n int8 values at src, plus offset, into a column at dst (n = the column's whole length). */
static void widen(const int8_t *src, int16_t *dst, int32_t n, int32_t offset) {
  const int32_t whole = n & ~3, offset2 = both_halves(offset);
  for (int32_t i = 0; i < whole; i += 4) {
    const int32_t w = tinyml_read32(src + i);
    tinyml_write32(dst + i, tinyml_sadd16(tinyml_sxtb16(w), offset2));
    tinyml_write32(dst + i + 2, tinyml_sadd16(tinyml_sxtb16_ror8(w), offset2));
  }
  for (int32_t i = whole; i < n; i++) dst[i] = (int16_t)(src[i] + offset);
}

/* One output pixel's receptive field, (ky, kx, c) order, as a column; taps outside the image are 0. */
static void im2col(const tinyml_conv_geometry *g, int32_t offset, const int8_t *image, int32_t oy, int32_t ox, int16_t *col) {
  const int32_t iy0 = oy * g->stride_h - g->pad_top, ix0 = ox * g->stride_w - g->pad_left;
  if ((g->in_c & 3) == 0) {
    /* Every tap starts a whole group, so each can be widened as a block. */
    int16_t *dst = col;
    for (int32_t ky = 0; ky < g->k_h; ky++) {
      const int32_t iy = iy0 + ky * g->dilation_h;
      for (int32_t kx = 0; kx < g->k_w; kx++, dst += g->in_c) {
        const int32_t ix = ix0 + kx * g->dilation_w;
        if (iy < 0 || iy >= g->in_h || ix < 0 || ix >= g->in_w) {
          for (int32_t c = 0; c < g->in_c; c += 2) tinyml_write32(dst + c, 0);
        } else {
          widen(image + (iy * g->in_w + ix) * g->in_c, dst, g->in_c, offset);
        }
      }
    }
    return;
  }
  const int32_t whole = (g->k_h * g->k_w * g->in_c) & ~3;
  int32_t p = 0;
  for (int32_t ky = 0; ky < g->k_h; ky++) {
    const int32_t iy = iy0 + ky * g->dilation_h;
    for (int32_t kx = 0; kx < g->k_w; kx++) {
      const int32_t ix = ix0 + kx * g->dilation_w;
      const int inside = iy >= 0 && iy < g->in_h && ix >= 0 && ix < g->in_w;
      const int8_t *src = image + (inside ? (iy * g->in_w + ix) * g->in_c : 0);
      for (int32_t c = 0; c < g->in_c; c++, p++) col[column_index(p, whole)] = (int16_t)(inside ? src[c] + offset : 0);
    }
  }
}

/* acc + column . filter row over k_len terms. */
static int32_t dot(const int16_t *col, const int8_t *f, int32_t k_len, int32_t acc) {
  const int32_t whole = k_len & ~3;
  for (int32_t k = 0; k < whole; k += 4) {
    const int32_t w = tinyml_read32(f + k);
    acc = tinyml_smlad(tinyml_read32(col + k), tinyml_sxtb16(w), acc);
    acc = tinyml_smlad(tinyml_read32(col + k + 2), tinyml_sxtb16_ror8(w), acc);
  }
  for (int32_t k = whole; k < k_len; k++) acc = tinyml_wrap_add(acc, col[k] * f[k]);
  return acc;
}

/*
 * out0[oc] (and out1[oc] when col1 is not NULL) for every filter row oc:
 * requantize(bias[oc] + col . filter[oc]). Two rows per pass, so each loaded
 * column word serves two SMLADs and each weight word two (or four with two columns).
 */
static void mat_mult(const int16_t *col0, const int16_t *col1, const int8_t *filter, int32_t k_len, int32_t out_c,
                     const int32_t *bias, const tinyml_requant *q, int8_t *out0, int8_t *out1) {
  const int32_t whole = k_len & ~3;
  int32_t oc = 0;
  for (; oc + 2 <= out_c; oc += 2) {
    const int8_t *fa = filter + oc * k_len, *fb = fa + k_len;
    int32_t a0 = bias ? bias[oc] : 0, b0 = bias ? bias[oc + 1] : 0;
    if (col1) {
      int32_t a1 = a0, b1 = b0;
      const int16_t *x0 = col0, *x1 = col1;
      const int8_t *pa = fa, *pb = fb;
      /* Pointers rather than one index: it keeps all four accumulators in registers. */
      for (int32_t n = whole >> 2; n > 0; n--, pa += 4, pb += 4, x0 += 4, x1 += 4) {
        const int32_t wa = tinyml_read32(pa), wb = tinyml_read32(pb);
        const int32_t x00 = tinyml_read32(x0), x01 = tinyml_read32(x0 + 2);
        const int32_t x10 = tinyml_read32(x1), x11 = tinyml_read32(x1 + 2);
        int32_t w = tinyml_sxtb16(wa);
        a0 = tinyml_smlad(x00, w, a0);
        a1 = tinyml_smlad(x10, w, a1);
        w = tinyml_sxtb16_ror8(wa);
        a0 = tinyml_smlad(x01, w, a0);
        a1 = tinyml_smlad(x11, w, a1);
        w = tinyml_sxtb16(wb);
        b0 = tinyml_smlad(x00, w, b0);
        b1 = tinyml_smlad(x10, w, b1);
        w = tinyml_sxtb16_ror8(wb);
        b0 = tinyml_smlad(x01, w, b0);
        b1 = tinyml_smlad(x11, w, b1);
      }
      for (int32_t k = whole; k < k_len; k++) {
        a0 = tinyml_wrap_add(a0, col0[k] * fa[k]); b0 = tinyml_wrap_add(b0, col0[k] * fb[k]);
        a1 = tinyml_wrap_add(a1, col1[k] * fa[k]); b1 = tinyml_wrap_add(b1, col1[k] * fb[k]);
      }
      out1[oc] = requantize(q, a1, oc);
      out1[oc + 1] = requantize(q, b1, oc + 1);
    } else {
      for (int32_t k = 0; k < whole; k += 4) {
        const int32_t wa = tinyml_read32(fa + k), wb = tinyml_read32(fb + k);
        const int32_t x0 = tinyml_read32(col0 + k), x1 = tinyml_read32(col0 + k + 2);
        a0 = tinyml_smlad(x1, tinyml_sxtb16_ror8(wa), tinyml_smlad(x0, tinyml_sxtb16(wa), a0));
        b0 = tinyml_smlad(x1, tinyml_sxtb16_ror8(wb), tinyml_smlad(x0, tinyml_sxtb16(wb), b0));
      }
      for (int32_t k = whole; k < k_len; k++) {
        a0 = tinyml_wrap_add(a0, col0[k] * fa[k]);
        b0 = tinyml_wrap_add(b0, col0[k] * fb[k]);
      }
    }
    out0[oc] = requantize(q, a0, oc);
    out0[oc + 1] = requantize(q, b0, oc + 1);
  }
  if (oc < out_c) {
    const int8_t *f = filter + oc * k_len;
    const int32_t b = bias ? bias[oc] : 0;
    out0[oc] = requantize(q, dot(col0, f, k_len, b), oc);
    if (col1) out1[oc] = requantize(q, dot(col1, f, k_len, b), oc);
  }
}

void tinyml_conv2d_s8_simd(const tinyml_conv_geometry *g, const tinyml_requant *q, const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output, int16_t *scratch) {
  const int32_t k_len = g->k_h * g->k_w * g->in_c;
  int16_t *const cols[2] = { scratch, scratch + TINYML_SIMD_SCRATCH_ELEMENTS(k_len) / 2 };
  /* A 1x1 window that never leaves the image is one contiguous input pixel. */
  const int pointwise = g->k_h == 1 && g->k_w == 1 && g->pad_top == 0 && g->pad_left == 0
    && (g->out_h - 1) * g->stride_h < g->in_h && (g->out_w - 1) * g->stride_w < g->in_w;
  const int32_t per_image = g->out_h * g->out_w, pixels = g->batch * per_image;
  int32_t filled = 0;
  for (int32_t n = 0; n < pixels; n++) {
    const int32_t b = n / per_image, oy = (n % per_image) / g->out_w, ox = n % g->out_w;
    const int8_t *image = input + b * g->in_h * g->in_w * g->in_c;
    if (pointwise) widen(image + (oy * g->stride_h * g->in_w + ox * g->stride_w) * g->in_c, cols[filled], g->in_c, q->input_offset);
    else im2col(g, q->input_offset, image, oy, ox, cols[filled]);
    if (++filled == 2) {
      mat_mult(cols[0], cols[1], filter, k_len, g->out_c, bias, q, output + (n - 1) * g->out_c, output + n * g->out_c);
      filled = 0;
    }
  }
  if (filled == 1) mat_mult(cols[0], NULL, filter, k_len, g->out_c, bias, q, output + (pixels - 1) * g->out_c, NULL);
}

/*
 * One tap of four channels c..c+3 (acc.c0..c3): SXTB16 splits a word into
 * channels (c, c+2) and, with ROR #8, (c+1, c+3); SMLABB / SMLATT multiply the
 * bottom / top halves, keeping each channel's sum apart.
 */
typedef struct { int32_t c0, c1, c2, c3; } four_sums;

/* Passed and returned by value so the four sums stay in registers. */
static inline four_sums depthwise_tap(const int8_t *x, const int8_t *w, int32_t offset2, four_sums acc) {
  const int32_t xs = tinyml_read32(x), ws = tinyml_read32(w);
  const int32_t x02 = tinyml_sadd16(tinyml_sxtb16(xs), offset2), x13 = tinyml_sadd16(tinyml_sxtb16_ror8(xs), offset2);
  const int32_t w02 = tinyml_sxtb16(ws), w13 = tinyml_sxtb16_ror8(ws);
  acc.c0 = tinyml_smlabb(x02, w02, acc.c0);
  acc.c2 = tinyml_smlatt(x02, w02, acc.c2);
  acc.c1 = tinyml_smlabb(x13, w13, acc.c1);
  acc.c3 = tinyml_smlatt(x13, w13, acc.c3);
  return acc;
}

void tinyml_depthwise_conv2d_s8_simd(const tinyml_conv_geometry *g, const tinyml_requant *q, const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output) {
  if (g->out_c != g->in_c || g->dilation_h != 1 || g->dilation_w != 1) {
    tinyml_depthwise_conv2d_s8(g, q, input, filter, bias, output);
    return;
  }
  const int32_t channels = g->in_c, whole = channels & ~3, offset2 = both_halves(q->input_offset);
  for (int32_t b = 0; b < g->batch; b++) {
    for (int32_t oy = 0; oy < g->out_h; oy++) {
      const int32_t iy0 = oy * g->stride_h - g->pad_top;
      const int32_t ky0 = iy0 < 0 ? -iy0 : 0, ky1 = g->k_h < g->in_h - iy0 ? g->k_h : g->in_h - iy0;
      for (int32_t ox = 0; ox < g->out_w; ox++) {
        const int32_t ix0 = ox * g->stride_w - g->pad_left;
        const int32_t kx0 = ix0 < 0 ? -ix0 : 0, kx1 = g->k_w < g->in_w - ix0 ? g->k_w : g->in_w - ix0;
        int8_t *out = output + ((b * g->out_h + oy) * g->out_w + ox) * channels;
        const int interior = g->k_h == 3 && g->k_w == 3 && ky0 == 0 && ky1 == 3 && kx0 == 0 && kx1 == 3;
        for (int32_t c = 0; c < whole; c += 4) {
          four_sums acc = { 0, 0, 0, 0 };
          if (bias) { acc.c0 = bias[c]; acc.c1 = bias[c + 1]; acc.c2 = bias[c + 2]; acc.c3 = bias[c + 3]; }
          if (interior) {
            /* The 3x3 fast path: a window wholly inside the image, unrolled. */
            const int32_t row = g->in_w * channels;
            const int8_t *x = input + ((b * g->in_h + iy0) * g->in_w + ix0) * channels + c;
            const int8_t *w = filter + c;
            for (int32_t ky = 0; ky < 3; ky++, x += row, w += 3 * channels) {
              acc = depthwise_tap(x, w, offset2, acc);
              acc = depthwise_tap(x + channels, w + channels, offset2, acc);
              acc = depthwise_tap(x + 2 * channels, w + 2 * channels, offset2, acc);
            }
          } else {
            for (int32_t ky = ky0; ky < ky1; ky++) {
              const int8_t *x = input + ((b * g->in_h + iy0 + ky) * g->in_w + ix0 + kx0) * channels + c;
              const int8_t *w = filter + (ky * g->k_w + kx0) * channels + c;
              for (int32_t kx = kx0; kx < kx1; kx++, x += channels, w += channels) acc = depthwise_tap(x, w, offset2, acc);
            }
          }
          out[c] = requantize(q, acc.c0, c);
          out[c + 1] = requantize(q, acc.c1, c + 1);
          out[c + 2] = requantize(q, acc.c2, c + 2);
          out[c + 3] = requantize(q, acc.c3, c + 3);
        }
        for (int32_t c = whole; c < channels; c++) {
          int32_t acc = bias ? bias[c] : 0;
          for (int32_t ky = ky0; ky < ky1; ky++) {
            for (int32_t kx = kx0; kx < kx1; kx++) {
              const int32_t x = input[((b * g->in_h + iy0 + ky) * g->in_w + ix0 + kx) * channels + c] + q->input_offset;
              acc = tinyml_wrap_add(acc, x * filter[(ky * g->k_w + kx) * channels + c]);
            }
          }
          out[c] = requantize(q, acc, c);
        }
      }
    }
  }
}

void tinyml_fully_connected_s8_simd(const tinyml_fc_geometry *g, const tinyml_requant *q, const int8_t *input, const int8_t *weights, const int32_t *bias, int8_t *output, int16_t *scratch) {
  if (g->weight_offset != 0) {
    tinyml_fully_connected_s8(g, q, input, weights, bias, output);
    return;
  }
  const int32_t k_len = g->in_depth;
  int16_t *const cols[2] = { scratch, scratch + TINYML_SIMD_SCRATCH_ELEMENTS(k_len) / 2 };
  for (int32_t b = 0; b < g->batch; b += 2) {
    const int two = b + 1 < g->batch;
    widen(input + b * k_len, cols[0], k_len, q->input_offset);
    if (two) widen(input + (b + 1) * k_len, cols[1], k_len, q->input_offset);
    mat_mult(cols[0], two ? cols[1] : NULL, weights, k_len, g->out_depth, bias, q, output + b * g->out_depth, two ? output + (b + 1) * g->out_depth : NULL);
  }
}

/*
 * ADD: TFLite's three requantizations per element (each input to the common
 * scale after a left shift, then the sum to the output), with the fast
 * requantization of tinyml_fast_requant.h and every rounding mask computed
 * once per call instead of per element. The saturating case of
 * SaturatingRoundingDoublingHighMul (both operands INT32_MIN) cannot occur:
 * the multipliers are positive. Shapes of parameters TFLite never produces
 * (a positive shift, a left shift that could overflow) take the reference.
 */
static inline int32_t round_mask(int32_t exponent) {
  return exponent >= 31 ? 0x7fffffff : (int32_t)((1u << exponent) - 1u);
}

static inline int32_t srdhm_positive(int32_t a, int32_t multiplier) {
  return (int32_t)(((int64_t)a * multiplier + (1 << 30)) >> 31);
}

/* tinyml_rdbp with its mask given: x / 2^exponent rounded half away from zero. */
static inline int32_t rdbp_masked(int32_t x, int32_t exponent, int32_t mask) {
  const int32_t threshold = (mask >> 1) + (int32_t)((uint32_t)x >> 31);
  return (x >> exponent) + ((x & mask) > threshold ? 1 : 0);
}

void tinyml_add_s8_simd(const tinyml_add_params *p, int32_t count, const int8_t *a, const int8_t *b, int8_t *output) {
  if (p->input1_shift > 0 || p->input2_shift > 0 || p->output_shift > 0 || p->left_shift < 0 || p->left_shift > 22) {
    tinyml_add_s8(p, count, a, b, output);
    return;
  }
  const int32_t left = p->left_shift, offset1 = p->input1_offset, offset2 = p->input2_offset;
  const int32_t m1 = p->input1_multiplier, m2 = p->input2_multiplier, mo = p->output_multiplier;
  const int32_t e1 = -p->input1_shift, e2 = -p->input2_shift, eo = -p->output_shift;
  const int32_t k1 = round_mask(e1), k2 = round_mask(e2), ko = round_mask(eo);
  const int32_t out_offset = p->output_offset, lo = p->act_min, hi = p->act_max;
  for (int32_t i = 0; i < count; i++) {
    /* |a + offset| <= 255, so the shift by at most 22 stays inside int32. */
    const int32_t x = rdbp_masked(srdhm_positive((a[i] + offset1) * (1 << left), m1), e1, k1);
    const int32_t y = rdbp_masked(srdhm_positive((b[i] + offset2) * (1 << left), m2), e2, k2);
    int32_t v = rdbp_masked(srdhm_positive(x + y, mo), eo, ko) + out_offset;
    v = v < lo ? lo : v;
    output[i] = (int8_t)(v > hi ? hi : v);
  }
}

/*
 * AVERAGE_POOL_2D: four channels per load, widened with SXTB16 into two
 * int16 pairs and summed with SADD16, so a tap of four channels costs five
 * instructions instead of four scalar loads and adds. A window of at most 255
 * taps keeps every int16 sum within 255 * 128 = 32640; a larger one takes the
 * reference. The rounding division is the reference's.
 */
void tinyml_average_pool2d_s8_simd(const tinyml_pool_params *p, const int8_t *input, int8_t *output) {
  if (p->filter_h * p->filter_w > 255) {
    tinyml_average_pool2d_s8(p, input, output);
    return;
  }
  const int32_t channels = p->channels, whole = channels & ~3;
  for (int32_t b = 0; b < p->batch; b++) {
    for (int32_t oy = 0; oy < p->out_h; oy++) {
      const int32_t iy = oy * p->stride_h - p->pad_top;
      const int32_t y0 = iy < 0 ? -iy : 0, y1 = p->filter_h < p->in_h - iy ? p->filter_h : p->in_h - iy;
      for (int32_t ox = 0; ox < p->out_w; ox++) {
        const int32_t ix = ox * p->stride_w - p->pad_left;
        const int32_t x0 = ix < 0 ? -ix : 0, x1 = p->filter_w < p->in_w - ix ? p->filter_w : p->in_w - ix;
        const int8_t *in = input + ((b * p->in_h + iy) * p->in_w + ix) * channels;
        int8_t *out = output + ((b * p->out_h + oy) * p->out_w + ox) * channels;
        const int32_t count = (y1 - y0) * (x1 - x0), half = count / 2;
        for (int32_t c = 0; c < whole; c += 4) {
          int32_t s02 = 0, s13 = 0;
          for (int32_t y = y0; y < y1; y++) {
            const int8_t *t = in + (y * p->in_w + x0) * channels + c;
            for (int32_t x = x0; x < x1; x++, t += channels) {
              const int32_t v = tinyml_read32(t);
              s02 = tinyml_sadd16(s02, tinyml_sxtb16(v));
              s13 = tinyml_sadd16(s13, tinyml_sxtb16_ror8(v));
            }
          }
          const int32_t sums[4] = { (int16_t)s02, (int16_t)s13, s02 >> 16, s13 >> 16 };
          for (int32_t j = 0; j < 4; j++) {
            const int32_t s = sums[j];
            /* Integer division truncates; adding half the count first rounds half away from zero. */
            const int32_t v = s > 0 ? (s + half) / count : (s - half) / count;
            out[c + j] = (int8_t)(v < p->act_min ? p->act_min : v > p->act_max ? p->act_max : v);
          }
        }
        for (int32_t c = whole; c < channels; c++) {
          int32_t s = 0;
          for (int32_t y = y0; y < y1; y++) for (int32_t x = x0; x < x1; x++) s += in[(y * p->in_w + x) * channels + c];
          const int32_t v = s > 0 ? (s + half) / count : (s - half) / count;
          out[c] = (int8_t)(v < p->act_min ? p->act_min : v > p->act_max ? p->act_max : v);
        }
      }
    }
  }
}
