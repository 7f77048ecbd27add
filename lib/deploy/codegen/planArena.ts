import type { Graph } from '../../ir/Graph.js';
import { elementCount } from '../../ir/Graph.js';
import { DTYPE_BYTES } from '../../ir/dtypeBytes.js';

/** One activation tensor's place in the arena. */
export interface ArenaBuffer {
  tensor: number;
  /** Byte offset in the arena, a multiple of the alignment. */
  offset: number;
  bytes: number;
  /** First and last operator index (inclusive) during which the tensor must hold its value; -1 = before the first operator. */
  firstUse: number;
  lastUse: number;
}

export interface ArenaPlan {
  buffers: ArenaBuffer[];
  /** Arena size in bytes. */
  bytes: number;
}


/**
 * Every activation tensor (everything without constant data) with its size
 * and the operator range during which it must hold its value, offset 0.
 * Graph inputs live from before the first operator, outputs until after the
 * last; a variable tensor (an SVDF's state) lives through the whole inference,
 * so nothing else overwrites it and it carries to the next one.
 */
export function tensorLifetimes(graph: Graph): ArenaBuffer[] {
  const last = graph.operators.length;
  const life = new Map<number, { first: number; last: number }>();
  const touch = (t: number, at: number) => {
    if (t < 0 || graph.tensors[t].data !== undefined) return;
    const l = life.get(t);
    if (l === undefined) life.set(t, { first: at, last: at });
    else { l.first = Math.min(l.first, at); l.last = Math.max(l.last, at); }
  };
  for (const t of graph.inputs) touch(t, -1);
  graph.operators.forEach((op, k) => { for (const t of [...op.inputs, ...op.outputs]) touch(t, k); });
  for (const t of graph.outputs) touch(t, last);
  graph.tensors.forEach((t, i) => {
    if (t.variable === true) { touch(i, -1); touch(i, last); }
  });
  return [...life].map(([tensor, l]) => ({
    tensor, offset: 0, bytes: elementCount(graph.tensors[tensor].shape) * DTYPE_BYTES[graph.tensors[tensor].dtype], firstUse: l.first, lastUse: l.last,
  }));
}

/**
 * Place buffers greedily by size, as TFLite Micro's GreedyMemoryPlanner does:
 * largest first, each at the lowest aligned offset that does not collide with
 * an already placed buffer alive at the same time. Sets each offset; returns
 * the arena size.
 */
export function placeGreedy(buffers: ArenaBuffer[], alignment = 16): number {
  const order = [...buffers].sort((a, b) => b.bytes - a.bytes || a.firstUse - b.firstUse || a.tensor - b.tensor);
  const placed: ArenaBuffer[] = [];
  let size = 0;
  for (const buf of order) {
    const clashes = placed
      .filter((p) => p.firstUse <= buf.lastUse && buf.firstUse <= p.lastUse)
      .sort((a, b) => a.offset - b.offset);
    let offset = 0;
    for (const p of clashes) {
      if (offset + buf.bytes <= p.offset) break;
      offset = Math.max(offset, Math.ceil((p.offset + p.bytes) / alignment) * alignment);
    }
    buf.offset = offset;
    placed.push(buf);
    size = Math.max(size, offset + buf.bytes);
  }
  return Math.ceil(size / alignment) * alignment;
}

/** Lay out the graph's activation tensors in one arena: `tensorLifetimes`, then `placeGreedy`. */
export function planArena(graph: Graph, alignment = 16): ArenaPlan {
  const buffers = tensorLifetimes(graph);
  return { buffers, bytes: placeGreedy(buffers, alignment) };
}
