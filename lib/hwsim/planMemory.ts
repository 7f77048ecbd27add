import type { ArenaBuffer } from '../deploy/codegen/planArena.js';
import { placeGreedy, tensorLifetimes } from '../deploy/codegen/planArena.js';
import type { Graph } from '../ir/Graph.js';
import type { PatchStage } from './patchStage.js';
import { patchStage } from './patchStage.js';

/**
 * Arena planners:
 * - `linear`: every tensor its own place, nothing reused (the upper bound);
 * - `greedy`: TFLite Micro's greedy-by-size reuse (what lib/deploy generates);
 * - `inplace-depthwise`: greedy, and a stride-1 depthwise convolution with
 *   depth multiplier 1 writes its output over its input when nothing else
 *   reads the input later, as MCUNet's TinyEngine does, through a one-channel
 *   temporary buffer (out_h * out_w bytes, counted as scratch);
 * - `patch`: greedy, with the first stage run patch by patch (MCUNetV2, see
 *   `patchStage`): the split point and the 2x2..4x4 grid that give the
 *   smallest arena, the least recomputation breaking ties; no stage at all
 *   when none helps, so it is never worse than greedy;
 * - `patch-inplace`: both, as MCUNetV2 deploys with TinyEngine: the first stage
 *   patch by patch, then in-place depthwise layers after it (once the
 *   high-resolution stage is gone, the peak often moves to a stride-1
 *   depthwise layer).
 */
export type Planner = 'linear' | 'greedy' | 'inplace-depthwise' | 'patch' | 'patch-inplace';
export const PLANNERS: readonly Planner[] = ['linear', 'greedy', 'inplace-depthwise', 'patch', 'patch-inplace'];

const PATCH_GRIDS = [2, 3, 4];

export interface MemoryPlan {
  planner: Planner;
  buffers: ArenaBuffer[];
  /** Arena size, bytes. */
  arenaBytes: number;
  /** Pairs of tensors that share bytes on purpose (in-place): [input, output]. */
  inPlace: [number, number][];
  /** The operators that run in place (indices into graph.operators), in order. */
  inPlaceOperators: number[];
  /** Largest temporary buffer the in-place kernels need, bytes. */
  scratchBytes: number;
  /** The patch-based first stage (`patch` planner), or null. */
  patch: PatchStage | null;
}

/**
 * Lifetimes with operators 0..stage.lastOperator run patch by patch: the
 * stage's inner tensors shrink to their largest patch region; the assembled
 * stage output lives from the stage's first operator on; graph inputs the
 * stage reads stay whole until it ends.
 */
function patchedLifetimes(graph: Graph, stage: PatchStage): ArenaBuffer[] {
  const buffers = tensorLifetimes(graph);
  for (const b of buffers) {
    const patch = stage.patchBytes.get(b.tensor);
    if (patch !== undefined && b.lastUse <= stage.lastOperator) b.bytes = patch;
    else if (b.tensor === stage.output) b.firstUse = Math.min(b.firstUse, 0);
    else if (graph.inputs.includes(b.tensor) && b.firstUse < 0) b.lastUse = Math.max(b.lastUse, stage.lastOperator);
  }
  return buffers;
}

/**
 * Greedy placement where every stride-1, depth-multiplier-1 depthwise operator
 * after operator `after` whose input dies there writes its output over its
 * input (one buffer living from the input's birth to the output's death), with
 * a one-channel temporary counted as scratch. The aliased outputs are reported
 * at their inputs' offsets.
 */
function placeInPlace(graph: Graph, buffers: ArenaBuffer[], after: number, alignment: number): Omit<MemoryPlan, 'planner' | 'patch'> {
  const inPlace: [number, number][] = [];
  const inPlaceOperators: number[] = [];
  let scratchBytes = 0;
  const byTensor = new Map(buffers.map((b) => [b.tensor, b]));
  graph.operators.forEach((op, k) => {
    if (k <= after || op.kind !== 'DEPTHWISE_CONV_2D' || op.options.depthMultiplier !== 1 || op.options.strideH !== 1 || op.options.strideW !== 1) return;
    const input = byTensor.get(op.inputs[0]), output = byTensor.get(op.outputs[0]);
    if (input === undefined || output === undefined || input.lastUse !== k || input.bytes !== output.bytes || input.firstUse < 0) return;
    input.lastUse = output.lastUse;
    byTensor.delete(output.tensor);
    inPlace.push([input.tensor, output.tensor]);
    inPlaceOperators.push(k);
    const shape = graph.tensors[op.outputs[0]].shape;
    scratchBytes = Math.max(scratchBytes, shape[1] * shape[2]);
  });
  const merged = [...byTensor.values()];
  const arenaBytes = placeGreedy(merged, alignment);
  const all = [...merged];
  for (const [i, o] of inPlace) {
    const src = byTensor.get(i);
    const out = buffers.find((b) => b.tensor === o);
    if (src !== undefined && out !== undefined) { out.offset = src.offset; all.push(out); }
  }
  return { buffers: all, arenaBytes, inPlace, inPlaceOperators, scratchBytes };
}

/**
 * The layout with operators 0..last run patch by patch on a grid x grid split of the
 * stage output (see `patchStage`), or null when that prefix cannot be patched.
 */
export function planPatchStage(graph: Graph, last: number, grid: number, alignment = 16, inPlaceAfter = false): MemoryPlan | null {
  const stage = patchStage(graph, last, grid);
  if (stage === null) return null;
  if (inPlaceAfter) return { planner: 'patch-inplace', ...placeInPlace(graph, patchedLifetimes(graph, stage), last, alignment), patch: stage };
  const buffers = patchedLifetimes(graph, stage);
  return { planner: 'patch', buffers, arenaBytes: placeGreedy(buffers, alignment), inPlace: [], inPlaceOperators: [], scratchBytes: 0, patch: stage };
}

/** Work of a patched plan in operator runs: each stage operator's recompute factor, plus one per later operator. */
export function patchWork(graph: Graph, plan: MemoryPlan): number {
  if (plan.patch === null) return graph.operators.length;
  return plan.patch.recompute.reduce((a, b) => a + b, 0) + graph.operators.length - plan.patch.lastOperator - 1;
}

function planPatches(graph: Graph, planner: 'patch' | 'patch-inplace', alignment: number): MemoryPlan {
  const inPlaceAfter = planner === 'patch-inplace';
  const buffers = tensorLifetimes(graph);
  let best: MemoryPlan = inPlaceAfter
    ? { planner, ...placeInPlace(graph, buffers, -1, alignment), patch: null }
    : { planner, buffers, arenaBytes: placeGreedy(buffers, alignment), inPlace: [], inPlaceOperators: [], scratchBytes: 0, patch: null };
  for (let last = 0; last < graph.operators.length - 1; last++) {
    for (const grid of PATCH_GRIDS) {
      const plan = planPatchStage(graph, last, grid, alignment, inPlaceAfter);
      if (plan === null) continue;
      const bytes = plan.arenaBytes + plan.scratchBytes, bestBytes = best.arenaBytes + best.scratchBytes;
      if (bytes < bestBytes || (bytes === bestBytes && patchWork(graph, plan) < patchWork(graph, best))) best = plan;
    }
  }
  return best;
}

/** Lay out `graph`'s activations with `planner`. */
export function planMemory(graph: Graph, planner: Planner, alignment = 16): MemoryPlan {
  const buffers = tensorLifetimes(graph);
  if (planner === 'linear') {
    let at = 0;
    for (const b of buffers) { b.offset = at; at += Math.ceil(b.bytes / alignment) * alignment; }
    return { planner, buffers, arenaBytes: at, inPlace: [], inPlaceOperators: [], scratchBytes: 0, patch: null };
  }
  if (planner === 'inplace-depthwise') return { planner, ...placeInPlace(graph, buffers, -1, alignment), patch: null };
  if (planner === 'patch' || planner === 'patch-inplace') return planPatches(graph, planner, alignment);
  return { planner, buffers, arenaBytes: placeGreedy(buffers, alignment), inPlace: [], inPlaceOperators: [], scratchBytes: 0, patch: null };
}
