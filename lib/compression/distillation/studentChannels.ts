// tinyml-lab: 03
/** What a student DS-CNN may cost. */
export interface StudentBudget {
  /** Most multiply-accumulates per inference (the DS-CNN formula of lab 01, 12 classes). */
  maxMacs: number;
  /** Most conv, depthwise and dense weights: 40 c0 + sum_i (9 c(i-1) + c(i-1) c(i)) + 12 c4. */
  maxWeights: number;
}

/**
 * A student for the DS-CNN teacher: channels [stem, pw1, pw2, pw3, pw4],
 * each a multiple of 4 in [4, 64] (the SIMD kernels like multiples of 4),
 * that fits `budget` and uses at least 70% of its MACs (a student far below
 * the budget wastes accuracy the device could afford). On 49x10 MFCCs the
 * stem gives 25x5 positions: MACs = 5000 c0 + 125 sum_i (9 c(i-1) + c(i-1) c(i)) + 12 c4.
 * Any such plan is a valid answer; this one prefers a uniform width.
 * Throws when no such student exists.
 */
export function studentChannels(budget: StudentBudget): number[] {
  // BEGIN SOLUTION
  const widths = Array.from({ length: 16 }, (_, i) => 4 * (i + 1));
  const cost = (c: number[]) => ({
    macs: 5000 * c[0] + c.slice(1).reduce((a, x, i) => a + 125 * (9 * c[i] + c[i] * x), 0) + 12 * c[4],
    weights: 40 * c[0] + c.slice(1).reduce((a, x, i) => a + 9 * c[i] + c[i] * x, 0) + 12 * c[4],
  });
  // A uniform width trains best (the teacher is uniform too): the widest that fits and uses 70%.
  for (const c of [...widths].reverse()) {
    const { macs, weights } = cost([c, c, c, c, c]);
    if (macs <= budget.maxMacs && weights <= budget.maxWeights) {
      if (macs >= 0.7 * budget.maxMacs) return [c, c, c, c, c];
      break;
    }
  }
  // Otherwise exhaustive over 16^5 plans, cut as soon as a prefix is over budget: the largest MACs that fit.
  const search = (plan: number[], macs: number, weights: number): { plan: number[]; macs: number } | null => {
    if (macs > budget.maxMacs || weights > budget.maxWeights) return null;
    if (plan.length === 5) {
      const total = macs + 12 * plan[4];
      return total <= budget.maxMacs && weights + 12 * plan[4] <= budget.maxWeights ? { plan: [...plan], macs: total } : null;
    }
    let best: { plan: number[]; macs: number } | null = null;
    for (const c of widths) {
      const prev = plan[plan.length - 1];
      plan.push(c);
      const r = plan.length === 1 ? search(plan, macs + 5000 * c, weights + 40 * c) : search(plan, macs + 125 * (9 * prev + prev * c), weights + 9 * prev + prev * c);
      plan.pop();
      if (r !== null && (best === null || r.macs > best.macs)) best = r;
    }
    return best;
  };
  const found = search([], 0, 0);
  if (found === null || found.macs < 0.7 * budget.maxMacs) {
    throw new Error(`no DS-CNN student of multiples of 4 fits ${budget.maxMacs} MACs and ${budget.maxWeights} weights while using 70% of the MACs`);
  }
  return found.plan;
  // END SOLUTION
}
