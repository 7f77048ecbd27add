// tinyml-lab: 05
import type { LiveRange } from './Schedule.js';

/**
 * The lower bound of any arena for these lifetimes: the most bytes alive at
 * once, over operators 0..operatorCount-1 (a tensor counts at operator k when
 * firstUse <= k <= lastUse). No planner, however clever, can go below it
 * without changing the schedule (in-place or patch-based execution do).
 */
export function peakLiveBytes(ranges: LiveRange[], operatorCount: number): number {
  // BEGIN SOLUTION
  let peak = 0;
  for (let k = 0; k < operatorCount; k++) {
    peak = Math.max(peak, ranges.reduce((a, r) => a + (r.firstUse <= k && k <= r.lastUse ? r.bytes : 0), 0));
  }
  return peak;
  // END SOLUTION
}
