/** Fused activation of an operator, clamping its output (TFLite's ActivationFunctionType). */
export type Activation = 'NONE' | 'RELU' | 'RELU_N1_TO_1' | 'RELU6';

/** SAME pads so that out = ceil(in / stride); VALID uses no padding. */
export type Padding = 'SAME' | 'VALID';

export interface Conv2dOptions {
  padding: Padding;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  activation: Activation;
}

export interface DepthwiseConv2dOptions extends Conv2dOptions {
  /** Output channels per input channel. */
  depthMultiplier: number;
}

export interface Pool2dOptions {
  padding: Padding;
  strideH: number;
  strideW: number;
  filterH: number;
  filterW: number;
  activation: Activation;
}

/** TRANSPOSE_CONV: padding and strides as a convolution from the output's size, and a fused activation. */
export interface TransposeConvOptions {
  padding: Padding;
  strideH: number;
  strideW: number;
  activation: Activation;
}

export interface FullyConnectedOptions {
  activation: Activation;
  /** Keep the input's leading dimensions instead of flattening them into a batch. */
  keepNumDims: boolean;
}

export interface StridedSliceOptions {
  beginMask: number;
  endMask: number;
  ellipsisMask: number;
  newAxisMask: number;
  shrinkAxisMask: number;
  /** The end input holds offsets from begin. */
  offset: boolean;
}

export interface NoOptions {
  [key: string]: never;
}

/**
 * Every operator the course supports, with its inputs and outputs as tensor
 * indices in TFLite's order:
 * - CONV_2D, DEPTHWISE_CONV_2D: [input NHWC, filter, bias (or -1)]; filter is
 *   [out, kh, kw, in] for conv and [1, kh, kw, out] for depthwise;
 * - FULLY_CONNECTED: [input, weights [out, in], bias (or -1)];
 * - ADD, SUB, MUL, MAXIMUM, MINIMUM, SQUARED_DIFFERENCE: [a, b], and PRELU:
 *   [input, alpha], broadcast NumPy-style up to rank 6 (the output has the
 *   broadcast shape);
 * - CONCATENATION: any number of inputs;
 * - PAD: [input, paddings int32 [rank, 2]]; MEAN: [input, axes int32];
 * - RESHAPE: [input] or [input, new shape int32]; SQUEEZE: [input];
 *   EXPAND_DIMS: [input, axis int32 (one element)];
 * - TRANSPOSE: [input, permutation int32 [rank]];
 * - SLICE: [input, begin, size]; STRIDED_SLICE: [input, begin, end, strides]
 *   (int32 constants); SPLIT: [axis, input]; SPLIT_V: [input, sizes, axis],
 *   one output per piece; PACK: the stacked inputs; UNPACK: [input], one
 *   output per index; GATHER: [params, indices int32];
 * - RESIZE_NEAREST_NEIGHBOR, RESIZE_BILINEAR: [input NHWC, size int32 [2]];
 * - TRANSPOSE_CONV: [output shape int32 [4], filter [out, kh, kw, in], input
 *   NHWC, bias (optional)];
 * - BATCH_MATMUL: [lhs, rhs], ranks 2 to 5; SUM: [input, axes int32];
 * - HARD_SWISH, L2_POOL_2D (float32 only): [input];
 * - SVDF: [input, weights_feature, weights_time, bias (or -1), state (a
 *   variable tensor, updated in place)];
 * - UNIDIRECTIONAL_SEQUENCE_LSTM: TFLite's 24 inputs: [input [batch, time,
 *   in] (or [time, batch, in] when timeMajor), the input-to-gate weights for
 *   the input, forget, cell and output gates [units, in] (1-4), the
 *   recurrent weights [units, units] (5-8), peepholes (9-11, -1), the gate
 *   biases [units] (12-15), projection weights and bias (16-17, -1), the
 *   hidden and cell states (18-19: variable tensors [batch, units]),
 *   layer-norm weights (20-23, -1)]; output [batch, time, units].
 */
export type Operator =
  | OperatorOf<'CONV_2D', Conv2dOptions>
  | OperatorOf<'DEPTHWISE_CONV_2D', DepthwiseConv2dOptions>
  | OperatorOf<'FULLY_CONNECTED', FullyConnectedOptions>
  | OperatorOf<'AVERAGE_POOL_2D', Pool2dOptions>
  | OperatorOf<'MAX_POOL_2D', Pool2dOptions>
  | OperatorOf<'L2_POOL_2D', Pool2dOptions>
  | OperatorOf<'TRANSPOSE_CONV', TransposeConvOptions>
  | OperatorOf<'BATCH_MATMUL', { adjX: boolean; adjY: boolean }>
  | OperatorOf<'SUM', { keepDims: boolean }>
  | OperatorOf<'HARD_SWISH', NoOptions>
  | OperatorOf<'SVDF', { rank: number; activation: Activation }>
  /** cellClip: the cell state's bound in real units (0: none); timeMajor: inputs are [time, batch, in]. The cell gate's activation is TANH. */
  | OperatorOf<'UNIDIRECTIONAL_SEQUENCE_LSTM', { cellClip: number; timeMajor: boolean }>
  | OperatorOf<'RESIZE_BILINEAR', { alignCorners: boolean; halfPixelCenters: boolean }>
  | OperatorOf<'ADD', { activation: Activation }>
  | OperatorOf<'SUB', { activation: Activation }>
  | OperatorOf<'MUL', { activation: Activation }>
  | OperatorOf<'MAXIMUM', NoOptions>
  | OperatorOf<'MINIMUM', NoOptions>
  | OperatorOf<'SQUARED_DIFFERENCE', NoOptions>
  | OperatorOf<'PRELU', NoOptions>
  | OperatorOf<'LEAKY_RELU', { alpha: number }>
  | OperatorOf<'SQUEEZE', { squeezeDims: number[] }>
  | OperatorOf<'EXPAND_DIMS', NoOptions>
  | OperatorOf<'TRANSPOSE', NoOptions>
  | OperatorOf<'SLICE', NoOptions>
  | OperatorOf<'STRIDED_SLICE', StridedSliceOptions>
  | OperatorOf<'SPLIT', { numSplits: number }>
  | OperatorOf<'SPLIT_V', { numSplits: number }>
  | OperatorOf<'PACK', { valuesCount: number; axis: number }>
  | OperatorOf<'UNPACK', { num: number; axis: number }>
  | OperatorOf<'GATHER', { axis: number; batchDims: number }>
  | OperatorOf<'RESIZE_NEAREST_NEIGHBOR', { alignCorners: boolean; halfPixelCenters: boolean }>
  | OperatorOf<'CONCATENATION', { axis: number; activation: Activation }>
  | OperatorOf<'SOFTMAX', { beta: number }>
  | OperatorOf<'MEAN', { keepDims: boolean }>
  | OperatorOf<'RESHAPE', { newShape: number[] | null }>
  | OperatorOf<'PAD', NoOptions>
  | OperatorOf<'RELU', NoOptions>
  | OperatorOf<'RELU6', NoOptions>
  | OperatorOf<'LOGISTIC', NoOptions>
  | OperatorOf<'TANH', NoOptions>
  | OperatorOf<'LOG_SOFTMAX', NoOptions>
  | OperatorOf<'QUANTIZE', NoOptions>
  | OperatorOf<'DEQUANTIZE', NoOptions>;

export interface OperatorOf<K extends string, O> {
  kind: K;
  inputs: number[];
  outputs: number[];
  options: O;
}

export type OperatorKind = Operator['kind'];

/** The supported kinds, for messages and for the reader's lookup. */
export const OPERATOR_KINDS: readonly OperatorKind[] = [
  'ADD', 'AVERAGE_POOL_2D', 'CONCATENATION', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'DEQUANTIZE',
  'EXPAND_DIMS', 'FULLY_CONNECTED', 'GATHER', 'PACK', 'PRELU', 'SLICE', 'SQUARED_DIFFERENCE', 'SPLIT', 'SPLIT_V', 'STRIDED_SLICE', 'UNPACK', 'LEAKY_RELU', 'LOGISTIC', 'LOG_SOFTMAX', 'MAXIMUM', 'MAX_POOL_2D', 'MEAN',
  'MINIMUM', 'MUL', 'PAD', 'QUANTIZE', 'RELU', 'RELU6', 'RESHAPE', 'RESIZE_NEAREST_NEIGHBOR', 'SOFTMAX', 'SQUEEZE', 'SUB',
  'TANH', 'TRANSPOSE', 'L2_POOL_2D', 'TRANSPOSE_CONV', 'BATCH_MATMUL', 'SUM', 'HARD_SWISH', 'RESIZE_BILINEAR', 'SVDF',
  'UNIDIRECTIONAL_SEQUENCE_LSTM',
];
