/*
 * WebAssembly SIMD kernels for the training step of the course's conv nets, on
 * tfjs-backend-wasm's own memory (the module imports it), so tensors are read and
 * written in place. Pointers are byte offsets of float32 NHWC tensors in that memory.
 *
 * The module must own no memory: no data segments and no shadow stack, since every
 * byte belongs to Emscripten's allocator. build.sh checks both. So no arrays on the
 * stack and no static data here; scalars and v128 values live in wasm locals.
 *
 * Each kernel vectorises across channels, four float32 lanes, so every lane adds its
 * terms in the same order as the scalar reference (lib/tf/wasmGradientKernels.ts);
 * only the rounding of each product differs (float32 here, float64 there).
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))

static void zero(float *p, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(p + i, wasm_f32x4_splat(0.0f));
  for (; i < n; i++) p[i] = 0.0f;
}

/*
 * Depthwise convolution's filter gradient, depth multiplier 1:
 * dw[kh,kw,c] = sum over b,oh,ow of x[b, oh*sh+kh*dh-pt, ow*sw+kw*dil_w-pl, c] * dy[b,oh,ow,c].
 * x [B,H,W,C], dy [B,OH,OW,C], dw [KH,KW,C].
 */
EXPORT("depthwise_filter_grad")
void depthwise_filter_grad(const float *x, const float *dy, float *dw, int B, int H, int W, int C, int OH, int OW,
                           int KH, int KW, int sh, int sw, int dh, int dil_w, int pt, int pl) {
  zero(dw, KH * KW * C);
  for (int b = 0; b < B; b++) {
    for (int oh = 0; oh < OH; oh++) {
      for (int ow = 0; ow < OW; ow++) {
        const float *g = dy + ((b * OH + oh) * OW + ow) * C;
        for (int kh = 0; kh < KH; kh++) {
          int ih = oh * sh + kh * dh - pt;
          if (ih < 0 || ih >= H) continue;
          for (int kw = 0; kw < KW; kw++) {
            int iw = ow * sw + kw * dil_w - pl;
            if (iw < 0 || iw >= W) continue;
            const float *xs = x + ((b * H + ih) * W + iw) * C;
            float *o = dw + (kh * KW + kw) * C;
            int c = 0;
            for (; c + 4 <= C; c += 4) {
              v128_t p = wasm_f32x4_mul(wasm_v128_load(xs + c), wasm_v128_load(g + c));
              wasm_v128_store(o + c, wasm_f32x4_add(wasm_v128_load(o + c), p));
            }
            for (; c < C; c++) o[c] += xs[c] * g[c];
          }
        }
      }
    }
  }
}

/*
 * Convolution's input gradient, any stride, dilation 1:
 * dx[b,ih,iw,ci] = sum of w[kh,kw,ci,co] * dy[b,oh,ow,co] over the taps with
 * ih = oh*sh+kh-pt and iw = ow*sw+kw-pl. Scattered from each dy position, each term a
 * dot product over co. dy [B,OH,OW,CO], w [KH,KW,CI,CO], dx [B,H,W,CI].
 */
EXPORT("conv_input_grad")
void conv_input_grad(const float *dy, const float *w, float *dx, int B, int H, int W, int CI, int OH, int OW, int CO,
                     int KH, int KW, int sh, int sw, int pt, int pl) {
  zero(dx, B * H * W * CI);
  for (int b = 0; b < B; b++) {
    for (int oh = 0; oh < OH; oh++) {
      for (int ow = 0; ow < OW; ow++) {
        const float *g = dy + ((b * OH + oh) * OW + ow) * CO;
        for (int kh = 0; kh < KH; kh++) {
          int ih = oh * sh + kh - pt;
          if (ih < 0 || ih >= H) continue;
          for (int kw = 0; kw < KW; kw++) {
            int iw = ow * sw + kw - pl;
            if (iw < 0 || iw >= W) continue;
            float *d = dx + ((b * H + ih) * W + iw) * CI;
            const float *wk = w + (kh * KW + kw) * CI * CO;
            for (int ci = 0; ci < CI; ci++) {
              const float *wr = wk + ci * CO;
              v128_t acc = wasm_f32x4_splat(0.0f);
              int co = 0;
              for (; co + 4 <= CO; co += 4) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(wr + co), wasm_v128_load(g + co)));
              float s = wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) +
                        wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
              for (; co < CO; co++) s += wr[co] * g[co];
              d[ci] += s;
            }
          }
        }
      }
    }
  }
}

/*
 * Batch normalisation with per-channel statistics over the last axis:
 * out[i] = (x[i] - mean[c]) * inv[c] + offset[c], c = i mod C, where the caller
 * computed inv = scale / sqrt(variance + eps) once per channel. x and out hold n
 * elements, n a multiple of C; mean, inv and offset hold C.
 */
EXPORT("batch_norm")
void batch_norm(const float *x, const float *mean, const float *inv, const float *offset, float *out, int n, int C) {
  for (int row = 0; row < n; row += C) {
    int c = 0;
    for (; c + 4 <= C; c += 4) {
      v128_t v = wasm_f32x4_sub(wasm_v128_load(x + row + c), wasm_v128_load(mean + c));
      v = wasm_f32x4_add(wasm_f32x4_mul(v, wasm_v128_load(inv + c)), wasm_v128_load(offset + c));
      wasm_v128_store(out + row + c, v);
    }
    for (; c < C; c++) out[row + c] = (x[row + c] - mean[c]) * inv[c] + offset[c];
  }
}

/* acc[c] += v[c] for four channels, in float64: two f64x2 halves of one f32x4. */
static void add4(double *acc, v128_t v) {
  wasm_v128_store(acc, wasm_f64x2_add(wasm_v128_load(acc), wasm_f64x2_promote_low_f32x4(v)));
  wasm_v128_store(acc + 2, wasm_f64x2_add(wasm_v128_load(acc + 2), wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1))));
}

/*
 * Batch normalisation in training, statistics over every axis but the last (as
 * tf.moments computes them for a BatchNormalization layer, biased variance):
 * mean[c] = sum x / n, variance[c] = sum (x - mean)^2 / n, and
 * out = (x - mean) * gamma / sqrt(variance + eps) + beta.
 * x and out [rows, C]; gamma, beta, mean, variance [C]; acc is caller scratch of 4C
 * float64 (8-byte aligned): two sums per channel, then float32 per-channel factors.
 * Sums run in float64, so the order of rows hardly matters.
 */
EXPORT("batch_norm_train")
void batch_norm_train(const float *x, const float *gamma, const float *beta, float eps, float *out, float *mean, float *variance,
                      double *acc, int rows, int C) {
  int n = rows * C;
  for (int c = 0; c < 2 * C; c++) acc[c] = 0.0;
  for (int row = 0; row < n; row += C) {
    int c = 0;
    for (; c + 4 <= C; c += 4) add4(acc + c, wasm_v128_load(x + row + c));
    for (; c < C; c++) acc[c] += x[row + c];
  }
  for (int c = 0; c < C; c++) mean[c] = (float)(acc[c] / rows);
  for (int row = 0; row < n; row += C) {
    int c = 0;
    for (; c + 4 <= C; c += 4) {
      v128_t d = wasm_f32x4_sub(wasm_v128_load(x + row + c), wasm_v128_load(mean + c));
      add4(acc + C + c, wasm_f32x4_mul(d, d));
    }
    for (; c < C; c++) {
      float d = x[row + c] - mean[c];
      acc[C + c] += d * d;
    }
  }
  float *factor = (float *)(acc + 2 * C);
  for (int c = 0; c < C; c++) {
    variance[c] = (float)(acc[C + c] / rows);
    factor[c] = gamma[c] / __builtin_sqrtf(variance[c] + eps);
  }
  for (int row = 0; row < n; row += C) {
    int c = 0;
    for (; c + 4 <= C; c += 4) {
      v128_t d = wasm_f32x4_sub(wasm_v128_load(x + row + c), wasm_v128_load(mean + c));
      wasm_v128_store(out + row + c, wasm_f32x4_add(wasm_f32x4_mul(d, wasm_v128_load(factor + c)), wasm_v128_load(beta + c)));
    }
    for (; c < C; c++) out[row + c] = (x[row + c] - mean[c]) * factor[c] + beta[c];
  }
}

/*
 * The gradient of batch_norm_train, the statistics being functions of x:
 * with xhat = (x - mean) * inv, inv = 1 / sqrt(variance + eps),
 * dbeta = sum dy, dgamma = sum dy * xhat, and
 * dx = gamma * inv * (dy - dbeta / rows - xhat * dgamma / rows).
 * dy, x and dx [rows, C]; gamma, mean, variance, dgamma, dbeta [C]; acc as above.
 * This is the formula tfjs's autodiff reaches through tf.moments and batchNorm, in two
 * passes instead of some twenty whole-tensor operations.
 */
EXPORT("batch_norm_train_grad")
void batch_norm_train_grad(const float *dy, const float *x, const float *gamma, const float *mean, const float *variance, float eps,
                           float *dx, float *dgamma, float *dbeta, double *acc, int rows, int C) {
  int n = rows * C;
  /* Per channel, after the two float64 sums: inv, then k = gamma * inv, a = mean of dy, b = mean of dy * xhat. */
  float *inv = (float *)(acc + 2 * C), *k = inv + C, *a = k + C, *b = a + C;
  for (int c = 0; c < C; c++) inv[c] = 1.0f / __builtin_sqrtf(variance[c] + eps);
  for (int c = 0; c < 2 * C; c++) acc[c] = 0.0;
  for (int row = 0; row < n; row += C) {
    int c = 0;
    for (; c + 4 <= C; c += 4) {
      v128_t g = wasm_v128_load(dy + row + c);
      v128_t xh = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(x + row + c), wasm_v128_load(mean + c)), wasm_v128_load(inv + c));
      add4(acc + c, g);
      add4(acc + C + c, wasm_f32x4_mul(g, xh));
    }
    for (; c < C; c++) {
      float g = dy[row + c];
      acc[c] += g;
      acc[C + c] += g * ((x[row + c] - mean[c]) * inv[c]);
    }
  }
  for (int c = 0; c < C; c++) {
    float sdy = (float)acc[c], sdyx = (float)acc[C + c];
    dbeta[c] = sdy;
    dgamma[c] = sdyx;
    k[c] = gamma[c] * inv[c];
    a[c] = sdy / rows;
    b[c] = sdyx / rows;
  }
  for (int row = 0; row < n; row += C) {
    int c = 0;
    for (; c + 4 <= C; c += 4) {
      v128_t xh = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(x + row + c), wasm_v128_load(mean + c)), wasm_v128_load(inv + c));
      v128_t t = wasm_f32x4_sub(wasm_f32x4_sub(wasm_v128_load(dy + row + c), wasm_v128_load(a + c)), wasm_f32x4_mul(xh, wasm_v128_load(b + c)));
      wasm_v128_store(dx + row + c, wasm_f32x4_mul(wasm_v128_load(k + c), t));
    }
    for (; c < C; c++) {
      float xh = (x[row + c] - mean[c]) * inv[c];
      dx[row + c] = k[c] * (dy[row + c] - a[c] - xh * b[c]);
    }
  }
}
