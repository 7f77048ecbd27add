// tinyml-lab: 04
/**
 * The parents of the next generation: indices of the round(scores.length x parentRatio)
 * highest scores (at least 2), best first; equal scores keep the lower index first.
 * RangeError when parentRatio is not in (0, 1) or there are fewer than 2 scores.
 */
export function selectParents(scores: ArrayLike<number>, parentRatio: number): number[] {
  // BEGIN SOLUTION
  if (!(parentRatio > 0 && parentRatio < 1)) throw new RangeError(`parentRatio must be in (0, 1), got ${parentRatio}`);
  if (scores.length < 2) throw new RangeError(`need at least 2 scores, got ${scores.length}`);
  const k = Math.max(2, Math.round(scores.length * parentRatio));
  return Array.from({ length: scores.length }, (_, i) => i).sort((i, j) => scores[j] - scores[i] || i - j).slice(0, k);
  // END SOLUTION
}
