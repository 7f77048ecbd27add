// tinyml-lab: 01
/**
 * Fine-grained magnitude pruning of one tensor: a mask (1 keep, 0 prune,
 * same length as `weights`) that prunes exactly round(sparsity * n) weights,
 * those of smallest |w|. Ties in |w| are broken by position: the earlier
 * weight is pruned first, so the mask is unique. `sparsity` in [0, 1].
 */
export function magnitudeMask(weights: Float32Array, sparsity: number): Uint8Array {
  // BEGIN SOLUTION
  if (!(sparsity >= 0 && sparsity <= 1)) throw new RangeError(`sparsity must be in [0, 1], got ${sparsity}`);
  const k = Math.round(sparsity * weights.length);
  const order = Array.from(weights.keys()).sort((a, b) => Math.abs(weights[a]) - Math.abs(weights[b]) || a - b);
  const mask = new Uint8Array(weights.length).fill(1);
  for (let i = 0; i < k; i++) mask[order[i]] = 0;
  return mask;
  // END SOLUTION
}
