// tinyml-lab: 05

/**
 * The layer where a model goes wrong: the first index k >= 1 whose SNR
 * (snrDb[k], dB) lies more than `dropDb` below the best SNR of the layers
 * before it. A fault spoils every layer after it too, so the first such drop,
 * not the worst SNR, points at it. -1 when no layer drops that far.
 */
export function firstDivergentLayer(snrDb: number[], dropDb: number): number {
  // BEGIN SOLUTION
  let best = snrDb[0];
  for (let k = 1; k < snrDb.length; k++) {
    if (snrDb[k] < best - dropDb) return k;
    best = Math.max(best, snrDb[k]);
  }
  return -1;
  // END SOLUTION
}
