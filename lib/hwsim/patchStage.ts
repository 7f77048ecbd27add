import type { Graph } from '../ir/Graph.js';
import { elementCount } from '../ir/Graph.js';
import { DTYPE_BYTES } from '../ir/dtypeBytes.js';
import { planOperator } from '../ir/kernels/prepareOperator.js';

/** Rows r0..r1 and columns c0..c1 of an NHWC tensor, inclusive. */
export interface Region { r0: number; r1: number; c0: number; c1: number }

/** What running operators 0..lastOperator patch by patch costs. */
export interface PatchStage {
  /** Index of the stage's last operator; its output is the one tensor the rest of the graph reads. */
  lastOperator: number;
  /** The stage output is cut into grid x grid patches. */
  grid: number;
  /** The tensor the stage assembles patch by patch, kept whole. */
  output: number;
  /** Per tensor inside the stage: the largest patch region it ever holds, bytes. */
  patchBytes: Map<number, number>;
  /** Per stage operator: work done over all patches / work done once (>= 1: halos are recomputed). */
  recompute: number[];
  /**
   * Per patch, row by row (patch i*grid + j): the region of every activation tensor the
   * patch computes or reads, the stage output's region being the patch itself. A tensor
   * absent from a patch's map is not needed by it.
   */
  regions: Map<number, Region>[];
}

const PASS_THROUGH = new Set(['ADD', 'RELU', 'RELU6', 'LOGISTIC', 'QUANTIZE', 'DEQUANTIZE']);
const WINDOWED = new Set(['CONV_2D', 'DEPTHWISE_CONV_2D', 'AVERAGE_POOL_2D', 'MAX_POOL_2D']);

function isActivation(graph: Graph, t: number): boolean {
  return t >= 0 && graph.tensors[t].data === undefined;
}

/** Input rows (or columns) a window op reads to produce outputs o0..o1, clipped to the image. */
function window(o0: number, o1: number, stride: number, pad: number, k: number, dilation: number, size: number): [number, number] {
  return [Math.max(0, o0 * stride - pad), Math.min(size - 1, o1 * stride - pad + (k - 1) * dilation)];
}

function inputRegion(graph: Graph, k: number, out: Region): Region {
  const op = graph.operators[k];
  if (PASS_THROUGH.has(op.kind)) return out;
  if (op.kind === 'PAD') {
    const p = graph.tensors[op.inputs[1]].data;
    const inShape = graph.tensors[op.inputs[0]].shape;
    const top = Number(p?.[2] ?? 0), left = Number(p?.[4] ?? 0);
    const clip = (v: number, size: number) => Math.min(size - 1, Math.max(0, v));
    return { r0: clip(out.r0 - top, inShape[1]), r1: clip(out.r1 - top, inShape[1]), c0: clip(out.c0 - left, inShape[2]), c1: clip(out.c1 - left, inShape[2]) };
  }
  const plan = planOperator(graph, k);
  if (plan.kernel === 'conv2d' || plan.kernel === 'depthwise_conv2d') {
    const g = plan.g;
    const [r0, r1] = window(out.r0, out.r1, g.strideH, g.padTop, g.kH, g.dilationH, g.inH);
    const [c0, c1] = window(out.c0, out.c1, g.strideW, g.padLeft, g.kW, g.dilationW, g.inW);
    return { r0, r1, c0, c1 };
  }
  if (plan.kernel === 'average_pool2d' || plan.kernel === 'max_pool2d') {
    const g = plan.g;
    const [r0, r1] = window(out.r0, out.r1, g.strideH, g.padTop, g.filterH, 1, g.inH);
    const [c0, c1] = window(out.c0, out.c1, g.strideW, g.padLeft, g.filterW, 1, g.inW);
    return { r0, r1, c0, c1 };
  }
  throw new Error(`patchStage: ${op.kind} is not a spatially local operator`);
}

function union(a: Region | undefined, b: Region): Region {
  return a === undefined ? b : { r0: Math.min(a.r0, b.r0), r1: Math.max(a.r1, b.r1), c0: Math.min(a.c0, b.c0), c1: Math.max(a.c1, b.c1) };
}

const area = (r: Region) => (r.r1 - r.r0 + 1) * (r.c1 - r.c0 + 1);

/**
 * The one activation tensor operators 0..last hand to the rest of the graph,
 * or null when the prefix cannot run patch by patch: an operator that is not
 * spatially local on NHWC tensors, a graph input read after the stage, or more
 * than one tensor crossing the boundary (a skip connection over it).
 */
export function stageOutput(graph: Graph, last: number): number | null {
  const produced = new Set<number>();
  for (let k = 0; k <= last; k++) {
    const op = graph.operators[k];
    if (!PASS_THROUGH.has(op.kind) && !WINDOWED.has(op.kind) && op.kind !== 'PAD') return null;
    if (op.outputs.length !== 1 || graph.tensors[op.outputs[0]].shape.length !== 4) return null;
    produced.add(op.outputs[0]);
  }
  const crossing = new Set<number>();
  for (let k = last + 1; k < graph.operators.length; k++) {
    for (const t of graph.operators[k].inputs) {
      if (!isActivation(graph, t)) continue;
      if (graph.inputs.includes(t)) return null;
      if (produced.has(t)) crossing.add(t);
    }
  }
  for (const t of graph.outputs) if (produced.has(t)) crossing.add(t);
  return crossing.size === 1 ? [...crossing][0] : null;
}

/**
 * Patch-based inference of operators 0..last (MCUNetV2, Lin et al. 2021):
 * the stage output is cut into grid x grid patches and each patch is computed
 * from its receptive field alone, so the stage's inner tensors only ever hold
 * one patch's region, at the price of recomputing the overlapping halos.
 * Regions are propagated backwards through every operator's window (stride,
 * padding, dilation), a tensor read by several operators taking the union.
 * Returns null when the prefix cannot be patched (see `stageOutput`).
 */
export function patchStage(graph: Graph, last: number, grid: number): PatchStage | null {
  const output = stageOutput(graph, last);
  if (output === null) return null;
  const [, h, w] = graph.tensors[output].shape;
  if (grid < 1 || grid > h || grid > w) return null;
  const patchBytes = new Map<number, number>();
  const work = new Array<number>(last + 1).fill(0);
  const perPatch: Map<number, Region>[] = [];
  for (let i = 0; i < grid; i++) {
    for (let j = 0; j < grid; j++) {
      const regions: Map<number, Region> = new Map([[output, {
        r0: Math.floor((i * h) / grid), r1: Math.floor(((i + 1) * h) / grid) - 1,
        c0: Math.floor((j * w) / grid), c1: Math.floor(((j + 1) * w) / grid) - 1,
      }]]);
      for (let k = last; k >= 0; k--) {
        const op = graph.operators[k];
        const out = regions.get(op.outputs[0]);
        if (out === undefined) continue;
        work[k] += area(out);
        const need = inputRegion(graph, k, out);
        for (const t of op.inputs) if (isActivation(graph, t)) regions.set(t, union(regions.get(t), need));
      }
      perPatch.push(regions);
      for (const [t, r] of regions) {
        if (t === output || graph.inputs.includes(t)) continue;
        const shape = graph.tensors[t].shape;
        const bytes = (area(r) * elementCount(shape)) / (shape[1] * shape[2]) * DTYPE_BYTES[graph.tensors[t].dtype];
        patchBytes.set(t, Math.max(patchBytes.get(t) ?? 0, bytes));
      }
    }
  }
  const recompute = work.map((v, k) => {
    const s = graph.tensors[graph.operators[k].outputs[0]].shape;
    return v === 0 ? 1 : v / (s[1] * s[2]);
  });
  return { lastOperator: last, grid, output, patchBytes, recompute, regions: perPatch };
}
