// tinyml-lab: 02
/** Weights clustered to a shared codebook: weight i is codebook[labels[i]]. */
export interface Clustering {
  /** 2^bits centroids, float32. */
  codebook: Float32Array;
  /** One codebook index per weight, in [0, 2^bits). */
  labels: Uint8Array;
}

/**
 * K-means weight clustering (Han et al., Deep Compression, 2016) with
 * k = 2^bits (bits in [1, 8]) and a defined result:
 * - linear initialisation: centroid j = min + (max - min) * j / (k - 1);
 * - then up to `iterations` Lloyd steps: assign each weight to its nearest
 *   centroid (ties to the lower index), then move each centroid to the mean
 *   of its weights (an empty cluster keeps its centroid); stop early when no
 *   assignment changes.
 * Labels are those of the last assignment to the final codebook.
 */
export function kmeansQuantize(weights: Float32Array, bits: number, iterations = 20): Clustering {
  // BEGIN SOLUTION
  if (!Number.isInteger(bits) || bits < 1 || bits > 8) throw new RangeError(`bits must be an integer in [1, 8], got ${bits}`);
  const k = 2 ** bits;
  let min = Infinity, max = -Infinity;
  for (const w of weights) { min = Math.min(min, w); max = Math.max(max, w); }
  if (weights.length === 0) { min = 0; max = 0; }
  const codebook = Float32Array.from({ length: k }, (_, j) => min + ((max - min) * j) / (k - 1));
  const labels = new Uint8Array(weights.length);
  const assign = (): boolean => {
    let changed = false;
    for (let i = 0; i < weights.length; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (Math.abs(weights[i] - codebook[j]) < Math.abs(weights[i] - codebook[best])) best = j;
      if (best !== labels[i]) { labels[i] = best; changed = true; }
    }
    return changed;
  };
  assign();
  for (let it = 0; it < iterations; it++) {
    const sum = new Float64Array(k), count = new Float64Array(k);
    for (let i = 0; i < weights.length; i++) { sum[labels[i]] += weights[i]; count[labels[i]]++; }
    for (let j = 0; j < k; j++) if (count[j] > 0) codebook[j] = sum[j] / count[j];
    if (!assign()) break;
  }
  return { codebook, labels };
  // END SOLUTION
}
