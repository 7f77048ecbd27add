import seedrandom from 'seedrandom';
import type { Graph } from '../../ir/Graph.js';
import { rescaleFilter } from './rescaleFilter.js';

/**
 * Lab 05's broken model: `graph` with one convolution's requantization
 * multiplier off by a power of two (rescaleFilter). Which layer, and by how
 * much, is drawn from a seeded generator over the convolutions after the
 * first, so the notebook does not print it: find it with the layer-by-layer
 * comparison, not by reading this.
 */
export function plantedFault(graph: Graph, seed = 'lab 05 fault'): Graph {
  const rng = seedrandom(seed);
  const convs = graph.operators.map((op, k) => ({ op, k })).filter(({ op, k }) => k > 0 && (op.kind === 'CONV_2D' || op.kind === 'DEPTHWISE_CONV_2D')).map(({ k }) => k);
  if (convs.length === 0) throw new RangeError(`${graph.name} has no convolution after its first operator to break`);
  const layer = convs[Math.floor(rng() * convs.length)];
  const factor = rng() < 0.5 ? 0.25 : 0.125;
  return { ...rescaleFilter(graph, layer, factor), name: `${graph.name} (faulty)` };
}
