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
 * One output channel's requantization with everything that depends only on
 * the channel worked out once: tinyml_mbqm_fast's left shift, and the rounding
 * divide's exponent, mask and half mask. With exponent 0 the mask and half mask
 * are 0, and the rounding term below is then always 0, so no branch is needed.
 */
typedef struct { int32_t multiplier, left, right, mask, half; } channel_requant;

static channel_requant channel_requant_of(const tinyml_requant *q, int32_t oc) {
  const int32_t k = q->channels == 1 ? 0 : oc, shift = q->shifts[k];
  channel_requant r;
  r.multiplier = q->multipliers[k];
  r.left = shift > 0 ? shift : 0;
  r.right = shift > 0 ? 0 : -shift;
  r.mask = r.right >= 31 ? 0x7fffffff : (int32_t)((1u << r.right) - 1u);
  r.half = r.mask >> 1;
  return r;
}

/*
 * tinyml_mbqm_fast(acc, multiplier, shift) + output offset, clamped: tinyml_rdbp
 * with the channel's constants. The doubling high multiply skips its one
 * saturating case (both operands INT32_MIN): the caller has checked that no
 * multiplier is INT32_MIN (TFLite's never are: they lie in [2^30, 2^31)).
 */
static inline int32_t requantize_channel(const channel_requant *r, int32_t acc, int32_t out_offset, int32_t lo, int32_t hi) {
  const int32_t x = (int32_t)(((int64_t)tinyml_shl(acc, r->left) * r->multiplier + (1 << 30)) >> 31);
  const int32_t v = (x >> r->right) + ((x & r->mask) > r->half + (x < 0 ? 1 : 0) ? 1 : 0) + out_offset;
  return v < lo ? lo : v > hi ? hi : v;
}

/*
 * Columns are int16 with the input offset added. Within each whole group of
 * four, [a b c d] is stored as [a c b d]: then the column's first word pairs
 * with SXTB16 of a weight word ([w0 w2]) and its second with SXTB16 ROR #8
 * ([w1 w3]), and the weights need no reordering. A tail of k_len % 4 stays in
 * order and is multiplied one at a time.
 *
 * The two columns of a pair are interleaved group by group (column 0's group,
 * then column 1's), their tails after all groups: the pair's inner loop then
 * walks one pointer instead of two, which leaves the Cortex-M's registers
 * enough for four sums, two weight rows, the counter and every loaded word.
 */
typedef struct { int16_t *groups, *tail; int32_t step; } column_slot;

/* Column j (0 or 1) of a buffer holding `count` (1 or 2) columns of k_len terms. */
static column_slot column_slot_of(int16_t *buf, int32_t k_len, int32_t count, int32_t j) {
  const int32_t whole = k_len & ~3;
  column_slot s;
  s.step = 4 * count;
  s.groups = buf + 4 * j;
  s.tail = buf + count * whole + j * (k_len - whole);
  return s;
}

/* n int8 values at src, plus offset, into the column from group g0 on; a tail (n % 4) only with g0 = 0 and n = k_len. */
static void widen(const int8_t *src, const column_slot *s, int32_t g0, int32_t n, int32_t offset) {
  const int32_t whole = n & ~3, offset2 = both_halves(offset);
  int16_t *dst = s->groups + g0 * s->step;
  for (int32_t i = 0; i < whole; i += 4, dst += s->step) {
    const int32_t w = tinyml_read32(src + i);
    tinyml_write32(dst, tinyml_sadd16(tinyml_sxtb16(w), offset2));
    tinyml_write32(dst + 2, tinyml_sadd16(tinyml_sxtb16_ror8(w), offset2));
  }
  for (int32_t i = whole; i < n; i++) s->tail[i - whole] = (int16_t)(src[i] + offset);
}

/* One output pixel's receptive field, (ky, kx, c) order, as a column; taps outside the image are 0. */
static void im2col(const tinyml_conv_geometry *g, int32_t offset, const int8_t *image, int32_t oy, int32_t ox, const column_slot *col) {
  const int32_t iy0 = oy * g->stride_h - g->pad_top, ix0 = ox * g->stride_w - g->pad_left;
  if ((g->in_c & 3) == 0) {
    /* Every tap starts a whole group, so each can be widened as a block. */
    const int32_t tap_groups = g->in_c >> 2;
    int32_t g0 = 0;
    for (int32_t ky = 0; ky < g->k_h; ky++) {
      const int32_t iy = iy0 + ky * g->dilation_h;
      for (int32_t kx = 0; kx < g->k_w; kx++, g0 += tap_groups) {
        const int32_t ix = ix0 + kx * g->dilation_w;
        if (iy < 0 || iy >= g->in_h || ix < 0 || ix >= g->in_w) {
          int16_t *dst = col->groups + g0 * col->step;
          for (int32_t c = 0; c < tap_groups; c++, dst += col->step) { tinyml_write32(dst, 0); tinyml_write32(dst + 2, 0); }
        } else {
          widen(image + (iy * g->in_w + ix) * g->in_c, col, g0, g->in_c, offset);
        }
      }
    }
    return;
  }
  /* Position within a group of the p-th term: [a b c d] is stored [a c b d]. */
  static const uint8_t order[4] = { 0, 2, 1, 3 };
  const int32_t whole = (g->k_h * g->k_w * g->in_c) & ~3;
  int16_t *group = col->groups;
  int32_t p = 0;
  for (int32_t ky = 0; ky < g->k_h; ky++) {
    const int32_t iy = iy0 + ky * g->dilation_h;
    for (int32_t kx = 0; kx < g->k_w; kx++) {
      const int32_t ix = ix0 + kx * g->dilation_w;
      const int inside = iy >= 0 && iy < g->in_h && ix >= 0 && ix < g->in_w;
      const int8_t *src = image + (inside ? (iy * g->in_w + ix) * g->in_c : 0);
      for (int32_t c = 0; c < g->in_c; c++, p++) {
        const int16_t v = (int16_t)(inside ? src[c] + offset : 0);
        if (p >= whole) {
          col->tail[p - whole] = v;
        } else {
          group[order[p & 3]] = v;
          if ((p & 3) == 3) group += col->step;
        }
      }
    }
  }
}

/* acc + column . filter row over k_len terms. */
static int32_t dot(const column_slot *col, const int8_t *f, int32_t k_len, int32_t acc) {
  const int32_t whole = k_len & ~3;
  const int16_t *x = col->groups;
  for (int32_t k = 0; k < whole; k += 4, x += col->step) {
    const int32_t w = tinyml_read32(f + k);
    acc = tinyml_smlad(tinyml_read32(x), tinyml_sxtb16(w), acc);
    acc = tinyml_smlad(tinyml_read32(x + 2), tinyml_sxtb16_ror8(w), acc);
  }
  for (int32_t k = whole; k < k_len; k++) acc = tinyml_wrap_add(acc, col->tail[k - whole] * f[k]);
  return acc;
}

/* requantize() with the channel's constants worked out beforehand; a multiplier of INT32_MIN (never TFLite's) takes requantize(). */
static inline int8_t requantize_with(const channel_requant *r, const tinyml_requant *q, int32_t acc, int32_t oc) {
  if (r->multiplier == INT32_MIN) return requantize(q, acc, oc);
  return (int8_t)requantize_channel(r, acc, q->output_offset, q->act_min, q->act_max);
}

/*
 * Rows oc and oc + 1 of one or two columns (a0, b0 into out0; a1, b1 into out1
 * unless it is NULL). The constants of a per-channel scale are worked out here,
 * after the sums, so they take no registers in the loop that makes them.
 */
static inline void requantize_pair(const tinyml_requant *q, int32_t oc, const channel_requant *tensor_r, int per_channel,
                            int32_t a0, int32_t b0, int32_t a1, int32_t b1, int8_t *out0, int8_t *out1) {
  channel_requant own[2];
  const channel_requant *ra = tensor_r, *rb = tensor_r;
  if (per_channel) {
    own[0] = channel_requant_of(q, oc);
    own[1] = channel_requant_of(q, oc + 1);
    ra = &own[0];
    rb = &own[1];
  }
  out0[oc] = requantize_with(ra, q, a0, oc);
  out0[oc + 1] = requantize_with(rb, q, b0, oc + 1);
  if (out1) {
    out1[oc] = requantize_with(ra, q, a1, oc);
    out1[oc + 1] = requantize_with(rb, q, b1, oc + 1);
  }
}

/*
 * For every filter row oc: out0[oc] = requantize(bias[oc] + column 0 . row),
 * and out1[oc] the same with column 1 when `paired` (buf then holds two
 * interleaved columns, else one). Two rows per pass, so each loaded column
 * word serves two SMLADs and each weight word two (or four with two columns).
 * Requantization constants are worked out once per call for a per-tensor
 * scale, once per pair of rows otherwise.
 */
static void mat_mult(int16_t *buf, int paired, const int8_t *filter, int32_t k_len, int32_t out_c,
                     const int32_t *bias, const tinyml_requant *q, int8_t *out0, int8_t *out1) {
  const int32_t whole = k_len & ~3, tail = k_len - whole;
  const column_slot c0 = column_slot_of(buf, k_len, paired ? 2 : 1, 0), c1 = column_slot_of(buf, k_len, 2, 1);
  const channel_requant tensor_r = channel_requant_of(q, 0);
  const int per_channel = q->channels != 1;
  int32_t oc = 0;
  for (; oc + 2 <= out_c; oc += 2) {
    const int8_t *fa = filter + oc * k_len, *fb = fa + k_len;
    int32_t a0 = bias ? bias[oc] : 0, b0 = bias ? bias[oc + 1] : 0;
    if (paired) {
      int32_t a1 = a0, b1 = b0;
      const int16_t *x = buf;
      const int8_t *pa = fa, *pb = fb;
#if defined(__ARM_FEATURE_DSP)
      /*
       * The same loop as below, scheduled by hand: GCC 12 keeps the loop's
       * end on the stack and steps the column pointer apart, 22 instructions
       * per four terms where these take 18, and a subs and bne per eight.
       * It needs 14 registers, which is all Thumb-2 gives (r0-r12 and lr).
       */
      int32_t wa, wb, xa, xb, t, u;
#define TINYML_PAIR_GROUP \
          "ldr %[wa], [%[pa]], #4\n\t" \
          "ldr %[wb], [%[pb]], #4\n\t" \
          "ldr %[xa], [%[x]], #4\n\t" \
          "sxtb16 %[t], %[wa]\n\t" \
          "sxtb16 %[u], %[wb]\n\t" \
          "smlad %[a0], %[xa], %[t], %[a0]\n\t" \
          "smlad %[b0], %[xa], %[u], %[b0]\n\t" \
          "ldr %[xb], [%[x]], #4\n\t" \
          "ldr %[xa], [%[x]], #4\n\t" \
          "smlad %[a1], %[xa], %[t], %[a1]\n\t" \
          "smlad %[b1], %[xa], %[u], %[b1]\n\t" \
          "sxtb16 %[t], %[wa], ror #8\n\t" \
          "sxtb16 %[u], %[wb], ror #8\n\t" \
          "smlad %[a0], %[xb], %[t], %[a0]\n\t" \
          "smlad %[b0], %[xb], %[u], %[b0]\n\t" \
          "ldr %[xb], [%[x]], #4\n\t" \
          "smlad %[a1], %[xb], %[t], %[a1]\n\t" \
          "smlad %[b1], %[xb], %[u], %[b1]\n\t"
#define TINYML_PAIR_OPERANDS \
          : [a0] "+r"(a0), [b0] "+r"(b0), [a1] "+r"(a1), [b1] "+r"(b1), [pa] "+r"(pa), [pb] "+r"(pb), [x] "+r"(x), [n] "+r"(n), \
            [wa] "=&r"(wa), [wb] "=&r"(wb), [xa] "=&r"(xa), [xb] "=&r"(xb), [t] "=&r"(t), [u] "=&r"(u) \
          : \
          : "cc", "memory"
      int32_t n = whole >> 3;
      /* Eight terms per iteration, then a last four. */
      if (n > 0) __asm__ volatile("1:\n\t" TINYML_PAIR_GROUP TINYML_PAIR_GROUP "subs %[n], %[n], #1\n\t" "bne 1b" TINYML_PAIR_OPERANDS);
      if (whole & 4) __asm__ volatile(TINYML_PAIR_GROUP TINYML_PAIR_OPERANDS);
#undef TINYML_PAIR_GROUP
#undef TINYML_PAIR_OPERANDS
#else
      for (int32_t n = whole >> 2; n > 0; n--, pa += 4, pb += 4, x += 8) {
        const int32_t wa = tinyml_read32(pa), wb = tinyml_read32(pb);
        const int32_t x00 = tinyml_read32(x), x01 = tinyml_read32(x + 2);
        int32_t wa02 = tinyml_sxtb16(wa), wb02 = tinyml_sxtb16(wb);
        a0 = tinyml_smlad(x00, wa02, a0);
        b0 = tinyml_smlad(x00, wb02, b0);
        const int32_t x10 = tinyml_read32(x + 4);
        a1 = tinyml_smlad(x10, wa02, a1);
        b1 = tinyml_smlad(x10, wb02, b1);
        const int32_t wa13 = tinyml_sxtb16_ror8(wa), wb13 = tinyml_sxtb16_ror8(wb);
        a0 = tinyml_smlad(x01, wa13, a0);
        b0 = tinyml_smlad(x01, wb13, b0);
        const int32_t x11 = tinyml_read32(x + 6);
        a1 = tinyml_smlad(x11, wa13, a1);
        b1 = tinyml_smlad(x11, wb13, b1);
      }
#endif
      for (int32_t k = 0; k < tail; k++) {
        const int32_t x0 = c0.tail[k], x1 = c1.tail[k], wa = fa[whole + k], wb = fb[whole + k];
        a0 = tinyml_wrap_add(a0, x0 * wa); b0 = tinyml_wrap_add(b0, x0 * wb);
        a1 = tinyml_wrap_add(a1, x1 * wa); b1 = tinyml_wrap_add(b1, x1 * wb);
      }
      requantize_pair(q, oc, &tensor_r, per_channel, a0, b0, a1, b1, out0, out1);
    } else {
      const int16_t *x = buf;
      for (int32_t k = 0; k < whole; k += 4, x += 4) {
        const int32_t wa = tinyml_read32(fa + k), wb = tinyml_read32(fb + k);
        const int32_t x0 = tinyml_read32(x), x1 = tinyml_read32(x + 2);
        a0 = tinyml_smlad(x1, tinyml_sxtb16_ror8(wa), tinyml_smlad(x0, tinyml_sxtb16(wa), a0));
        b0 = tinyml_smlad(x1, tinyml_sxtb16_ror8(wb), tinyml_smlad(x0, tinyml_sxtb16(wb), b0));
      }
      for (int32_t k = 0; k < tail; k++) {
        a0 = tinyml_wrap_add(a0, c0.tail[k] * fa[whole + k]);
        b0 = tinyml_wrap_add(b0, c0.tail[k] * fb[whole + k]);
      }
      requantize_pair(q, oc, &tensor_r, per_channel, a0, b0, 0, 0, out0, NULL);
    }
  }
  if (oc < out_c) {
    const int8_t *f = filter + oc * k_len;
    const int32_t b = bias ? bias[oc] : 0;
    out0[oc] = requantize(q, dot(&c0, f, k_len, b), oc);
    if (paired) out1[oc] = requantize(q, dot(&c1, f, k_len, b), oc);
  }
}

void tinyml_conv2d_s8_simd(const tinyml_conv_geometry *g, const tinyml_requant *q, const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output, int16_t *scratch) {
  const int32_t k_len = g->k_h * g->k_w * g->in_c;
  /* Pixels in pairs (interleaved columns); a last odd pixel alone. */
  const column_slot pair[2] = { column_slot_of(scratch, k_len, 2, 0), column_slot_of(scratch, k_len, 2, 1) };
  const column_slot alone = column_slot_of(scratch, k_len, 1, 0);
  /* A 1x1 window that never leaves the image is one contiguous input pixel. */
  const int pointwise = g->k_h == 1 && g->k_w == 1 && g->pad_top == 0 && g->pad_left == 0
    && (g->out_h - 1) * g->stride_h < g->in_h && (g->out_w - 1) * g->stride_w < g->in_w;
  const int32_t per_image = g->out_h * g->out_w, pixels = g->batch * per_image;
  for (int32_t n = 0; n < pixels; n++) {
    const int second = n & 1, last_alone = !second && n + 1 == pixels;
    const column_slot *col = last_alone ? &alone : &pair[second];
    const int32_t b = n / per_image, oy = (n % per_image) / g->out_w, ox = n % g->out_w;
    const int8_t *image = input + b * g->in_h * g->in_w * g->in_c;
    if (pointwise) widen(image + (oy * g->stride_h * g->in_w + ox * g->stride_w) * g->in_c, col, 0, g->in_c, q->input_offset);
    else im2col(g, q->input_offset, image, oy, ox, col);
    if (second) mat_mult(scratch, 1, filter, k_len, g->out_c, bias, q, output + (n - 1) * g->out_c, output + n * g->out_c);
    else if (last_alone) mat_mult(scratch, 0, filter, k_len, g->out_c, bias, q, output + n * g->out_c, NULL);
  }
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

/* One tap of four channels on raw inputs, the weights already sign-extended: see depthwise_tap. */
static inline four_sums raw_tap(const int8_t *x, int32_t w02, int32_t w13, four_sums acc) {
  const int32_t xs = tinyml_read32(x);
  const int32_t x02 = tinyml_sxtb16(xs), x13 = tinyml_sxtb16_ror8(xs);
  acc.c0 = tinyml_smlabb(x02, w02, acc.c0);
  acc.c2 = tinyml_smlatt(x02, w02, acc.c2);
  acc.c1 = tinyml_smlabb(x13, w13, acc.c1);
  acc.c3 = tinyml_smlatt(x13, w13, acc.c3);
  return acc;
}

static inline int32_t pack4(int32_t a, int32_t b, int32_t c, int32_t d) {
  return (int32_t)(((uint32_t)a & 0xFFu) | (((uint32_t)b & 0xFFu) << 8) | (((uint32_t)c & 0xFFu) << 16) | ((uint32_t)d << 24));
}

/*
 * Channels four at a time in the outer loop, so that per group of four the
 * weights are sign-extended once (nine taps of a 3x3 window, in two halfword
 * pairs each), the requantization constants are worked out once, and the input
 * offset's share of an interior window, input_offset * (sum of its nine
 * weights), is folded into the bias once: interior taps then multiply the raw
 * inputs. Sums wrap modulo 2^32, so the folded sum is bit for bit the
 * reference's. Windows that cross the border add the offset tap by tap, as
 * padded taps must contribute nothing.
 */
void tinyml_depthwise_conv2d_s8_simd(const tinyml_conv_geometry *g, const tinyml_requant *q, const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output) {
  int saturating = 0;
  for (int32_t k = 0; k < q->channels; k++) saturating |= q->multipliers[k] == INT32_MIN;
  if (g->out_c != g->in_c || g->dilation_h != 1 || g->dilation_w != 1 || saturating) {
    tinyml_depthwise_conv2d_s8(g, q, input, filter, bias, output);
    return;
  }
  const int32_t channels = g->in_c, whole = channels & ~3, offset2 = both_halves(q->input_offset);
  const int32_t out_offset = q->output_offset, lo = q->act_min, hi = q->act_max;
  const int three = g->k_h == 3 && g->k_w == 3;
  for (int32_t c = 0; c < whole; c += 4) {
    const channel_requant r0 = channel_requant_of(q, c), r1 = channel_requant_of(q, c + 1), r2 = channel_requant_of(q, c + 2), r3 = channel_requant_of(q, c + 3);
    const int32_t b0 = bias ? bias[c] : 0, b1 = bias ? bias[c + 1] : 0, b2 = bias ? bias[c + 2] : 0, b3 = bias ? bias[c + 3] : 0;
    int32_t w02[9], w13[9];
    int32_t f0 = b0, f1 = b1, f2 = b2, f3 = b3;
    if (three) {
      for (int32_t t = 0; t < 9; t++) {
        const int8_t *w = filter + t * channels + c;
        const int32_t ws = tinyml_read32(w);
        w02[t] = tinyml_sxtb16(ws);
        w13[t] = tinyml_sxtb16_ror8(ws);
        f0 = tinyml_wrap_add(f0, q->input_offset * w[0]);
        f1 = tinyml_wrap_add(f1, q->input_offset * w[1]);
        f2 = tinyml_wrap_add(f2, q->input_offset * w[2]);
        f3 = tinyml_wrap_add(f3, q->input_offset * w[3]);
      }
    }
    for (int32_t b = 0; b < g->batch; b++) {
      for (int32_t oy = 0; oy < g->out_h; oy++) {
        const int32_t iy0 = oy * g->stride_h - g->pad_top;
        const int32_t ky0 = iy0 < 0 ? -iy0 : 0, ky1 = g->k_h < g->in_h - iy0 ? g->k_h : g->in_h - iy0;
        /* An index, not a pointer: the row above the image (iy0 < 0) is never formed as an address. */
        const int32_t row_start = (b * g->in_h + iy0) * g->in_w;
        int8_t *out = output + (b * g->out_h + oy) * g->out_w * channels + c;
        for (int32_t ox = 0; ox < g->out_w; ox++, out += channels) {
          const int32_t ix0 = ox * g->stride_w - g->pad_left;
          const int32_t kx0 = ix0 < 0 ? -ix0 : 0, kx1 = g->k_w < g->in_w - ix0 ? g->k_w : g->in_w - ix0;
          four_sums acc;
          if (three && ky0 == 0 && ky1 == 3 && kx0 == 0 && kx1 == 3) {
            /* The interior 3x3 window, unrolled, on raw inputs. */
            acc.c0 = f0; acc.c1 = f1; acc.c2 = f2; acc.c3 = f3;
            const int32_t row = g->in_w * channels;
            const int8_t *x = input + (row_start + ix0) * channels + c;
            /* Written out tap by tap: a loop here costs a compare, a branch and a spill per tap. */
            acc = raw_tap(x, w02[0], w13[0], acc);
            acc = raw_tap(x + channels, w02[1], w13[1], acc);
            acc = raw_tap(x + 2 * channels, w02[2], w13[2], acc);
            x += row;
            acc = raw_tap(x, w02[3], w13[3], acc);
            acc = raw_tap(x + channels, w02[4], w13[4], acc);
            acc = raw_tap(x + 2 * channels, w02[5], w13[5], acc);
            x += row;
            acc = raw_tap(x, w02[6], w13[6], acc);
            acc = raw_tap(x + channels, w02[7], w13[7], acc);
            acc = raw_tap(x + 2 * channels, w02[8], w13[8], acc);
          } else {
            acc.c0 = b0; acc.c1 = b1; acc.c2 = b2; acc.c3 = b3;
            for (int32_t ky = ky0; ky < ky1; ky++) {
              const int8_t *x = input + (row_start + ky * g->in_w + ix0 + kx0) * channels + c;
              const int8_t *w = filter + (ky * g->k_w + kx0) * channels + c;
              for (int32_t kx = kx0; kx < kx1; kx++, x += channels, w += channels) acc = depthwise_tap(x, w, offset2, acc);
            }
          }
          tinyml_write32(out, pack4(requantize_channel(&r0, acc.c0, out_offset, lo, hi), requantize_channel(&r1, acc.c1, out_offset, lo, hi),
                                    requantize_channel(&r2, acc.c2, out_offset, lo, hi), requantize_channel(&r3, acc.c3, out_offset, lo, hi)));
        }
      }
    }
  }
  for (int32_t c = whole; c < channels; c++) {
    const channel_requant r = channel_requant_of(q, c);
    for (int32_t b = 0; b < g->batch; b++) {
      for (int32_t oy = 0; oy < g->out_h; oy++) {
        const int32_t iy0 = oy * g->stride_h - g->pad_top;
        const int32_t ky0 = iy0 < 0 ? -iy0 : 0, ky1 = g->k_h < g->in_h - iy0 ? g->k_h : g->in_h - iy0;
        for (int32_t ox = 0; ox < g->out_w; ox++) {
          const int32_t ix0 = ox * g->stride_w - g->pad_left;
          const int32_t kx0 = ix0 < 0 ? -ix0 : 0, kx1 = g->k_w < g->in_w - ix0 ? g->k_w : g->in_w - ix0;
          int32_t acc = bias ? bias[c] : 0;
          for (int32_t ky = ky0; ky < ky1; ky++) {
            for (int32_t kx = kx0; kx < kx1; kx++) {
              const int32_t x = input[((b * g->in_h + iy0 + ky) * g->in_w + ix0 + kx) * channels + c] + q->input_offset;
              acc = tinyml_wrap_add(acc, x * filter[(ky * g->k_w + kx) * channels + c]);
            }
          }
          output[((b * g->out_h + oy) * g->out_w + ox) * channels + c] = (int8_t)requantize_channel(&r, acc, out_offset, lo, hi);
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
  for (int32_t b = 0; b < g->batch; b += 2) {
    const int two = b + 1 < g->batch;
    const column_slot c0 = column_slot_of(scratch, k_len, two ? 2 : 1, 0), c1 = column_slot_of(scratch, k_len, 2, 1);
    widen(input + b * k_len, &c0, 0, k_len, q->input_offset);
    if (two) widen(input + (b + 1) * k_len, &c1, 0, k_len, q->input_offset);
    mat_mult(scratch, two, weights, k_len, g->out_depth, bias, q, output + b * g->out_depth, two ? output + (b + 1) * g->out_depth : NULL);
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
