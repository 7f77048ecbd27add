import type { MemoryPlan } from './planMemory.js';

/**
 * Independent check of a memory plan: no two buffers alive during the same
 * operator share a byte, except the declared in-place pairs, and every buffer
 * lies inside the arena. Returns the problems found (empty when sound).
 */
export function checkMemoryPlan(plan: MemoryPlan): string[] {
  const problems: string[] = [];
  const allowed = new Set(plan.inPlace.map(([a, b]) => `${Math.min(a, b)},${Math.max(a, b)}`));
  const bs = plan.buffers;
  for (const b of bs) {
    if (b.offset < 0 || b.offset + b.bytes > plan.arenaBytes) problems.push(`tensor ${b.tensor} [${b.offset}, ${b.offset + b.bytes}) leaves the ${plan.arenaBytes}-byte arena`);
  }
  for (let i = 0; i < bs.length; i++) {
    for (let j = i + 1; j < bs.length; j++) {
      const a = bs[i], b = bs[j];
      const live = a.firstUse <= b.lastUse && b.firstUse <= a.lastUse;
      const overlap = a.offset < b.offset + b.bytes && b.offset < a.offset + a.bytes;
      if (live && overlap && !allowed.has(`${Math.min(a.tensor, b.tensor)},${Math.max(a.tensor, b.tensor)}`)) {
        problems.push(`tensors ${a.tensor} and ${b.tensor} are alive together (operators ${Math.max(a.firstUse, b.firstUse)}-${Math.min(a.lastUse, b.lastUse)}) and overlap`);
      }
    }
  }
  return problems;
}
