import type { Graph } from '../../ir/Graph.js';
import { GraphError } from '../../ir/GraphError.js';

/**
 * A copy of an int8 graph in which operator `operator`'s filter (its input 1)
 * has every quantization scale multiplied by `factor`: the weights' integers
 * stay, so the layer's requantization multiplier, and its output, grow by
 * `factor`. Plants a fault (factor != 1) or repairs one (1 / the gain found).
 */
export function rescaleFilter(graph: Graph, operator: number, factor: number): Graph {
  const op = graph.operators[operator];
  if (op === undefined) throw new RangeError(`${graph.name} has no operator ${operator}`);
  const filter = op.inputs[1];
  const q = filter === undefined || filter < 0 ? undefined : graph.tensors[filter].quantization;
  if (q === undefined) throw new GraphError('input', `operator ${operator} (${op.kind}) of ${graph.name} has no quantized filter to rescale`);
  if (!(factor > 0) || !Number.isFinite(factor)) throw new RangeError(`factor must be a positive number, not ${factor}`);
  const tensors = graph.tensors.map((t, i) => (i === filter ? { ...t, quantization: { ...q, scale: q.scale.map((s) => s * factor) } } : t));
  return { ...graph, tensors };
}
