// tinyml-lab: 01
/**
 * One point of a sensitivity scan (the shape sensitivityScan returns). Declared
 * here rather than imported: check() loads every lab's references into the
 * kernel, and importing sensitivityScan would make tslab type-check all of
 * TensorFlow.js's declarations in each graded notebook (measured: grading lab
 * 00 went from 2.7 to 4.9 s per submission).
 */
export interface ScanRow {
  layer: string;
  sparsity: number;
  /** In [0, 1]. */
  accuracy: number;
  params: number;
}

/** What a per-layer sparsity plan must achieve. */
export interface SparsityGoal {
  /** The dense model's accuracy, in [0, 1]. */
  dense: number;
  /** Fraction of all scanned layers' weights to prune, in [0, 1]. */
  minPruned: number;
  /** Largest accuracy drop allowed, estimated as the sum of each layer's own drop in the scan. */
  maxDrop: number;
}

/**
 * A sparsity for every layer in `scan`, each one of the scanned sparsities
 * (0 allowed), such that the pruned weights reach `goal.minPruned` of the
 * total while the summed per-layer accuracy drops stay within `goal.maxDrop`.
 * Throws when the scan cannot meet the goal.
 */
export function chooseSparsities(scan: ScanRow[], goal: SparsityGoal): Record<string, number> {
  // BEGIN SOLUTION
  const layers = [...new Set(scan.map((r) => r.layer))];
  const params = new Map(scan.map((r) => [r.layer, r.params]));
  const total = layers.reduce((a, l) => a + (params.get(l) ?? 0), 0);
  const plan: Record<string, number> = Object.fromEntries(layers.map((l) => [l, 0]));
  const dropOf = (l: string, s: number) => (s === 0 ? 0 : Math.max(0, goal.dense - (scan.find((r) => r.layer === l && r.sparsity === s)?.accuracy ?? 0)));
  let pruned = 0, drop = 0;
  // Greedy: the next sparsity step anywhere that prunes the most weights per unit of accuracy lost.
  while (pruned < goal.minPruned * total) {
    let best: { l: string; s: number; gain: number; cost: number } | null = null;
    for (const l of layers) {
      for (const r of scan.filter((x) => x.layer === l && x.sparsity > plan[l])) {
        const gain = (r.sparsity - plan[l]) * r.params, cost = dropOf(l, r.sparsity) - dropOf(l, plan[l]);
        if (drop + cost > goal.maxDrop) continue;
        if (best === null || gain / Math.max(cost, 1e-9) > best.gain / Math.max(best.cost, 1e-9)) best = { l, s: r.sparsity, gain, cost };
      }
    }
    if (best === null) throw new Error(`cannot prune ${goal.minPruned} of the weights within an accuracy drop of ${goal.maxDrop}`);
    plan[best.l] = best.s;
    pruned += best.gain;
    drop += best.cost;
  }
  return plan;
  // END SOLUTION
}
