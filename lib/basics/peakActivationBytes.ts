// tinyml-lab: 00
/**
 * Peak activation memory of a chain of layers, bytes. `sizes[0]` is the input's
 * size and `sizes[i + 1]` layer i's output size (bytes); a layer needs its input
 * and its output at once, and nothing else is alive in a chain.
 */
export function peakActivationBytes(sizes: number[]): number {
  // BEGIN SOLUTION
  let peak = sizes.length === 1 ? sizes[0] : 0;
  for (let i = 0; i + 1 < sizes.length; i++) peak = Math.max(peak, sizes[i] + sizes[i + 1]);
  return peak;
  // END SOLUTION
}
