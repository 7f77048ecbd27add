import type { Graph } from '../../ir/Graph.js';
import { elementCount } from '../../ir/Graph.js';
import { GraphError } from '../../ir/GraphError.js';

/**
 * How the generated C passes several inputs and outputs through one buffer
 * each: model_invoke's `in` holds the graph's int8 inputs one after another
 * in the graph's order, `out` its outputs likewise. Element counts per
 * tensor (int8: bytes too).
 */
export interface PackedIo {
  inputs: number[];
  outputs: number[];
}

export function packedIo(graph: Graph): PackedIo {
  return { inputs: graph.inputs.map((t) => elementCount(graph.tensors[t].shape)), outputs: graph.outputs.map((t) => elementCount(graph.tensors[t].shape)) };
}

/** Where each of `sizes` starts in their concatenation. */
export function packedOffsets(sizes: readonly number[]): number[] {
  let at = 0;
  return sizes.map((n) => (at += n) - n);
}

/** One packed sample (the graph's inputs concatenated, int8) split into the interpreter's inputs. */
export function unpackInputs(graph: Graph, sample: Int8Array): Int8Array[] {
  const sizes = packedIo(graph).inputs;
  const total = sizes.reduce((a, b) => a + b, 0);
  if (sample.length !== total) {
    throw new GraphError('input', `a sample has ${sample.length} values; ${graph.name} takes ${total}${sizes.length > 1 ? ` (its ${sizes.length} inputs of ${sizes.join(', ')} values, one after another)` : ''}`);
  }
  return packedOffsets(sizes).map((at, k) => sample.slice(at, at + sizes[k]));
}

/** The interpreter's outputs packed as the generated C writes them. */
export function packOutputs(outputs: readonly Int8Array[]): Int8Array {
  const out = new Int8Array(outputs.reduce((a, o) => a + o.length, 0));
  packedOffsets(outputs.map((o) => o.length)).forEach((at, k) => out.set(outputs[k], at));
  return out;
}
