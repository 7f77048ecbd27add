// tinyml-lab: 01
/** The fraction of exact zeros in `weights`, in [0, 1]; 0 for an empty tensor. */
export function sparsityOf(weights: Float32Array): number {
  // BEGIN SOLUTION
  if (weights.length === 0) return 0;
  let zeros = 0;
  for (const w of weights) if (w === 0) zeros++;
  return zeros / weights.length;
  // END SOLUTION
}
