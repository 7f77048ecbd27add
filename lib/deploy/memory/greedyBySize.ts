// tinyml-lab: 05
import type { LiveRange } from './Schedule.js';

/** Where greedyBySize put each tensor: offsets[i] is ranges[i]'s byte offset; the arena's size, a multiple of the alignment. */
export interface Placement {
  offsets: number[];
  arenaBytes: number;
}

/**
 * TensorFlow Lite Micro's greedy-by-size arena planner. Take the tensors
 * largest first (ties: earlier firstUse first, then lower tensor index). Put
 * each at the lowest offset, a multiple of `alignment`, where it overlaps no
 * already placed tensor that is alive at the same time (lifetimes sharing an
 * operator). The arena is the highest end, rounded up to the alignment.
 */
export function greedyBySize(ranges: LiveRange[], alignment: number): Placement {
  // BEGIN SOLUTION
  const order = ranges.map((_, i) => i).sort((i, j) => ranges[j].bytes - ranges[i].bytes || ranges[i].firstUse - ranges[j].firstUse || ranges[i].tensor - ranges[j].tensor);
  const offsets = new Array<number>(ranges.length).fill(0);
  const placed: number[] = [];
  let end = 0;
  const up = (x: number) => Math.ceil(x / alignment) * alignment;
  for (const i of order) {
    const r = ranges[i];
    const busy = placed.filter((j) => ranges[j].firstUse <= r.lastUse && r.firstUse <= ranges[j].lastUse).sort((a, b) => offsets[a] - offsets[b]);
    let at = 0;
    for (const j of busy) {
      if (at + r.bytes <= offsets[j]) break;
      at = Math.max(at, up(offsets[j] + ranges[j].bytes));
    }
    offsets[i] = at;
    placed.push(i);
    end = Math.max(end, at + r.bytes);
  }
  return { offsets, arenaBytes: up(end) };
  // END SOLUTION
}
