/*
 * Scalar reference kernels: simple loops, one output at a time, written to be
 * obviously equal to the TypeScript kernels in lib/ir/kernels. Optimised variants live elsewhere
 * and must match these bit for bit.
 */
#include <stddef.h>
#include "tinyml_kernels.h"
#include "tinyml_fixed_point.h"

static inline int32_t clamp(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : v > hi ? hi : v; }

void tinyml_conv2d_s8(const tinyml_conv_geometry *g, const tinyml_requant *q, const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output) {
  int32_t o = 0;
  for (int32_t b = 0; b < g->batch; b++) {
    for (int32_t oy = 0; oy < g->out_h; oy++) {
      const int32_t iy0 = oy * g->stride_h - g->pad_top;
      for (int32_t ox = 0; ox < g->out_w; ox++) {
        const int32_t ix0 = ox * g->stride_w - g->pad_left;
        for (int32_t oc = 0; oc < g->out_c; oc++) {
          int32_t acc = 0;
          for (int32_t ky = 0; ky < g->k_h; ky++) {
            const int32_t iy = iy0 + ky * g->dilation_h;
            if (iy < 0 || iy >= g->in_h) continue;
            for (int32_t kx = 0; kx < g->k_w; kx++) {
              const int32_t ix = ix0 + kx * g->dilation_w;
              if (ix < 0 || ix >= g->in_w) continue;
              const int8_t *in = input + ((b * g->in_h + iy) * g->in_w + ix) * g->in_c;
              const int8_t *f = filter + ((oc * g->k_h + ky) * g->k_w + kx) * g->in_c;
              for (int32_t c = 0; c < g->in_c; c++) acc = tinyml_wrap_add(acc, (in[c] + q->input_offset) * f[c]);
            }
          }
          if (bias) acc = tinyml_wrap_add(acc, bias[oc]);
          const int32_t k = q->channels == 1 ? 0 : oc;
          output[o++] = (int8_t)clamp(tinyml_mbqm(acc, q->multipliers[k], q->shifts[k]) + q->output_offset, q->act_min, q->act_max);
        }
      }
    }
  }
}

void tinyml_transpose_conv_s8(const tinyml_conv_geometry *g, const tinyml_requant *q, const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output) {
  int32_t o = 0;
  for (int32_t b = 0; b < g->batch; b++) {
    for (int32_t oy = 0; oy < g->out_h; oy++) {
      for (int32_t ox = 0; ox < g->out_w; ox++) {
        for (int32_t oc = 0; oc < g->out_c; oc++) {
          int32_t acc = 0;
          for (int32_t ky = 0; ky < g->k_h; ky++) {
            const int32_t ny = oy + g->pad_top - ky;
            if (ny < 0 || ny % g->stride_h != 0 || ny / g->stride_h >= g->in_h) continue;
            for (int32_t kx = 0; kx < g->k_w; kx++) {
              const int32_t nx = ox + g->pad_left - kx;
              if (nx < 0 || nx % g->stride_w != 0 || nx / g->stride_w >= g->in_w) continue;
              const int8_t *in = input + ((b * g->in_h + ny / g->stride_h) * g->in_w + nx / g->stride_w) * g->in_c;
              const int8_t *f = filter + ((oc * g->k_h + ky) * g->k_w + kx) * g->in_c;
              for (int32_t c = 0; c < g->in_c; c++) acc = tinyml_wrap_add(acc, (in[c] + q->input_offset) * f[c]);
            }
          }
          if (bias) acc = tinyml_wrap_add(acc, bias[oc]);
          const int32_t k = q->channels == 1 ? 0 : oc;
          output[o++] = (int8_t)clamp(tinyml_mbqm(acc, q->multipliers[k], q->shifts[k]) + q->output_offset, q->act_min, q->act_max);
        }
      }
    }
  }
}

void tinyml_batch_matmul_s8(const tinyml_batch_matmul_params *p, const int8_t *lhs, const int8_t *rhs, int8_t *output) {
  int8_t *o = output;
  for (int32_t b = 0; b < p->batches; b++) {
    for (int32_t i = 0; i < p->rows; i++) {
      const int8_t *l = lhs + p->lhs_offsets[b] + i * p->lhs_row_stride;
      for (int32_t j = 0; j < p->cols; j++) {
        const int8_t *r = rhs + p->rhs_offsets[b] + j * p->rhs_col_stride;
        int32_t acc = 0;
        for (int32_t k = 0; k < p->depth; k++) {
          acc = tinyml_wrap_add(acc, (l[k * p->lhs_depth_stride] + p->lhs_offset) * (r[k * p->rhs_depth_stride] + p->rhs_offset));
        }
        *o++ = (int8_t)clamp(tinyml_mbqm(acc, p->multiplier, p->shift) + p->output_offset, -128, 127);
      }
    }
  }
}

/*
 * SVDF for one state type T (range LO..HI): the state moves back one step, each filter's feature dot product,
 * rescaled and saturated, becomes its newest step (the zero point added after, the store wrapping as TFLM's
 * does), and each unit sums its filters' time dot products with the bias.
 */
#define TINYML_SVDF(NAME, T, LO, HI) \
void NAME(const tinyml_svdf_params *p, const int8_t *input, const int8_t *feature, const T *time, const int32_t *bias, T *state, int8_t *output) { \
  const int32_t n = p->batch * p->filters * p->memory; \
  for (int32_t i = 0; i + 1 < n; i++) state[i] = state[i + 1]; \
  for (int32_t b = 0; b < p->batch; b++) { \
    const int8_t *in = input + b * p->input_size; \
    for (int32_t f = 0; f < p->filters; f++) { \
      const int8_t *w = feature + f * p->input_size; \
      int32_t dot = 0; \
      for (int32_t c = 0; c < p->input_size; c++) dot = tinyml_wrap_add(dot, w[c] * (in[c] - p->input_zero_point)); \
      const int32_t v = clamp(tinyml_mbqm(dot, p->feature_multiplier, p->feature_shift), LO, HI); \
      state[(b * p->filters + f) * p->memory + p->memory - 1] = (T)(p->state_zero_point + v); \
    } \
  } \
  for (int32_t b = 0; b < p->batch; b++) { \
    for (int32_t u = 0; u < p->units; u++) { \
      int32_t acc = bias ? bias[u] : 0; \
      for (int32_t r = 0; r < p->rank; r++) { \
        const int32_t f = u * p->rank + r; \
        const T *s = state + (b * p->filters + f) * p->memory; \
        const T *t = time + f * p->memory; \
        int32_t dot = 0; \
        for (int32_t m = 0; m < p->memory; m++) dot = tinyml_wrap_add(dot, t[m] * (s[m] - p->state_zero_point)); \
        acc = tinyml_wrap_add(acc, dot); \
      } \
      output[b * p->units + u] = (int8_t)clamp(tinyml_mbqm(acc, p->output_multiplier, p->output_shift) + p->output_zero_point, -128, 127); \
    } \
  } \
}

TINYML_SVDF(tinyml_svdf_s8_s16, int16_t, INT16_MIN, INT16_MAX)
TINYML_SVDF(tinyml_svdf_s8_s8, int8_t, -128, 127)

/* TFLite's int16 sigmoid from the table: |a| >> 9 picks the entry, its low 9 bits interpolate; a is Q3.12 * 3. Q0.15. */
static int32_t lstm_sigmoid(const uint16_t *t, int32_t a) {
  const uint32_t m = (uint32_t)(a < 0 ? -a : a), h = m >> 9;
  uint32_t r = h >= 255 ? 0x7fffu << 10 : ((uint32_t)t[h] << 9) + (m & 0x1ffu) * (uint32_t)(t[h + 1] - t[h]);
  r = a >= 0 ? r + (1u << 9) : (1u << 25) - r + (1u << 9) - 1;
  return (int32_t)(r >> 10);
}

/* TFLite's int16 tanh from the same table (tanh(x) = 2 sigmoid(2x) - 1): |a| >> 8 picks the entry. Q0.15. */
static int32_t lstm_tanh(const uint16_t *t, int32_t a) {
  const uint32_t m = (uint32_t)(a < 0 ? -a : a), h = m >> 8;
  int32_t r = h >= 255 ? (int32_t)(0xffffu << 8) : (int32_t)(((uint32_t)t[h] << 8) + (m & 0xffu) * (uint32_t)(t[h + 1] - t[h]));
  r = a >= 0 ? r - (1 << 23) + (1 << 7) : -r + (1 << 23) + (1 << 7) - 1;
  return r >> 8;
}

/* One gate row: an int32 dot product that wraps as TFLM's does, rescaled and saturated to int16. */
static int32_t lstm_fc(const int8_t *x, int32_t x_offset, const int8_t *w, int32_t w_offset, int32_t n, int32_t acc, int32_t m, int32_t s) {
  for (int32_t i = 0; i < n; i++) acc = tinyml_wrap_add(acc, (x[i] + x_offset) * (w[i] + w_offset));
  return clamp(tinyml_mbqm(acc, m, s), INT16_MIN, INT16_MAX);
}

/*
 * Unit by unit: the four gates (from the input row and the old hidden state), the cell in place, and the new hidden
 * value into the output row; the row then becomes the hidden state. Every step is per unit, so this order gives
 * TFLM's results without its gate buffers.
 */
void tinyml_lstm_s8(const tinyml_lstm_params *p, const int8_t *input, int8_t *hidden, int16_t *cell, int8_t *output) {
  const int32_t u = p->units, round = p->cell_tanh_shift > 0 ? 1 << (p->cell_tanh_shift - 1) : 0;
  for (int32_t b = 0; b < p->batch; b++) {
    int8_t *h = hidden + b * u;
    int16_t *c = cell + b * u;
    for (int32_t t = 0; t < p->time; t++) {
      const int32_t row = p->time_major ? t * p->batch + b : b * p->time + t;
      const int8_t *x = input + row * p->inputs;
      int8_t *y = output + row * u;
      for (int32_t j = 0; j < u; j++) {
        int32_t gate[4];
        for (int32_t k = 0; k < 4; k++) {
          const int32_t a = lstm_fc(x, p->input_offset, p->weights[k] + j * p->inputs, p->weight_offset[k], p->inputs, p->bias[k][j], p->in_multiplier[k], p->in_shift[k]);
          const int32_t r = lstm_fc(h, p->hidden_offset, p->recurrent[k] + j * u, p->recurrent_offset[k], u, 0, p->rec_multiplier[k], p->rec_shift[k]);
          const int32_t v = clamp(a + r, INT16_MIN, INT16_MAX);
          gate[k] = k == 2 ? lstm_tanh(p->sigmoid, 3 * v) : lstm_sigmoid(p->sigmoid, 3 * v);
        }
        const int32_t kept = clamp(tinyml_mbqm(gate[1] * c[j], p->forget_multiplier, p->forget_shift), INT16_MIN, INT16_MAX);
        const int32_t added = clamp(tinyml_mbqm(gate[0] * gate[2], p->input_multiplier, p->input_shift), INT16_MIN, INT16_MAX);
        int32_t v = clamp(kept + added, INT16_MIN, INT16_MAX);
        if (p->cell_clip >= 0) v = clamp(v, -p->cell_clip, p->cell_clip);
        c[j] = (int16_t)v;
        const int32_t th = lstm_tanh(p->sigmoid, (v * p->cell_tanh_multiplier + round) >> p->cell_tanh_shift);
        y[j] = (int8_t)clamp(tinyml_mbqm(th * gate[3], p->output_multiplier, p->output_shift) + p->output_zero_point, -128, 127);
      }
      for (int32_t j = 0; j < u; j++) h[j] = y[j];
    }
  }
}

/* gemmlowp's int16 fixed point, as TFLite's HardSwish uses it. */
static inline int16_t srdhm16(int16_t a, int16_t b) {
  if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
  const int32_t ab = (int32_t)a * b;
  return (int16_t)((ab + (ab >= 0 ? (1 << 14) : 1 - (1 << 14))) / (1 << 15));
}

static inline int16_t sdhm16(int16_t a, int16_t b) {
  if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
  return (int16_t)(((int32_t)a * b) / (1 << 15));
}

static inline int16_t saturating_left_shift16(int16_t x, int32_t amount) {
  const int64_t v = (int64_t)x * ((int64_t)1 << amount);
  return (int16_t)(v < INT16_MIN ? INT16_MIN : v > INT16_MAX ? INT16_MAX : v);
}

/* The int16 instantiation: its mask is int16 as well, which matters for exponents of 16 and more. */
static inline int16_t rdbp16(int16_t x, int32_t exponent) {
  const int16_t mask = (int16_t)((1ll << exponent) - 1);
  const int16_t threshold = (int16_t)((mask >> 1) + (x < 0 ? 1 : 0));
  return (int16_t)((x >> exponent) + ((int16_t)(x & mask) > threshold ? 1 : 0));
}

void tinyml_hard_swish_s8(const tinyml_hard_swish_params *p, int32_t count, const int8_t *input, int8_t *output) {
  for (int32_t i = 0; i < count; i++) {
    const int16_t hires = (int16_t)((input[i] - p->input_zero_point) * 128);
    const int16_t preshift = srdhm16(hires, (int16_t)p->output_multiplier);
    int16_t reluish = hires;
    if (p->reluish_exponent > 0) reluish = saturating_left_shift16(reluish, p->reluish_exponent - 1);
    reluish = srdhm16(reluish, (int16_t)p->reluish_multiplier);
    if (p->reluish_exponent > 0) reluish = saturating_left_shift16(reluish, 1);
    if (p->reluish_exponent < 0) reluish = rdbp16(reluish, -p->reluish_exponent);
    reluish = (int16_t)((reluish + (1 << 15)) >> 1);
    const int16_t product = sdhm16(reluish, preshift);
    const int16_t v = (int16_t)(rdbp16(product, -p->output_exponent) + p->output_zero_point);
    output[i] = (int8_t)clamp(v, -128, 127);
  }
}

void tinyml_resize_bilinear_s8(const tinyml_resize_bilinear_params *p, const int8_t *input, int8_t *output) {
  int8_t *o = output;
  const int32_t c = p->channels;
  for (int32_t b = 0; b < p->batch; b++) {
    for (int32_t y = 0; y < p->out_h; y++) {
      const int32_t fy = p->row_fraction[y];
      const int8_t *r0 = input + (b * p->in_h + p->row_lower[y]) * p->in_w * c;
      const int8_t *r1 = input + (b * p->in_h + p->row_upper[y]) * p->in_w * c;
      for (int32_t x = 0; x < p->out_w; x++) {
        const int32_t fx = p->col_fraction[x];
        const int32_t x0 = p->col_lower[x] * c, x1 = p->col_upper[x] * c;
        /* At most 128 * 2048 * 2048 in magnitude: int32 holds the Q20 sum. */
        const int32_t w00 = (1024 - fy) * (1024 - fx), w10 = fy * (1024 - fx), w01 = (1024 - fy) * fx, w11 = fy * fx;
        for (int32_t ch = 0; ch < c; ch++) {
          const int32_t sum = r0[x0 + ch] * w00 + r1[x0 + ch] * w10 + r0[x1 + ch] * w01 + r1[x1 + ch] * w11;
          *o++ = (int8_t)((sum + (sum > 0 ? (1 << 19) : -(1 << 19))) / (1 << 20));
        }
      }
    }
  }
}

void tinyml_depthwise_conv2d_s8(const tinyml_conv_geometry *g, const tinyml_requant *q, const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output) {
  const int32_t m = g->out_c / g->in_c;
  for (int32_t b = 0; b < g->batch; b++) {
    for (int32_t oy = 0; oy < g->out_h; oy++) {
      for (int32_t ox = 0; ox < g->out_w; ox++) {
        int8_t *out = output + ((b * g->out_h + oy) * g->out_w + ox) * g->out_c;
        for (int32_t ic = 0; ic < g->in_c; ic++) {
          for (int32_t j = 0; j < m; j++) {
            const int32_t oc = ic * m + j;
            int32_t acc = 0;
            for (int32_t ky = 0; ky < g->k_h; ky++) {
              const int32_t iy = oy * g->stride_h - g->pad_top + ky * g->dilation_h;
              if (iy < 0 || iy >= g->in_h) continue;
              for (int32_t kx = 0; kx < g->k_w; kx++) {
                const int32_t ix = ox * g->stride_w - g->pad_left + kx * g->dilation_w;
                if (ix < 0 || ix >= g->in_w) continue;
                acc = tinyml_wrap_add(acc, (input[((b * g->in_h + iy) * g->in_w + ix) * g->in_c + ic] + q->input_offset) * filter[(ky * g->k_w + kx) * g->out_c + oc]);
              }
            }
            if (bias) acc = tinyml_wrap_add(acc, bias[oc]);
            const int32_t k = q->channels == 1 ? 0 : oc;
            out[oc] = (int8_t)clamp(tinyml_mbqm(acc, q->multipliers[k], q->shifts[k]) + q->output_offset, q->act_min, q->act_max);
          }
        }
      }
    }
  }
}

/*
 * In-place depthwise convolution (MCUNet's TinyEngine): stride 1, depth
 * multiplier 1, output shape = input shape. Output channel c depends on input
 * channel c alone, so each channel is computed into `tmp` (out_h * out_w
 * bytes) and then written back over its own input channel: the layer needs
 * one buffer plus one channel instead of two buffers. The arithmetic is the
 * reference kernel's, term for term, so the result is bit-exact with it.
 */
void tinyml_depthwise_conv2d_inplace_s8(const tinyml_conv_geometry *g, const tinyml_requant *q, int8_t *buf, const int8_t *filter, const int32_t *bias, int8_t *tmp) {
  const int32_t c_n = g->in_c;
  for (int32_t b = 0; b < g->batch; b++) {
    int8_t *img = buf + b * g->in_h * g->in_w * c_n;
    for (int32_t c = 0; c < c_n; c++) {
      const int32_t k = q->channels == 1 ? 0 : c;
      for (int32_t oy = 0; oy < g->out_h; oy++) {
        for (int32_t ox = 0; ox < g->out_w; ox++) {
          int32_t acc = 0;
          for (int32_t ky = 0; ky < g->k_h; ky++) {
            const int32_t iy = oy - g->pad_top + ky * g->dilation_h;
            if (iy < 0 || iy >= g->in_h) continue;
            for (int32_t kx = 0; kx < g->k_w; kx++) {
              const int32_t ix = ox - g->pad_left + kx * g->dilation_w;
              if (ix < 0 || ix >= g->in_w) continue;
              acc = tinyml_wrap_add(acc, (img[(iy * g->in_w + ix) * c_n + c] + q->input_offset) * filter[(ky * g->k_w + kx) * c_n + c]);
            }
          }
          if (bias) acc = tinyml_wrap_add(acc, bias[c]);
          tmp[oy * g->out_w + ox] = (int8_t)clamp(tinyml_mbqm(acc, q->multipliers[k], q->shifts[k]) + q->output_offset, q->act_min, q->act_max);
        }
      }
      for (int32_t i = 0; i < g->out_h * g->out_w; i++) img[i * c_n + c] = tmp[i];
    }
  }
}

void tinyml_fully_connected_s8(const tinyml_fc_geometry *g, const tinyml_requant *q, const int8_t *input, const int8_t *weights, const int32_t *bias, int8_t *output) {
  for (int32_t b = 0; b < g->batch; b++) {
    const int8_t *in = input + b * g->in_depth;
    for (int32_t o = 0; o < g->out_depth; o++) {
      const int8_t *w = weights + o * g->in_depth;
      int32_t acc = 0;
      for (int32_t i = 0; i < g->in_depth; i++) acc = tinyml_wrap_add(acc, (in[i] + q->input_offset) * (w[i] + g->weight_offset));
      if (bias) acc = tinyml_wrap_add(acc, bias[o]);
      const int32_t k = q->channels == 1 ? 0 : o;
      output[b * g->out_depth + o] = (int8_t)clamp(tinyml_mbqm(acc, q->multipliers[k], q->shifts[k]) + q->output_offset, q->act_min, q->act_max);
    }
  }
}

/* Pooling windows are clipped to the image: padding is never averaged in. */
static void pool(const tinyml_pool_params *p, const int8_t *input, int8_t *output, int average) {
  for (int32_t b = 0; b < p->batch; b++) {
    for (int32_t oy = 0; oy < p->out_h; oy++) {
      const int32_t iy = oy * p->stride_h - p->pad_top;
      const int32_t y0 = iy < 0 ? -iy : 0;
      const int32_t y1 = p->filter_h < p->in_h - iy ? p->filter_h : p->in_h - iy;
      for (int32_t ox = 0; ox < p->out_w; ox++) {
        const int32_t ix = ox * p->stride_w - p->pad_left;
        const int32_t x0 = ix < 0 ? -ix : 0;
        const int32_t x1 = p->filter_w < p->in_w - ix ? p->filter_w : p->in_w - ix;
        const int8_t *in = input + ((b * p->in_h + iy) * p->in_w + ix) * p->channels;
        int8_t *out = output + ((b * p->out_h + oy) * p->out_w + ox) * p->channels;
        const int32_t count = (y1 - y0) * (x1 - x0);
        for (int32_t c = 0; c < p->channels; c++) {
          int32_t v;
          if (average) {
            int32_t sum = 0;
            for (int32_t y = y0; y < y1; y++) for (int32_t x = x0; x < x1; x++) sum += in[(y * p->in_w + x) * p->channels + c];
            /* Integer division truncates; adding half the count first rounds half away from zero. */
            v = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
          } else {
            v = -128;
            for (int32_t y = y0; y < y1; y++) for (int32_t x = x0; x < x1; x++) {
              const int32_t t = in[(y * p->in_w + x) * p->channels + c];
              if (t > v) v = t;
            }
          }
          out[c] = (int8_t)clamp(v, p->act_min, p->act_max);
        }
      }
    }
  }
}

void tinyml_average_pool2d_s8(const tinyml_pool_params *p, const int8_t *input, int8_t *output) { pool(p, input, output, 1); }
void tinyml_max_pool2d_s8(const tinyml_pool_params *p, const int8_t *input, int8_t *output) { pool(p, input, output, 0); }

void tinyml_add_s8(const tinyml_add_params *p, int32_t count, const int8_t *a, const int8_t *b, int8_t *output) {
  for (int32_t i = 0; i < count; i++) {
    const int32_t x = tinyml_mbqm(tinyml_shl(a[i] + p->input1_offset, p->left_shift), p->input1_multiplier, p->input1_shift);
    const int32_t y = tinyml_mbqm(tinyml_shl(b[i] + p->input2_offset, p->left_shift), p->input2_multiplier, p->input2_shift);
    output[i] = (int8_t)clamp(tinyml_mbqm(tinyml_wrap_add(x, y), p->output_multiplier, p->output_shift) + p->output_offset, p->act_min, p->act_max);
  }
}

/*
 * Visits every output element of a binary operator in row-major order with
 * x and y the int8 inputs it reads: flat when s is NULL, else through s's
 * strides (five outer loops, the innermost dimension as the run). BODY
 * assigns the result to *o.
 */
#define TINYML_BINARY_LOOP(s, count, a, b, output, BODY) do { \
  int8_t *o = (output); \
  if ((s) == NULL) { \
    for (int32_t i_ = 0; i_ < (count); i_++, o++) { const int32_t x = (a)[i_], y = (b)[i_]; BODY; } \
  } else { \
    const int32_t *n_ = (s)->shape, *s1_ = (s)->stride1, *s2_ = (s)->stride2; \
    for (int32_t d0 = 0; d0 < n_[0]; d0++) \
    for (int32_t d1 = 0; d1 < n_[1]; d1++) \
    for (int32_t d2 = 0; d2 < n_[2]; d2++) \
    for (int32_t d3 = 0; d3 < n_[3]; d3++) \
    for (int32_t d4 = 0; d4 < n_[4]; d4++) { \
      const int8_t *pa_ = (a) + d0 * s1_[0] + d1 * s1_[1] + d2 * s1_[2] + d3 * s1_[3] + d4 * s1_[4]; \
      const int8_t *pb_ = (b) + d0 * s2_[0] + d1 * s2_[1] + d2 * s2_[2] + d3 * s2_[3] + d4 * s2_[4]; \
      for (int32_t d5 = 0; d5 < n_[5]; d5++, o++) { const int32_t x = pa_[d5 * s1_[5]], y = pb_[d5 * s2_[5]]; BODY; } \
    } \
  } \
} while (0)

/* ADD's arithmetic (tinyml_add_s8) with y subtracted instead when sign is -1. */
static inline int8_t add_sub_one(const tinyml_add_params *p, int32_t x, int32_t y, int32_t sign) {
  const int32_t sx = tinyml_mbqm(tinyml_shl(x + p->input1_offset, p->left_shift), p->input1_multiplier, p->input1_shift);
  const int32_t sy = tinyml_mbqm(tinyml_shl(y + p->input2_offset, p->left_shift), p->input2_multiplier, p->input2_shift);
  const int32_t sum = sign > 0 ? tinyml_wrap_add(sx, sy) : tinyml_wrap_sub(sx, sy);
  return (int8_t)clamp(tinyml_mbqm(sum, p->output_multiplier, p->output_shift) + p->output_offset, p->act_min, p->act_max);
}

void tinyml_add_broadcast_s8(const tinyml_add_params *p, const tinyml_strides6 *s, int32_t count, const int8_t *a, const int8_t *b, int8_t *output) {
  TINYML_BINARY_LOOP(s, count, a, b, output, *o = add_sub_one(p, x, y, 1));
}

void tinyml_sub_s8(const tinyml_add_params *p, const tinyml_strides6 *s, int32_t count, const int8_t *a, const int8_t *b, int8_t *output) {
  TINYML_BINARY_LOOP(s, count, a, b, output, *o = add_sub_one(p, x, y, -1));
}

void tinyml_mul_s8(const tinyml_mul_params *p, const tinyml_strides6 *s, int32_t count, const int8_t *a, const int8_t *b, int8_t *output) {
  TINYML_BINARY_LOOP(s, count, a, b, output,
    *o = (int8_t)clamp(tinyml_mbqm((x + p->input1_offset) * (y + p->input2_offset), p->output_multiplier, p->output_shift) + p->output_offset, p->act_min, p->act_max));
}

static inline int8_t squared_difference_one(const tinyml_add_params *p, int32_t x, int32_t y) {
  const int32_t sx = tinyml_mbqm(tinyml_shl(x + p->input1_offset, p->left_shift), p->input1_multiplier, p->input1_shift);
  const int32_t sy = tinyml_mbqm(tinyml_shl(y + p->input2_offset, p->left_shift), p->input2_multiplier, p->input2_shift);
  const int32_t d = sx - sy; /* at most 2^15 in magnitude: the square fits int32 */
  return (int8_t)clamp(tinyml_mbqm(d * d, p->output_multiplier, p->output_shift) + p->output_offset, p->act_min, p->act_max);
}

void tinyml_squared_difference_s8(const tinyml_add_params *p, const tinyml_strides6 *s, int32_t count, const int8_t *a, const int8_t *b, int8_t *output) {
  TINYML_BINARY_LOOP(s, count, a, b, output, *o = squared_difference_one(p, x, y));
}

static inline int8_t prelu_one(const tinyml_prelu_params *p, int32_t x, int32_t alpha) {
  const int32_t v = x + p->input_offset;
  const int32_t scaled = v >= 0 ? tinyml_mbqm(v, p->identity_multiplier, p->identity_shift)
                                : tinyml_mbqm(v * (alpha + p->alpha_offset), p->alpha_multiplier, p->alpha_shift);
  return (int8_t)clamp(scaled + p->output_offset, -128, 127);
}

void tinyml_prelu_s8(const tinyml_prelu_params *p, const tinyml_strides6 *s, int32_t count, const int8_t *a, const int8_t *b, int8_t *output) {
  TINYML_BINARY_LOOP(s, count, a, b, output, *o = prelu_one(p, x, y));
}

void tinyml_maximum_s8(const tinyml_strides6 *s, int32_t count, const int8_t *a, const int8_t *b, int8_t *output) {
  TINYML_BINARY_LOOP(s, count, a, b, output, *o = (int8_t)(x > y ? x : y));
}

void tinyml_minimum_s8(const tinyml_strides6 *s, int32_t count, const int8_t *a, const int8_t *b, int8_t *output) {
  TINYML_BINARY_LOOP(s, count, a, b, output, *o = (int8_t)(x < y ? x : y));
}

void tinyml_leaky_relu_s8(const tinyml_leaky_relu_params *p, int32_t count, const int8_t *input, int8_t *output) {
  for (int32_t i = 0; i < count; i++) {
    const int32_t x = input[i] - p->input_zero_point;
    int32_t v;
    if (x >= 0) {
      v = tinyml_mbqm(x, p->identity_multiplier, p->identity_shift);
    } else {
      const int32_t scaled = tinyml_mbqm(x, p->alpha_multiplier, p->alpha_shift);
      v = p->alpha_negative ? -scaled : scaled;
    }
    output[i] = (int8_t)clamp(v + p->output_zero_point, -128, 127);
  }
}

void tinyml_strided_copy_s8(const tinyml_strides6 *s, const int8_t *input, int8_t *output) {
  const int32_t *n = s->shape, *st = s->stride1;
  int8_t *o = output;
  for (int32_t d0 = 0; d0 < n[0]; d0++)
  for (int32_t d1 = 0; d1 < n[1]; d1++)
  for (int32_t d2 = 0; d2 < n[2]; d2++)
  for (int32_t d3 = 0; d3 < n[3]; d3++)
  for (int32_t d4 = 0; d4 < n[4]; d4++) {
    const int8_t *in = input + d0 * st[0] + d1 * st[1] + d2 * st[2] + d3 * st[3] + d4 * st[4];
    for (int32_t d5 = 0; d5 < n[5]; d5++) *o++ = in[d5 * st[5]];
  }
}

void tinyml_gather_s8(const tinyml_gather_params *p, const int8_t *input, int8_t *output) {
  int8_t *o = output;
  for (int32_t b = 0; b < p->batch; b++)
    for (int32_t outer = 0; outer < p->outer; outer++)
      for (int32_t c = 0; c < p->coords; c++) {
        /* The indices were checked against axis_size when the code was generated. */
        const int8_t *in = input + ((b * p->outer + outer) * p->axis_size + p->indices[b * p->coords + c]) * p->inner;
        for (int32_t k = 0; k < p->inner; k++) *o++ = in[k];
      }
}

void tinyml_resize_nearest_s8(const tinyml_resize_params *p, const int8_t *input, int8_t *output) {
  int8_t *o = output;
  for (int32_t b = 0; b < p->batch; b++) {
    for (int32_t y = 0; y < p->out_h; y++) {
      const int8_t *row = input + (b * p->in_h + p->rows[y]) * p->in_w * p->channels;
      for (int32_t x = 0; x < p->out_w; x++) {
        const int8_t *in = row + p->cols[x] * p->channels;
        for (int32_t c = 0; c < p->channels; c++) *o++ = in[c];
      }
    }
  }
}

#define SCALED_DIFF_INTEGER_BITS 5
#define ACCUMULATION_INTEGER_BITS 12

void tinyml_softmax_s8(const tinyml_softmax_params *p, int32_t rows, int32_t depth, const int8_t *input, int8_t *output) {
  for (int32_t r = 0; r < rows; r++) {
    const int8_t *in = input + r * depth;
    int8_t *out = output + r * depth;
    int32_t max = -128;
    for (int32_t c = 0; c < depth; c++) if (in[c] > max) max = in[c];
    int32_t sum_of_exps = 0;
    for (int32_t c = 0; c < depth; c++) {
      const int32_t diff = in[c] - max;
      if (diff >= p->diff_min) {
        const int32_t scaled = tinyml_mbqm_gt_one(diff, p->input_multiplier, p->input_left_shift);
        const int32_t e = tinyml_exp_on_negative_values(scaled, SCALED_DIFF_INTEGER_BITS);
        sum_of_exps = tinyml_wrap_add(sum_of_exps, tinyml_srmbp(e, -ACCUMULATION_INTEGER_BITS));
      }
    }
    const int32_t headroom_plus_one = tinyml_clz32((uint32_t)sum_of_exps);
    const int32_t shifted_sum_minus_one = (int32_t)(((uint32_t)sum_of_exps << headroom_plus_one) - (1u << 31));
    const int32_t scale = tinyml_one_over_one_plus_x(shifted_sum_minus_one);
    const int32_t exponent = ACCUMULATION_INTEGER_BITS - headroom_plus_one + 31 - 8;
    for (int32_t c = 0; c < depth; c++) {
      const int32_t diff = in[c] - max;
      if (diff >= p->diff_min) {
        const int32_t scaled = tinyml_mbqm_gt_one(diff, p->input_multiplier, p->input_left_shift);
        const int32_t e = tinyml_exp_on_negative_values(scaled, SCALED_DIFF_INTEGER_BITS);
        out[c] = (int8_t)clamp(tinyml_rdbp(tinyml_srdhm(scale, e), exponent) - 128, -128, 127);
      } else {
        out[c] = -128;
      }
    }
  }
}

void tinyml_log_softmax_s8(const tinyml_log_softmax_params *p, int32_t rows, int32_t depth, const int8_t *input, int8_t *output) {
  for (int32_t r = 0; r < rows; r++) {
    const int8_t *in = input + r * depth;
    int8_t *out = output + r * depth;
    int32_t max = -128;
    for (int32_t c = 0; c < depth; c++) if (in[c] > max) max = in[c];
    int32_t sum = 0;
    for (int32_t c = 0; c < depth; c++) {
      const int32_t diff = in[c] - max;
      if (diff >= p->diff_min) {
        const int32_t q5 = tinyml_mbqm(diff, p->input_multiplier, p->input_left_shift);
        sum = tinyml_wrap_add(sum, tinyml_rdbp(tinyml_exp_on_negative_values(q5, SCALED_DIFF_INTEGER_BITS), ACCUMULATION_INTEGER_BITS));
      }
    }
    const int32_t log_sum = tinyml_log_x_ge_1(sum, ACCUMULATION_INTEGER_BITS);
    const int32_t floor = tinyml_mbqm(tinyml_wrap_add(log_sum, INT32_MIN), p->reverse_scaling_divisor, p->reverse_scaling_shift);
    const int32_t adjusted_diff_min = floor > p->diff_min - 1 ? floor : p->diff_min - 1;
    for (int32_t c = 0; c < depth; c++) {
      const int32_t diff = in[c] - max;
      if (diff > adjusted_diff_min) {
        const int32_t q5 = tinyml_mbqm(diff, p->input_multiplier, p->input_left_shift);
        /* Q5.26 to the output's Q4.3 steps: 31 - 5 - 4 = 22 bits. */
        out[c] = (int8_t)clamp(tinyml_rdbp(tinyml_wrap_sub(q5, log_sum), 22) + 127, -128, 127);
      } else {
        out[c] = -128;
      }
    }
  }
}

#define LOGISTIC_INPUT_INTEGER_BITS 4

void tinyml_logistic_s8(const tinyml_logistic_params *p, int32_t count, const int8_t *input, int8_t *output) {
  for (int32_t i = 0; i < count; i++) {
    const int32_t x = input[i] - p->input_zero_point;
    if (x <= -p->input_range_radius) { output[i] = -128; continue; }
    if (x >= p->input_range_radius) { output[i] = 127; continue; }
    const int32_t a = tinyml_mbqm(x, p->input_multiplier, p->input_left_shift);
    int32_t q0;
    if (a == 0) {
      q0 = 1 << 30;
    } else {
      const int32_t abs_a = a > 0 ? a : tinyml_wrap_sub(0, a);
      const int32_t positive = tinyml_one_over_one_plus_x(tinyml_exp_on_negative_values(tinyml_wrap_sub(0, abs_a), LOGISTIC_INPUT_INTEGER_BITS));
      q0 = a > 0 ? positive : tinyml_wrap_sub(INT32_MAX, positive);
    }
    output[i] = (int8_t)clamp(tinyml_rdbp(q0, 31 - 8) - 128, -128, 127);
  }
}

void tinyml_tanh_s8(const tinyml_logistic_params *p, int32_t count, const int8_t *input, int8_t *output) {
  for (int32_t i = 0; i < count; i++) {
    const int32_t x = input[i] - p->input_zero_point;
    if (x <= -p->input_range_radius) { output[i] = -128; continue; }
    if (x >= p->input_range_radius) { output[i] = 127; continue; }
    const int32_t a = tinyml_mbqm(x, p->input_multiplier, p->input_left_shift);
    int32_t q0 = 0;
    if (a != 0) {
      /* tanh(|a|) = (1 - e) / (1 + e), e = exp(-2|a|): the same raw value read with one more integer bit. */
      const int32_t negative = a < 0 ? a : tinyml_wrap_sub(0, a);
      const int32_t t = tinyml_one_minus_x_over_one_plus_x(tinyml_exp_on_negative_values(negative, LOGISTIC_INPUT_INTEGER_BITS + 1));
      q0 = a < 0 ? tinyml_wrap_sub(0, t) : t;
    }
    output[i] = (int8_t)clamp(tinyml_rdbp(q0, 31 - 7), -128, 127);
  }
}

void tinyml_mean_s8(const tinyml_mean_params *p, const int8_t *input, int8_t *output) {
  for (int32_t o = 0; o < p->outer; o++) {
    for (int32_t i = 0; i < p->inner; i++) {
      int32_t sum = 0;
      for (int32_t r = 0; r < p->reduce; r++) sum += input[(o * p->reduce + r) * p->inner + i] - p->input_zero_point;
      output[o * p->inner + i] = (int8_t)clamp(tinyml_mbqm(sum, p->multiplier, p->shift) + p->output_zero_point, -128, 127);
    }
  }
}

void tinyml_pad_s8(const tinyml_pad_params *p, const int8_t *input, int8_t *output) {
  const int32_t *is = p->in_shape, *os = p->out_shape, *bf = p->before;
  const int32_t total = os[0] * os[1] * os[2] * os[3];
  for (int32_t k = 0; k < total; k++) output[k] = (int8_t)p->pad_value;
  for (int32_t a = 0; a < is[0]; a++)
    for (int32_t b = 0; b < is[1]; b++)
      for (int32_t c = 0; c < is[2]; c++) {
        const int8_t *in = input + ((a * is[1] + b) * is[2] + c) * is[3];
        int8_t *out = output + (((a + bf[0]) * os[1] + b + bf[1]) * os[2] + c + bf[2]) * os[3] + bf[3];
        for (int32_t d = 0; d < is[3]; d++) out[d] = in[d];
      }
}

void tinyml_requantize_s8(const tinyml_requantize_params *p, int32_t count, const int8_t *input, int8_t *output) {
  for (int32_t i = 0; i < count; i++) {
    output[i] = (int8_t)clamp(tinyml_mbqm(input[i] - p->input_zero_point, p->multiplier, p->shift) + p->output_zero_point, p->act_min, p->act_max);
  }
}

void tinyml_fill(int8_t *output, int32_t value, int32_t bytes) {
  for (int32_t i = 0; i < bytes; i++) output[i] = (int8_t)value;
}

void tinyml_copy(const int8_t *input, int8_t *output, int32_t bytes) {
  if (input == output) return;
  for (int32_t i = 0; i < bytes; i++) output[i] = input[i];
}
