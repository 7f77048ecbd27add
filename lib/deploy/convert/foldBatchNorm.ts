/** A batch-norm layer's inference parameters, one value per channel. */
export interface BatchNormParams {
  gamma: Float32Array;
  beta: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
  epsilon: number;
}

/**
 * Fold y = gamma * (x - mean) / sqrt(variance + epsilon) + beta into the
 * preceding linear layer, in place of x = W·in + b:
 * W'[c] = W[c] * k[c] and b'[c] = (b[c] - mean[c]) * k[c] + beta[c], with
 * k = gamma / sqrt(variance + epsilon).
 *
 * `weights` is float32 with the output channel at `channelAxis` of `shape`
 * (axis 0 for CONV_2D [out, kh, kw, in] and FULLY_CONNECTED [out, in]; axis 3
 * for DEPTHWISE_CONV_2D [1, kh, kw, out]). `bias` has one value per channel,
 * or is null for a layer without bias. Returns new arrays.
 */
export function foldBatchNorm(
  weights: Float32Array, shape: readonly number[], channelAxis: number, bias: Float32Array | null, bn: BatchNormParams,
): { weights: Float32Array; bias: Float32Array } {
  const channels = shape[channelAxis];
  const inner = shape.slice(channelAxis + 1).reduce((a, d) => a * d, 1);
  const k = new Float64Array(channels);
  for (let c = 0; c < channels; c++) k[c] = bn.gamma[c] / Math.sqrt(bn.variance[c] + bn.epsilon);
  const w = new Float32Array(weights.length);
  for (let i = 0; i < weights.length; i++) w[i] = weights[i] * k[Math.floor(i / inner) % channels];
  const b = new Float32Array(channels);
  for (let c = 0; c < channels; c++) b[c] = ((bias === null ? 0 : bias[c]) - bn.mean[c]) * k[c] + bn.beta[c];
  return { weights: w, bias: b };
}
