// tinyml-lab: 01
/**
 * The `keep` most important channels, by `importance` (one value per
 * channel, larger is more important), returned in ascending channel order so
 * the pruned layer keeps its channels' relative order. Ties go to the lower
 * channel index. `keep` in [1, importance.length].
 */
export function channelsToKeep(importance: Float32Array, keep: number): Int32Array {
  // BEGIN SOLUTION
  if (!Number.isInteger(keep) || keep < 1 || keep > importance.length) throw new RangeError(`keep must be an integer in [1, ${importance.length}], got ${keep}`);
  const order = Array.from(importance.keys()).sort((a, b) => importance[b] - importance[a] || a - b);
  return Int32Array.from(order.slice(0, keep)).sort();
  // END SOLUTION
}
