// tinyml-lab: 03
/**
 * Mean Kullback-Leibler divergence KL(p || q) between row-wise distributions
 * p and q [rows, classes]: the mean over rows of sum_c p log(p / q), natural
 * log, where a term with p = 0 contributes 0. Non-negative; 0 when p = q.
 */
export function klDivergence(p: Float32Array, q: Float32Array, classes: number): number {
  // BEGIN SOLUTION
  if (p.length !== q.length || p.length % classes !== 0) throw new RangeError(`p (${p.length}) and q (${q.length}) are not [rows, ${classes}] alike`);
  let total = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) total += p[i] * Math.log(p[i] / q[i]);
  return total / (p.length / classes);
  // END SOLUTION
}
