/*
 * Output size and padding of a convolution's geometry, as TFLite works them
 * out: SAME (out = ceil(in / stride), the padding split with the odd row or
 * column at the end) or VALID (no padding; a window larger than the input
 * becomes 1x1 without dilation, so every check's shape is legal).
 */
#ifndef CHECK_CONV_GEOMETRY_H
#define CHECK_CONV_GEOMETRY_H

#include "tinyml_kernels.h"

static inline void check_output_geometry(tinyml_conv_geometry *g, int same) {
  const int32_t eff_h = (g->k_h - 1) * g->dilation_h + 1, eff_w = (g->k_w - 1) * g->dilation_w + 1;
  if (same) {
    g->out_h = (g->in_h + g->stride_h - 1) / g->stride_h; g->out_w = (g->in_w + g->stride_w - 1) / g->stride_w;
    const int32_t ph = (g->out_h - 1) * g->stride_h + eff_h - g->in_h, pw = (g->out_w - 1) * g->stride_w + eff_w - g->in_w;
    g->pad_top = ph > 0 ? ph / 2 : 0; g->pad_left = pw > 0 ? pw / 2 : 0;
    return;
  }
  if (eff_h > g->in_h || eff_w > g->in_w) { g->k_h = g->k_w = 1; g->dilation_h = g->dilation_w = 1; }
  g->out_h = (g->in_h - ((g->k_h - 1) * g->dilation_h + 1)) / g->stride_h + 1;
  g->out_w = (g->in_w - ((g->k_w - 1) * g->dilation_w + 1)) / g->stride_w + 1;
  g->pad_top = g->pad_left = 0;
}

#endif
