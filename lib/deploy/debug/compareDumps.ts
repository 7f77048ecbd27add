import type { Graph } from '../../ir/Graph.js';
import { unpackInputs } from '../codegen/packedIo.js';
import { Interpreter } from '../../ir/Interpreter.js';

/** One layer of a dump compared with the interpreter. */
export interface LayerDumpDiff {
  operator: number;
  kind: string;
  /** Whether the run printed this layer (layers inside a patch stage are never whole). */
  dumped: boolean;
  /** Largest |C - interpreter| over the layer's int8 output (0 when equal), and how many values differ. */
  maxDiff: number;
  differing: number;
  /** Per output channel (the last axis): the largest difference. */
  perChannel: number[];
}

/** A dumped run against the interpreter: every layer, and the first one that differs (null when none does). */
export interface DumpComparison {
  layers: LayerDumpDiff[];
  firstDiffering: number | null;
}

/**
 * Compare each layer's output dumped by generated C (`dumps[k]`, int8, as
 * runProject parses it) with the interpreter's on the same `input`: the first
 * layer that differs is where the C goes wrong, since every later layer
 * inherits its error.
 */
export function compareDumps(graph: Graph, dumps: readonly (Int8Array | null)[], input: Int8Array): DumpComparison {
  const trace = new Interpreter(graph).trace(unpackInputs(graph, input));
  const layers = graph.operators.map((op, k): LayerDumpDiff => {
    const t = op.outputs[0];
    const want = trace[t] as Int8Array;
    const got = dumps[k] ?? null;
    const channels = graph.tensors[t].shape.at(-1) ?? 1;
    const perChannel = new Array<number>(channels).fill(0);
    if (got === null) return { operator: k, kind: op.kind, dumped: false, maxDiff: 0, differing: 0, perChannel };
    let maxDiff = 0, differing = 0;
    for (let i = 0; i < want.length; i++) {
      const d = Math.abs((got[i] ?? 0) - want[i]);
      if (d === 0 && i < got.length) continue;
      differing++;
      maxDiff = Math.max(maxDiff, d);
      perChannel[i % channels] = Math.max(perChannel[i % channels], d);
    }
    // A dump of the wrong length differs everywhere it is missing.
    if (got.length !== want.length) maxDiff = Math.max(maxDiff, 1);
    return { operator: k, kind: op.kind, dumped: true, maxDiff, differing, perChannel };
  });
  const first = layers.find((l) => l.dumped && l.maxDiff > 0);
  return { layers, firstDiffering: first === undefined ? null : first.operator };
}
