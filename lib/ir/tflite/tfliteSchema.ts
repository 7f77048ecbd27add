import type { DType } from '../Graph.js';
import type { Activation, OperatorKind, Padding } from '../Operator.js';

// Numbers below are read from TFLite's schema.fbs (shared/reference/tflite):
// enum values, union member positions and table field ids (a field's vtable
// slot is 4 + 2 * id; a union takes two ids, its type then its value).

/** TensorType enum value -> dtype; null where the course has no such dtype. */
export const TENSOR_TYPE_DTYPE: readonly (DType | null)[] = [
  'float32', null, 'int32', 'uint8', 'int64', null, 'bool', 'int16', null, 'int8',
];

export function tensorTypeOf(dtype: DType): number {
  const code = TENSOR_TYPE_DTYPE.indexOf(dtype);
  if (code < 0) throw new Error(`no TensorType for ${dtype}`);
  return code;
}

/** BuiltinOperator names for codes 0..132, for naming unsupported operators. */
const BUILTIN_NAMES = (
  'ADD AVERAGE_POOL_2D CONCATENATION CONV_2D DEPTHWISE_CONV_2D DEPTH_TO_SPACE DEQUANTIZE ' +
  'EMBEDDING_LOOKUP FLOOR FULLY_CONNECTED HASHTABLE_LOOKUP L2_NORMALIZATION L2_POOL_2D ' +
  'LOCAL_RESPONSE_NORMALIZATION LOGISTIC LSH_PROJECTION LSTM MAX_POOL_2D MUL RELU RELU_N1_TO_1 ' +
  'RELU6 RESHAPE RESIZE_BILINEAR RNN SOFTMAX SPACE_TO_DEPTH SVDF TANH CONCAT_EMBEDDINGS SKIP_GRAM ' +
  'CALL CUSTOM EMBEDDING_LOOKUP_SPARSE PAD UNIDIRECTIONAL_SEQUENCE_RNN GATHER BATCH_TO_SPACE_ND ' +
  'SPACE_TO_BATCH_ND TRANSPOSE MEAN SUB DIV SQUEEZE UNIDIRECTIONAL_SEQUENCE_LSTM STRIDED_SLICE ' +
  'BIDIRECTIONAL_SEQUENCE_RNN EXP TOPK_V2 SPLIT LOG_SOFTMAX DELEGATE BIDIRECTIONAL_SEQUENCE_LSTM ' +
  'CAST PRELU MAXIMUM ARG_MAX MINIMUM LESS NEG PADV2 GREATER GREATER_EQUAL LESS_EQUAL SELECT SLICE ' +
  'SIN TRANSPOSE_CONV SPARSE_TO_DENSE TILE EXPAND_DIMS EQUAL NOT_EQUAL LOG SUM SQRT RSQRT SHAPE ' +
  'POW ARG_MIN FAKE_QUANT REDUCE_PROD REDUCE_MAX PACK LOGICAL_OR ONE_HOT LOGICAL_AND LOGICAL_NOT ' +
  'UNPACK REDUCE_MIN FLOOR_DIV REDUCE_ANY SQUARE ZEROS_LIKE FILL FLOOR_MOD RANGE ' +
  'RESIZE_NEAREST_NEIGHBOR LEAKY_RELU SQUARED_DIFFERENCE MIRROR_PAD ABS SPLIT_V UNIQUE CEIL ' +
  'REVERSE_V2 ADD_N GATHER_ND COS WHERE RANK ELU REVERSE_SEQUENCE MATRIX_DIAG QUANTIZE ' +
  'MATRIX_SET_DIAG ROUND HARD_SWISH IF WHILE NON_MAX_SUPPRESSION_V4 NON_MAX_SUPPRESSION_V5 ' +
  'SCATTER_ND SELECT_V2 DENSIFY SEGMENT_SUM BATCH_MATMUL PLACEHOLDER_FOR_GREATER_OP_CODES CUMSUM ' +
  'CALL_ONCE BROADCAST_TO RFFT2D CONV_3D').split(/\s+/);

export function builtinName(code: number): string {
  return BUILTIN_NAMES[code] ?? `builtin operator ${code}`;
}

/** BuiltinOperator code of each supported kind. */
export const BUILTIN_CODE: Readonly<Record<OperatorKind, number>> = {
  ADD: 0, AVERAGE_POOL_2D: 1, CONCATENATION: 2, CONV_2D: 3, DEPTHWISE_CONV_2D: 4, DEQUANTIZE: 6,
  FULLY_CONNECTED: 9, LOGISTIC: 14, MAX_POOL_2D: 17, RELU: 19, RELU6: 21, RESHAPE: 22, SOFTMAX: 25,
  PAD: 34, MEAN: 40, QUANTIZE: 114, MUL: 18, TRANSPOSE: 39, SUB: 41, SQUEEZE: 43, MAXIMUM: 55,
  MINIMUM: 57, EXPAND_DIMS: 70, RESIZE_NEAREST_NEIGHBOR: 97, LEAKY_RELU: 98,
  TANH: 28, GATHER: 36, LOG_SOFTMAX: 50, PRELU: 54, SQUARED_DIFFERENCE: 99, STRIDED_SLICE: 45, SPLIT: 49, SLICE: 65, PACK: 83, UNPACK: 88, SPLIT_V: 102,
  L2_POOL_2D: 12, RESIZE_BILINEAR: 23, TRANSPOSE_CONV: 67, SUM: 74, HARD_SWISH: 117, BATCH_MATMUL: 126, SVDF: 27,
  UNIDIRECTIONAL_SEQUENCE_LSTM: 44,
};

/** BuiltinOptions union member (1-based position in the union) of each kind's options table. */
export const OPTIONS_TYPE: Readonly<Record<OperatorKind, number>> = {
  CONV_2D: 1, DEPTHWISE_CONV_2D: 2, AVERAGE_POOL_2D: 5, MAX_POOL_2D: 5, FULLY_CONNECTED: 8,
  SOFTMAX: 9, CONCATENATION: 10, ADD: 11, RESHAPE: 17, PAD: 22, MEAN: 27, DEQUANTIZE: 38,
  QUANTIZE: 89, RELU: 0, RELU6: 0, LOGISTIC: 0, TANH: 0, MUL: 21, TRANSPOSE: 26, SUB: 28, SQUEEZE: 30,
  MAXIMUM: 39, MINIMUM: 39, EXPAND_DIMS: 52, RESIZE_NEAREST_NEIGHBOR: 74, LEAKY_RELU: 75,
  PRELU: 0, LOG_SOFTMAX: 0, GATHER: 23, SQUARED_DIFFERENCE: 76, STRIDED_SLICE: 32, SPLIT: 35, SLICE: 48, PACK: 59, UNPACK: 64, SPLIT_V: 79,
  L2_POOL_2D: 5, RESIZE_BILINEAR: 15, TRANSPOSE_CONV: 49, SUM: 27, HARD_SWISH: 91, BATCH_MATMUL: 101, SVDF: 6,
  UNIDIRECTIONAL_SEQUENCE_LSTM: 71,
};

export const PADDINGS: readonly Padding[] = ['SAME', 'VALID'];
export const ACTIVATIONS: readonly (Activation | null)[] = ['NONE', 'RELU', 'RELU_N1_TO_1', 'RELU6'];

/** Table field ids. */
export const F = {
  model: { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4 },
  operatorCode: { deprecatedBuiltinCode: 0, customCode: 1, version: 2, builtinCode: 3 },
  subgraph: { tensors: 0, inputs: 1, outputs: 2, operators: 3, name: 4 },
  tensor: { shape: 0, type: 1, buffer: 2, name: 3, quantization: 4, isVariable: 5, sparsity: 6 },
  quantization: { min: 0, max: 1, scale: 2, zeroPoint: 3, detailsType: 4, details: 5, quantizedDimension: 6 },
  buffer: { data: 0, offset: 1, size: 2 },
  operator: { opcodeIndex: 0, inputs: 1, outputs: 2, optionsType: 3, options: 4, customOptions: 5 },
  conv2d: { padding: 0, strideW: 1, strideH: 2, activation: 3, dilationW: 4, dilationH: 5 },
  depthwise: { padding: 0, strideW: 1, strideH: 2, depthMultiplier: 3, activation: 4, dilationW: 5, dilationH: 6 },
  pool2d: { padding: 0, strideW: 1, strideH: 2, filterW: 3, filterH: 4, activation: 5 },
  fullyConnected: { activation: 0, weightsFormat: 1, keepNumDims: 2 },
  softmax: { beta: 0 },
  concatenation: { axis: 0, activation: 1 },
  add: { activation: 0 },
  mul: { activation: 0 },
  sub: { activation: 0 },
  leakyRelu: { alpha: 0 },
  squeeze: { squeezeDims: 0 },
  resize: { alignCorners: 0, halfPixelCenters: 1 },
  // new_height and new_width (ids 0 and 1) are deprecated.
  resizeBilinear: { alignCorners: 2, halfPixelCenters: 3 },
  transposeConv: { padding: 0, strideW: 1, strideH: 2, activation: 3, quantizedBiasType: 4 },
  batchMatmul: { adjX: 0, adjY: 1, asymmetricQuantizeInputs: 2 },
  svdf: { rank: 0, activation: 1, asymmetricQuantizeInputs: 2 },
  sequenceLstm: { activation: 0, cellClip: 1, projClip: 2, timeMajor: 3, asymmetricQuantizeInputs: 4, diagonalRecurrentTensors: 5 },
  stridedSlice: { beginMask: 0, endMask: 1, ellipsisMask: 2, newAxisMask: 3, shrinkAxisMask: 4, offset: 5 },
  split: { numSplits: 0 },
  pack: { valuesCount: 0, axis: 1 },
  unpack: { num: 0, axis: 1 },
  gather: { axis: 0, batchDims: 1 },
  reshape: { newShape: 0 },
  reducer: { keepDims: 0 },
} as const;

/** Opcodes at or above this are stored only in OperatorCode.builtin_code. */
export const PLACEHOLDER_FOR_GREATER_OP_CODES = 127;
