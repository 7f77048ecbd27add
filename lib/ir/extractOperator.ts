import type { Graph, TensorSpec } from './Graph.js';

/**
 * A one-operator graph holding operator `index` of `graph`: its constant
 * inputs stay constants, its other inputs become graph inputs (in operator
 * order) and its outputs the graph outputs. Used to test one kernel in
 * isolation, for example against another runtime.
 */
export function extractOperator(graph: Graph, index: number): Graph {
  const op = graph.operators[index];
  if (op === undefined) throw new RangeError(`${graph.name} has ${graph.operators.length} operators; there is no operator ${index}`);
  const tensors: TensorSpec[] = [];
  const remap = new Map<number, number>();
  const take = (i: number): number => {
    if (i < 0) return i;
    let j = remap.get(i);
    if (j === undefined) {
      j = tensors.length;
      tensors.push(graph.tensors[i]);
      remap.set(i, j);
    }
    return j;
  };
  const inputs = op.inputs.map(take);
  const outputs = op.outputs.map(take);
  return {
    name: `${graph.name} operator ${index} (${op.kind})`,
    description: graph.description,
    tensors,
    inputs: inputs.filter((i) => i >= 0 && tensors[i].data === undefined),
    outputs,
    operators: [{ ...op, inputs, outputs } as typeof op],
  };
}
