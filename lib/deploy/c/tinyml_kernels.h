/*
 * TinyML.ts int8 reference kernels in C99: the same arithmetic as the
 * TypeScript reference kernels in lib/ir/kernels (TFLite's integer-only
 * semantics). Every parameter derived from scales (multipliers, shifts,
 * offsets, clamp ranges, padding) is computed by the TypeScript side and
 * passed in, so the two cannot drift apart. Layouts are NHWC, row-major.
 */
#ifndef TINYML_KERNELS_H
#define TINYML_KERNELS_H

#include <stdint.h>

typedef struct {
  int32_t batch, in_h, in_w, in_c, out_h, out_w, out_c, k_h, k_w;
  int32_t stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left;
} tinyml_conv_geometry;

/* Requantization of int32 accumulators: per channel (or one) multiplier and shift. */
typedef struct {
  int32_t input_offset, output_offset, act_min, act_max;
  int32_t channels; /* entries in multipliers/shifts: 1 or the output channels */
  const int32_t *multipliers;
  const int32_t *shifts;
} tinyml_requant;

typedef struct { int32_t batch, in_depth, out_depth, weight_offset; } tinyml_fc_geometry;

typedef struct {
  int32_t batch, in_h, in_w, channels, out_h, out_w, filter_h, filter_w, stride_h, stride_w, pad_top, pad_left;
  int32_t act_min, act_max;
} tinyml_pool_params;

typedef struct {
  int32_t left_shift;
  int32_t input1_offset, input1_multiplier, input1_shift;
  int32_t input2_offset, input2_multiplier, input2_shift;
  int32_t output_offset, output_multiplier, output_shift;
  int32_t act_min, act_max;
} tinyml_add_params;

/*
 * A broadcast or a transpose as strided reads, padded on the left to rank 6:
 * output element [i0..i5] (row-major over shape) reads the first input at
 * sum(i_k * stride1[k]) and the second at sum(i_k * stride2[k]); a stride of
 * 0 repeats an input along that dimension.
 */
typedef struct { int32_t shape[6], stride1[6], stride2[6]; } tinyml_strides6;
typedef struct { int32_t input1_offset, input2_offset, output_offset, output_multiplier, output_shift, act_min, act_max; } tinyml_mul_params;
typedef struct {
  int32_t input_zero_point, output_zero_point;
  int32_t alpha_multiplier, alpha_shift, alpha_negative, identity_multiplier, identity_shift;
} tinyml_leaky_relu_params;
typedef struct { int32_t input_offset, alpha_offset, output_offset, identity_multiplier, identity_shift, alpha_multiplier, alpha_shift; } tinyml_prelu_params;
typedef struct { int32_t input_multiplier, input_left_shift, diff_min; } tinyml_softmax_params;
typedef struct { int32_t input_multiplier, input_left_shift, reverse_scaling_divisor, reverse_scaling_shift, diff_min; } tinyml_log_softmax_params;
/* GATHER: for every batch, outer index and coordinate, `inner` elements from input[batch, outer, indices[batch * coords + c]]. */
typedef struct { int32_t batch, outer, axis_size, inner, coords; const int32_t *indices; } tinyml_gather_params;
/* Nearest-neighbour resize: the source row of each output row and the source column of each output column. */
typedef struct { int32_t batch, in_h, in_w, channels, out_h, out_w; const int32_t *rows, *cols; } tinyml_resize_params;
typedef struct { int32_t input_zero_point, input_multiplier, input_left_shift, input_range_radius; } tinyml_logistic_params;
/* HARD_SWISH: two Q0.15 multipliers with their power-of-two exponents (the output's is never positive). */
typedef struct { int32_t input_zero_point, output_zero_point, reluish_multiplier, reluish_exponent, output_multiplier, output_exponent; } tinyml_hard_swish_params;
/* Bilinear resize: per output row (and column) the two source indices and the second one's weight in 1/1024ths. */
typedef struct {
  int32_t batch, in_h, in_w, channels, out_h, out_w;
  const int32_t *row_lower, *row_upper, *row_fraction, *col_lower, *col_upper, *col_fraction;
} tinyml_resize_bilinear_params;
/* SVDF: batch x input_size in, filters of memory steps, summed rank at a time into units; the state persists between calls. */
typedef struct {
  int32_t batch, input_size, filters, memory, rank, units;
  int32_t input_zero_point, state_zero_point, output_zero_point, feature_multiplier, feature_shift, output_multiplier, output_shift;
} tinyml_svdf_params;
/*
 * UNIDIRECTIONAL_SEQUENCE_LSTM, TFLite's 8x8->16 scheme. Gates in TFLite's order (input, forget, cell, output): each
 * is the sum of two int16 fully connected rows at 2^-12 (Q3.12), through `sigmoid` (the 256-entry uint16 table of
 * sigmoid(i/24), generated with the model) into Q0.15. Offsets are negated zero points; a cell_clip of -1 is none.
 */
typedef struct {
  int32_t batch, time, inputs, units, time_major;
  int32_t input_offset, hidden_offset, output_zero_point;
  int32_t forget_multiplier, forget_shift, input_multiplier, input_shift, output_multiplier, output_shift;
  int32_t cell_clip, cell_tanh_multiplier, cell_tanh_shift;
  int32_t weight_offset[4], recurrent_offset[4], in_multiplier[4], in_shift[4], rec_multiplier[4], rec_shift[4];
  const int8_t *weights[4], *recurrent[4];
  const int32_t *bias[4];
  const uint16_t *sigmoid;
} tinyml_lstm_params;
/* BATCH_MATMUL: `batches` products of rows x depth by depth x cols, read through strides from each batch's offsets. */
typedef struct {
  int32_t batches, rows, cols, depth, lhs_row_stride, lhs_depth_stride, rhs_col_stride, rhs_depth_stride;
  const int32_t *lhs_offsets, *rhs_offsets;
  int32_t lhs_offset, rhs_offset, output_offset, multiplier, shift;
} tinyml_batch_matmul_params;
typedef struct { int32_t outer, reduce, inner, input_zero_point, multiplier, shift, output_zero_point; } tinyml_mean_params;
typedef struct { int32_t in_shape[4], out_shape[4], before[4]; int32_t pad_value; } tinyml_pad_params;
typedef struct { int32_t input_zero_point, multiplier, shift, output_zero_point, act_min, act_max; } tinyml_requantize_params;

void tinyml_conv2d_s8(const tinyml_conv_geometry *g, const tinyml_requant *q, const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output);
/* Transposed convolution; g's in_* are the input's sizes. Gathers each output's terms, so it needs no scratch. */
void tinyml_transpose_conv_s8(const tinyml_conv_geometry *g, const tinyml_requant *q, const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output);
/* SVDF with int16 (s16) or int8 (s8) time weights and state; state is [batch, filters * memory], updated in place. */
void tinyml_svdf_s8_s16(const tinyml_svdf_params *p, const int8_t *input, const int8_t *feature, const int16_t *time, const int32_t *bias, int16_t *state, int8_t *output);
void tinyml_svdf_s8_s8(const tinyml_svdf_params *p, const int8_t *input, const int8_t *feature, const int8_t *time, const int32_t *bias, int8_t *state, int8_t *output);
/* hidden int8 and cell int16 [batch, units] are the states, updated in place; output [batch, time, units] (or time-major). */
void tinyml_lstm_s8(const tinyml_lstm_params *p, const int8_t *input, int8_t *hidden, int16_t *cell, int8_t *output);
void tinyml_batch_matmul_s8(const tinyml_batch_matmul_params *p, const int8_t *lhs, const int8_t *rhs, int8_t *output);
void tinyml_hard_swish_s8(const tinyml_hard_swish_params *p, int32_t count, const int8_t *input, int8_t *output);
void tinyml_resize_bilinear_s8(const tinyml_resize_bilinear_params *p, const int8_t *input, int8_t *output);
void tinyml_depthwise_conv2d_s8(const tinyml_conv_geometry *g, const tinyml_requant *q, const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output);
/* In place: stride 1, depth multiplier 1; buf holds the input and receives the output; tmp holds out_h * out_w bytes. */
void tinyml_depthwise_conv2d_inplace_s8(const tinyml_conv_geometry *g, const tinyml_requant *q, int8_t *buf, const int8_t *filter, const int32_t *bias, int8_t *tmp);
void tinyml_fully_connected_s8(const tinyml_fc_geometry *g, const tinyml_requant *q, const int8_t *input, const int8_t *weights, const int32_t *bias, int8_t *output);
void tinyml_average_pool2d_s8(const tinyml_pool_params *p, const int8_t *input, int8_t *output);
void tinyml_max_pool2d_s8(const tinyml_pool_params *p, const int8_t *input, int8_t *output);
void tinyml_add_s8(const tinyml_add_params *p, int32_t count, const int8_t *a, const int8_t *b, int8_t *output);
/* Binary operators over `count` output elements; s == NULL when both inputs have the output's shape, else how they broadcast. */
void tinyml_add_broadcast_s8(const tinyml_add_params *p, const tinyml_strides6 *s, int32_t count, const int8_t *a, const int8_t *b, int8_t *output);
void tinyml_sub_s8(const tinyml_add_params *p, const tinyml_strides6 *s, int32_t count, const int8_t *a, const int8_t *b, int8_t *output);
void tinyml_mul_s8(const tinyml_mul_params *p, const tinyml_strides6 *s, int32_t count, const int8_t *a, const int8_t *b, int8_t *output);
/* (x - y)^2 with ADD's input rescaling (left_shift 7) and a general output multiplier. */
void tinyml_squared_difference_s8(const tinyml_add_params *p, const tinyml_strides6 *s, int32_t count, const int8_t *a, const int8_t *b, int8_t *output);
/* b is alpha, broadcast against a. */
void tinyml_prelu_s8(const tinyml_prelu_params *p, const tinyml_strides6 *s, int32_t count, const int8_t *a, const int8_t *b, int8_t *output);
void tinyml_maximum_s8(const tinyml_strides6 *s, int32_t count, const int8_t *a, const int8_t *b, int8_t *output);
void tinyml_minimum_s8(const tinyml_strides6 *s, int32_t count, const int8_t *a, const int8_t *b, int8_t *output);
void tinyml_leaky_relu_s8(const tinyml_leaky_relu_params *p, int32_t count, const int8_t *input, int8_t *output);
/* Output element by element in row-major order, each read from the input through s->stride1 (strides may be negative): TRANSPOSE, SLICE, STRIDED_SLICE, SPLIT, UNPACK. */
void tinyml_strided_copy_s8(const tinyml_strides6 *s, const int8_t *input, int8_t *output);
void tinyml_gather_s8(const tinyml_gather_params *p, const int8_t *input, int8_t *output);
void tinyml_resize_nearest_s8(const tinyml_resize_params *p, const int8_t *input, int8_t *output);
/* Output scale 16/256, zero point 127. */
void tinyml_log_softmax_s8(const tinyml_log_softmax_params *p, int32_t rows, int32_t depth, const int8_t *input, int8_t *output);
void tinyml_softmax_s8(const tinyml_softmax_params *p, int32_t rows, int32_t depth, const int8_t *input, int8_t *output);
void tinyml_tanh_s8(const tinyml_logistic_params *p, int32_t count, const int8_t *input, int8_t *output);
void tinyml_logistic_s8(const tinyml_logistic_params *p, int32_t count, const int8_t *input, int8_t *output);
void tinyml_mean_s8(const tinyml_mean_params *p, const int8_t *input, int8_t *output);
void tinyml_pad_s8(const tinyml_pad_params *p, const int8_t *input, int8_t *output);
void tinyml_requantize_s8(const tinyml_requantize_params *p, int32_t count, const int8_t *input, int8_t *output);
/* Copies `bytes`; used for RESHAPE and, block by block, CONCATENATION. */
void tinyml_copy(const int8_t *input, int8_t *output, int32_t bytes);
/* Sets `bytes` bytes to `value`: a variable tensor's start (model_reset). */
void tinyml_fill(int8_t *output, int32_t value, int32_t bytes);

#endif
