// tinyml-lab: 03
/**
 * How often two classifiers pick the same class: the fraction of rows of
 * `a` and `b` ([rows, classes] scores or probabilities) whose argmax is
 * equal, ties going to the lowest class index. In [0, 1]; 0 for no rows.
 */
export function topOneAgreement(a: Float32Array, b: Float32Array, classes: number): number {
  // BEGIN SOLUTION
  if (a.length !== b.length || a.length % classes !== 0) throw new RangeError(`a (${a.length}) and b (${b.length}) are not [rows, ${classes}] alike`);
  const rows = a.length / classes;
  if (rows === 0) return 0;
  const argmax = (x: Float32Array, r: number) => {
    let best = 0;
    for (let c = 1; c < classes; c++) if (x[r * classes + c] > x[r * classes + best]) best = c;
    return best;
  };
  let same = 0;
  for (let r = 0; r < rows; r++) if (argmax(a, r) === argmax(b, r)) same++;
  return same / rows;
  // END SOLUTION
}
