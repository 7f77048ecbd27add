import seedrandom from "seedrandom";
import type { Graph } from "../../lib/ir/Graph.js";

/**
 * Generated C takes one input and gives one output: a graph's inputs after the
 * first become seeded constants (the same data each time), and only output
 * `output` is kept.
 */
export function oneInputOneOutput(graph: Graph, seed: string, output = 0): Graph {
  const rng = seedrandom(seed);
  const tensors = graph.tensors.map((t, i) => (graph.inputs.slice(1).includes(i)
    ? { ...t, data: Int8Array.from({ length: t.shape.reduce((a, b) => a * b, 1) }, () => Math.floor(rng() * 256) - 128) }
    : t));
  return { ...graph, tensors, inputs: graph.inputs.slice(0, 1), outputs: [graph.outputs[output]] };
}
