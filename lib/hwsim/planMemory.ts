import type { ArenaBuffer } from '../deploy/codegen/planArena.js';
import { placeGreedy, tensorLifetimes } from '../deploy/codegen/planArena.js';
import type { Graph } from '../ir/Graph.js';

/**
 * Arena planners:
 * - `linear`: every tensor its own place, nothing reused (the upper bound);
 * - `greedy`: TFLite Micro's greedy-by-size reuse (what lib/deploy generates);
 * - `inplace-depthwise`: greedy, and a stride-1 depthwise convolution with
 *   depth multiplier 1 writes its output over its input when nothing else
 *   reads the input later, as MCUNet's TinyEngine does, through a one-channel
 *   temporary buffer (out_h * out_w bytes, counted as scratch).
 * Patch-based inference (MCUNetV2) is not modelled.
 */
export type Planner = 'linear' | 'greedy' | 'inplace-depthwise';
export const PLANNERS: readonly Planner[] = ['linear', 'greedy', 'inplace-depthwise'];

export interface MemoryPlan {
  planner: Planner;
  buffers: ArenaBuffer[];
  /** Arena size, bytes. */
  arenaBytes: number;
  /** Pairs of tensors that share bytes on purpose (in-place): [input, output]. */
  inPlace: [number, number][];
  /** Largest temporary buffer the in-place kernels need, bytes. */
  scratchBytes: number;
}

/** Lay out `graph`'s activations with `planner`. */
export function planMemory(graph: Graph, planner: Planner, alignment = 16): MemoryPlan {
  const buffers = tensorLifetimes(graph);
  if (planner === 'linear') {
    let at = 0;
    for (const b of buffers) { b.offset = at; at += Math.ceil(b.bytes / alignment) * alignment; }
    return { planner, buffers, arenaBytes: at, inPlace: [], scratchBytes: 0 };
  }
  const inPlace: [number, number][] = [];
  let scratchBytes = 0;
  if (planner === 'inplace-depthwise') {
    const byTensor = new Map(buffers.map((b) => [b.tensor, b]));
    graph.operators.forEach((op, k) => {
      if (op.kind !== 'DEPTHWISE_CONV_2D' || op.options.depthMultiplier !== 1 || op.options.strideH !== 1 || op.options.strideW !== 1) return;
      const input = byTensor.get(op.inputs[0]), output = byTensor.get(op.outputs[0]);
      if (input === undefined || output === undefined || input.lastUse !== k || input.bytes !== output.bytes || input.firstUse < 0) return;
      // The output takes over the input's place: one buffer living from the input's birth to the output's death.
      input.lastUse = output.lastUse;
      byTensor.delete(output.tensor);
      inPlace.push([input.tensor, output.tensor]);
      const shape = graph.tensors[op.outputs[0]].shape;
      scratchBytes = Math.max(scratchBytes, shape[1] * shape[2]);
    });
    const merged = [...byTensor.values()];
    const arenaBytes = placeGreedy(merged, alignment);
    // Report the aliased outputs too, at their inputs' offsets.
    const all = [...merged];
    for (const [i, o] of inPlace) {
      const src = byTensor.get(i);
      const out = buffers.find((b) => b.tensor === o);
      if (src !== undefined && out !== undefined) { out.offset = src.offset; all.push(out); }
    }
    return { planner, buffers: all, arenaBytes, inPlace, scratchBytes };
  }
  return { planner, buffers, arenaBytes: placeGreedy(buffers, alignment), inPlace, scratchBytes };
}
