// tinyml-lab: 05

/**
 * Signal-to-quantization-noise ratio of one layer, in dB:
 * 10 * log10(sum of reference^2 / sum of (reference - measured)^2), where
 * `reference` is the float graph's output and `measured` the int8 graph's,
 * dequantized (equal lengths). Higher is better; every 6 dB is one more
 * good bit.
 */
export function layerSnrDb(reference: Float32Array, measured: Float32Array): number {
  // BEGIN SOLUTION
  let signal = 0, noise = 0;
  for (let i = 0; i < reference.length; i++) {
    signal += reference[i] * reference[i];
    noise += (reference[i] - measured[i]) ** 2;
  }
  return 10 * Math.log10(signal / noise);
  // END SOLUTION
}
