// tinyml-lab: 01
/** A gradual pruning schedule: sparsity rises from `initial` at step `begin` to `final` at step `end`. */
export interface SparsitySchedule {
  initial: number;
  final: number;
  begin: number;
  end: number;
}

/**
 * Zhu and Gupta's cubic schedule ("To prune, or not to prune", 2017):
 * s(t) = final + (initial - final) * (1 - (t - begin) / (end - begin))^3,
 * held at `initial` before `begin` and at `final` after `end`. Steps are
 * optimizer steps (batches); the result is a sparsity in [0, 1].
 */
export function cubicSparsity(step: number, s: SparsitySchedule): number {
  // BEGIN SOLUTION
  if (step <= s.begin) return s.initial;
  if (step >= s.end) return s.final;
  const left = 1 - (step - s.begin) / (s.end - s.begin);
  return s.final + (s.initial - s.final) * left ** 3;
  // END SOLUTION
}
