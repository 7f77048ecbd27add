// tinyml-lab: 02
/**
 * Symmetric per-channel scales for a kernel whose output channel varies
 * fastest (TensorFlow's layouts: conv [kh, kw, inC, outC] with
 * channels = outC, depthwise [kh, kw, inC, m] with channels = inC * m, dense
 * [in, out] with channels = out), so weight i belongs to channel
 * i % channels. Scale of channel c: max |w| over the channel / (2^(bits-1) - 1);
 * a channel of zeros gets scale 1. Returns `channels` float64 scales;
 * channels = 1 gives the symmetric per-tensor scale.
 */
export function perChannelScales(weights: Float32Array, channels: number, bits: number): Float64Array {
  // BEGIN SOLUTION
  if (!Number.isInteger(channels) || channels < 1 || weights.length % channels !== 0) {
    throw new RangeError(`${weights.length} weights do not split into ${channels} channels`);
  }
  const maxAbs = new Float64Array(channels);
  for (let i = 0; i < weights.length; i++) {
    const c = i % channels;
    maxAbs[c] = Math.max(maxAbs[c], Math.abs(weights[i]));
  }
  const qmax = 2 ** (bits - 1) - 1;
  return maxAbs.map((m) => (m === 0 ? 1 : m / qmax));
  // END SOLUTION
}
