import type { Graph } from '../../ir/Graph.js';
import { elementCount } from '../../ir/Graph.js';
import { DTYPE_BYTES } from '../../ir/dtypeBytes.js';

/**
 * A graph as a memory planner sees it: tensor sizes and which operator reads
 * and writes which tensor, in execution order. Plain JSON, so lab 05's
 * exercises can take it and the grader can send it.
 */
export interface Schedule {
  /** Per tensor: its bytes, and whether it is a constant (weights, biases: in flash, never in the arena). */
  tensors: { name: string; bytes: number; constant: boolean }[];
  /** In execution order: the tensor indices each operator reads and writes (-1 = an absent optional input). */
  operators: { kind: string; inputs: number[]; outputs: number[] }[];
  /** Tensors filled before the first operator. */
  inputs: number[];
  /** Tensors read after the last operator. */
  outputs: number[];
}

/** One activation tensor's lifetime: it must keep its value from operator firstUse to lastUse, inclusive (-1 = before the first operator; operators.length = after the last). */
export interface LiveRange {
  tensor: number;
  bytes: number;
  firstUse: number;
  lastUse: number;
}

/** The schedule of an int8 (or float) graph. */
export function scheduleOf(graph: Graph): Schedule {
  return {
    tensors: graph.tensors.map((t) => ({ name: t.name, bytes: elementCount(t.shape) * DTYPE_BYTES[t.dtype], constant: t.data !== undefined })),
    operators: graph.operators.map((op) => ({ kind: op.kind, inputs: [...op.inputs], outputs: [...op.outputs] })),
    inputs: [...graph.inputs],
    outputs: [...graph.outputs],
  };
}
