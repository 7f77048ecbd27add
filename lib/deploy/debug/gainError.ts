// tinyml-lab: 05

/**
 * By what factor `measured` is off from `reference` (equal lengths): the
 * least-squares gain g minimising sum (measured - g * reference)^2, that is
 * sum(reference * measured) / sum(reference^2). A layer whose multiplier is
 * 4x too small shows g near 0.25; dividing its filter scales' factor out
 * (rescaleFilter(graph, k, 1 / g)) repairs it.
 */
export function gainError(reference: Float32Array, measured: Float32Array): number {
  // BEGIN SOLUTION
  let rm = 0, rr = 0;
  for (let i = 0; i < reference.length; i++) {
    rm += reference[i] * measured[i];
    rr += reference[i] * reference[i];
  }
  return rm / rr;
  // END SOLUTION
}
