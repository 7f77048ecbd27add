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

export interface FullyConnectedOptions {
  activation: Activation;
  /** Keep the input's leading dimensions instead of flattening them into a batch. */
  keepNumDims: boolean;
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
 * - ADD: [a, b] of equal shapes; CONCATENATION: any number of inputs;
 * - PAD: [input, paddings int32 [rank, 2]]; MEAN: [input, axes int32];
 * - RESHAPE: [input] or [input, new shape int32].
 */
export type Operator =
  | OperatorOf<'CONV_2D', Conv2dOptions>
  | OperatorOf<'DEPTHWISE_CONV_2D', DepthwiseConv2dOptions>
  | OperatorOf<'FULLY_CONNECTED', FullyConnectedOptions>
  | OperatorOf<'AVERAGE_POOL_2D', Pool2dOptions>
  | OperatorOf<'MAX_POOL_2D', Pool2dOptions>
  | OperatorOf<'ADD', { activation: Activation }>
  | OperatorOf<'CONCATENATION', { axis: number; activation: Activation }>
  | OperatorOf<'SOFTMAX', { beta: number }>
  | OperatorOf<'MEAN', { keepDims: boolean }>
  | OperatorOf<'RESHAPE', { newShape: number[] | null }>
  | OperatorOf<'PAD', NoOptions>
  | OperatorOf<'RELU', NoOptions>
  | OperatorOf<'RELU6', NoOptions>
  | OperatorOf<'LOGISTIC', NoOptions>
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
  'FULLY_CONNECTED', 'LOGISTIC', 'MAX_POOL_2D', 'MEAN', 'PAD', 'QUANTIZE', 'RELU', 'RELU6',
  'RESHAPE', 'SOFTMAX',
];
