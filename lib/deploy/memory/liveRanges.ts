// tinyml-lab: 05
import type { LiveRange, Schedule } from './Schedule.js';

/**
 * Every activation tensor's lifetime in `schedule`: the first and the last
 * operator (indices, inclusive) that read or write it. A graph input is alive
 * from before the first operator (firstUse -1), a graph output until after the
 * last one (lastUse = operators.length). Constants and tensors no operator
 * touches are left out. Sorted by tensor index.
 */
export function liveRanges(schedule: Schedule): LiveRange[] {
  // BEGIN SOLUTION
  const first = new Map<number, number>(), last = new Map<number, number>();
  const use = (t: number, at: number) => {
    if (t < 0 || schedule.tensors[t].constant) return;
    first.set(t, Math.min(first.get(t) ?? at, at));
    last.set(t, Math.max(last.get(t) ?? at, at));
  };
  for (const t of schedule.inputs) use(t, -1);
  schedule.operators.forEach((op, k) => { for (const t of [...op.inputs, ...op.outputs]) use(t, k); });
  for (const t of schedule.outputs) use(t, schedule.operators.length);
  return [...first.keys()].sort((a, b) => a - b).map((t) => ({ tensor: t, bytes: schedule.tensors[t].bytes, firstUse: first.get(t) as number, lastUse: last.get(t) as number }));
  // END SOLUTION
}
