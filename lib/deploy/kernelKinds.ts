import { operatorMacs } from '../ir/countMacs.js';
import type { Graph } from '../ir/Graph.js';
import { planOperator } from '../ir/kernels/prepareOperator.js';

/**
 * The kernel families whose cost per MAC differs, as the generated C sees
 * them: `conv 1x1` (unpadded pointwise, no im2col indexing), `conv` (any other
 * CONV_2D, through im2col), `depthwise 3x3` (3x3, depth multiplier 1,
 * dilation 1: the unrolled fast path), `depthwise` (other shapes),
 * `fully connected`; any other operator is its TFLite name. Shapes decide it,
 * not the kernel set, so reference and SIMD counts line up.
 */
export function kernelKind(graph: Graph, index: number): string {
  const p = planOperator(graph, index);
  if (p.kernel === 'conv2d') return p.g.kH === 1 && p.g.kW === 1 && p.g.padTop === 0 && p.g.padLeft === 0 ? 'conv 1x1' : 'conv';
  if (p.kernel === 'depthwise_conv2d') {
    return p.g.kH === 3 && p.g.kW === 3 && p.g.outC === p.g.inC && p.g.dilationH === 1 && p.g.dilationW === 1 ? 'depthwise 3x3' : 'depthwise';
  }
  if (p.kernel === 'fully_connected') return 'fully connected';
  return graph.operators[index].kind;
}

/** Per kernel kind with MACs: total MACs and total count (instructions or ns), in first-seen order. */
export interface KindTotal {
  kind: string;
  macs: number;
  count: number;
}

/**
 * Sum per-layer counts (one per operator, e.g. QEMU instructions) by kernel
 * kind, over the operators that do MACs, or over every operator with
 * `everyOperator` (ADD, pooling and the rest too, for comparisons between
 * engines).
 */
export function countsByKernelKind(graph: Graph, layerCounts: readonly number[], everyOperator = false): KindTotal[] {
  const byKind = new Map<string, KindTotal>();
  graph.operators.forEach((_, k) => {
    const macs = operatorMacs(graph, k);
    if (macs === 0 && !everyOperator) return;
    const kind = kernelKind(graph, k);
    const t = byKind.get(kind) ?? { kind, macs: 0, count: 0 };
    t.macs += macs;
    t.count += layerCounts[k] ?? 0;
    byKind.set(kind, t);
  });
  return [...byKind.values()];
}
