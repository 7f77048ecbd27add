// tinyml-lab: 04
/**
 * Spearman's rank correlation of two equally long series, in [-1, 1]: the Pearson
 * correlation of their ranks, where tied values share the mean of the ranks they span
 * (so [10, 20, 20, 30] ranks as [1, 2.5, 2.5, 4]). NaN when either series is constant.
 * RangeError for different lengths or fewer than two values.
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  // BEGIN SOLUTION
  if (a.length !== b.length || a.length < 2) throw new RangeError(`spearman needs two series of the same length, at least 2, got ${a.length} and ${b.length}`);
  const ranks = (x: ArrayLike<number>): Float64Array => {
    const order = Array.from({ length: x.length }, (_, i) => i).sort((i, j) => x[i] - x[j]);
    const r = new Float64Array(x.length);
    for (let i = 0; i < order.length; ) {
      let j = i;
      while (j + 1 < order.length && x[order[j + 1]] === x[order[i]]) j++;
      for (let k = i; k <= j; k++) r[order[k]] = (i + j) / 2 + 1;
      i = j + 1;
    }
    return r;
  };
  const ra = ranks(a), rb = ranks(b), n = a.length;
  const ma = ra.reduce((s, v) => s + v, 0) / n, mb = rb.reduce((s, v) => s + v, 0) / n;
  let cov = 0, va = 0, vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (ra[i] - ma) * (rb[i] - mb);
    va += (ra[i] - ma) ** 2;
    vb += (rb[i] - mb) ** 2;
  }
  return cov / Math.sqrt(va * vb);
  // END SOLUTION
}
