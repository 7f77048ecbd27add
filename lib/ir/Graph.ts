import type { Operator } from './Operator.js';

/** Element types a graph tensor can hold. */
export type DType = 'float32' | 'int8' | 'uint8' | 'int16' | 'int32' | 'int64' | 'bool';

/** The typed array that holds one tensor's elements, row-major (last axis fastest). */
export type TensorData = Float32Array | Int8Array | Uint8Array | Int16Array | Int32Array | BigInt64Array;

/**
 * Affine quantization: real = scale[c] * (q - zeroPoint[c]).
 * Per-tensor when `scale` has one entry; per-axis otherwise, with one entry per
 * index of `axis` (TFLite's quantized_dimension). Scales are float32 values
 * stored as numbers; zero points are integers in the dtype's range.
 */
export interface Quantization {
  scale: number[];
  zeroPoint: number[];
  /** The quantized dimension; 0 for per-tensor. */
  axis: number;
}

/** One tensor of a graph: an activation (no data) or a constant (data set). */
export interface TensorSpec {
  name: string;
  /** Dimensions, NHWC for images; [] for a scalar. */
  shape: number[];
  dtype: DType;
  quantization?: Quantization;
  /** Constant contents, `product(shape)` elements of `dtype`. */
  data?: TensorData;
  /**
   * A variable (TFLite is_variable): state an operator (SVDF) reads and
   * updates, kept from one inference to the next. It starts at its zero point
   * (int8) or 0, as TFLM resets it.
   */
  variable?: boolean;
}

/**
 * The course's one deployable model representation, with TFLite's semantics:
 * tensors, and operators in execution (topological) order that refer to
 * tensors by index. Optional operator inputs are -1.
 */
export interface Graph {
  /** A label for messages: usually the file the graph came from. */
  name: string;
  description: string;
  tensors: TensorSpec[];
  inputs: number[];
  outputs: number[];
  operators: Operator[];
}

/** Number of elements of a shape (1 for a scalar). */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
