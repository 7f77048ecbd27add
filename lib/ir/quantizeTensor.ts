import type { TensorSpec } from './Graph.js';
import { GraphError } from './GraphError.js';
import { dequantizeInt8, quantizeFloat } from './kernels/elementwise.js';

function affineOf(spec: TensorSpec): { scale: number; zeroPoint: number } {
  const q = spec.quantization;
  if (spec.dtype !== 'int8' || q === undefined || q.scale.length !== 1) {
    throw new GraphError('input', `tensor ${spec.name} is not an int8 tensor quantized per tensor`);
  }
  return { scale: q.scale[0], zeroPoint: q.zeroPoint[0] };
}

/**
 * Quantize real values for an int8 graph tensor (usually a graph input):
 * round(x / scale) + zeroPoint clamped to [-128, 127], exactly as the
 * QUANTIZE operator does.
 */
export function quantizeTensor(spec: TensorSpec, values: Float32Array): Int8Array {
  const { scale, zeroPoint } = affineOf(spec);
  const out = new Int8Array(values.length);
  quantizeFloat(values, scale, zeroPoint, out);
  return out;
}

/** Real values of an int8 graph tensor (usually an output): scale * (q - zeroPoint), as DEQUANTIZE. */
export function dequantizeTensor(spec: TensorSpec, values: Int8Array): Float32Array {
  const { scale, zeroPoint } = affineOf(spec);
  const out = new Float32Array(values.length);
  dequantizeInt8(values, scale, zeroPoint, out);
  return out;
}
