import type { Graph } from '../../ir/Graph.js';
import { GraphError } from '../../ir/GraphError.js';
import type { KernelPlan } from '../../ir/kernels/KernelPlan.js';
import type { PatchStage, Region } from '../../hwsim/patchStage.js';
import { convGeometryInit, poolParamsInit } from './cStructs.js';

/** Where a tensor's values sit while a patch runs: the rows/columns of the whole tensor its buffer holds. */
interface Placement { r0: number; c0: number; h: number; w: number; channels: number }

/** What the stage emitter needs from code generation. */
export interface PatchStageContext {
  graph: Graph;
  plans: readonly KernelPlan[];
  stage: PatchStage;
  /** Arena offset of every activation tensor's buffer (patch-sized inside the stage). */
  offsetOf: ReadonlyMap<number, number>;
  /** Name of a constant tensor's C array. */
  constant: (t: number) => string;
  /** Declarations collected for model.c (this adds the per-patch geometries). */
  params: string[];
  /** '_simd' or ''. */
  simd: string;
}

const ELEMENTWISE = new Set(['add', 'requantize', 'copy', 'logistic']);

/**
 * C statements running operators 0..stage.lastOperator patch by patch
 * (MCUNetV2): for each patch of the stage output, each operator computes the
 * region of its output the patch needs, from region buffers of its inputs, with
 * the kernels' own geometry shifted to the region (padding only where the
 * region touches the image's border; it may come out negative, which the
 * kernels' signed index arithmetic handles). The last operator writes into the
 * whole stage output row by row. Each operator call is wrapped in the layer
 * hooks, so per-layer counts add up over the patches. Expects the parameters of
 * every stage operator (q{k}, p{k}) to be declared already. Throws
 * GraphError('unsupported') for a stage it cannot emit (an operator other than
 * a convolution, depthwise convolution, pooling or an element-wise one; an
 * output read inside the stage; a batch above 1).
 */
export function emitPatchStage(ctx: PatchStageContext): string {
  const { graph, plans, stage, offsetOf, constant, params, simd } = ctx;
  const last = stage.lastOperator;
  const producer = graph.operators.findIndex((op) => op.outputs.includes(stage.output));
  const readInside = graph.operators.slice(0, last + 1).some((op) => op.inputs.includes(stage.output));
  if (producer !== last || readInside) throw new GraphError('unsupported', `patch stage 0..${last}: its output must come from its last operator and be read after it only`);
  const shape = (t: number) => graph.tensors[t].shape;
  for (let k = 0; k <= last; k++) {
    const p = plans[k];
    if (!['conv2d', 'depthwise_conv2d', 'average_pool2d', 'max_pool2d'].includes(p.kernel) && !ELEMENTWISE.has(p.kernel)) {
      throw new GraphError('unsupported', `patch stage 0..${last}: operator ${k} (${graph.operators[k].kind}) has no patch-wise C`);
    }
    if (shape(graph.operators[k].outputs[0])[0] !== 1) throw new GraphError('unsupported', `patch stage 0..${last}: operator ${k} has a batch above 1`);
  }
  const lines: string[] = [];
  stage.regions.forEach((regions, patch) => {
    lines.push(`  /* patch ${patch + 1} of ${stage.regions.length} */`);
    const placement = (t: number): Placement => {
      const [, h, w, channels] = shape(t);
      if (t === stage.output || graph.inputs.includes(t)) return { r0: 0, c0: 0, h, w, channels };
      const r = regions.get(t) as Region;
      return { r0: r.r0, c0: r.c0, h: r.r1 - r.r0 + 1, w: r.c1 - r.c0 + 1, channels };
    };
    const at = (t: number) => `(arena + ${offsetOf.get(t)})`;
    for (let k = 0; k <= last; k++) {
      const plan = plans[k];
      const out = graph.operators[k].outputs[0];
      const region = regions.get(out);
      if (region === undefined) continue;
      const rows = region.r1 - region.r0 + 1, cols = region.c1 - region.c0 + 1;
      const o = placement(out);
      const whole = out === stage.output;
      // Byte offset of output row y of the region in the output's buffer.
      const outRow = () => `${at(out)} + ${((region.r0 - o.r0) * o.w + (region.c0 - o.c0)) * o.channels} + y * ${o.w * o.channels}`;
      let call: string;
      if (plan.kernel === 'conv2d' || plan.kernel === 'depthwise_conv2d' || plan.kernel === 'average_pool2d' || plan.kernel === 'max_pool2d') {
        const i = placement(plan.input);
        const g = plan.g;
        const padTop = i.r0 + g.padTop - region.r0 * g.strideH, padLeft = i.c0 + g.padLeft - region.c0 * g.strideW;
        const name = `p${k}_${patch}`;
        const isConv = plan.kernel === 'conv2d' || plan.kernel === 'depthwise_conv2d';
        const resized = { inH: i.h, inW: i.w, outH: whole ? 1 : rows, outW: cols, padTop, padLeft };
        if (plan.kernel === 'conv2d' || plan.kernel === 'depthwise_conv2d') params.push(`static const tinyml_conv_geometry ${name} = ${convGeometryInit({ ...plan.g, ...resized })};\n`);
        else {
          const pool = plan as Extract<KernelPlan, { kernel: 'average_pool2d' | 'max_pool2d' }>;
          params.push(`static const tinyml_pool_params ${name} = ${poolParamsInit({ ...pool.g, ...resized }, pool.actMin, pool.actMax)};\n`);
        }
        const type = isConv ? 'tinyml_conv_geometry' : 'tinyml_pool_params';
        const invoke = (geom: string, dst: string) => {
          if (plan.kernel === 'conv2d' || plan.kernel === 'depthwise_conv2d') {
            const scratch = plan.kernel === 'conv2d' && simd !== '' ? ', (int16_t *)scratch' : '';
            return `tinyml_${plan.kernel}_s8${simd}(${geom}, &q${k}, ${at(plan.input)}, ${constant(plan.filter)}, ${constant(plan.bias)}, ${dst}${scratch});`;
          }
          return `tinyml_${plan.kernel}_s8${plan.kernel === 'average_pool2d' ? simd : ''}(${geom}, ${at(plan.input)}, ${dst});`;
        };
        // Into the whole stage output one row at a time: each row of the patch is contiguous there.
        call = whole
          ? `  { ${type} g = ${name};\n    for (int32_t y = 0; y < ${rows}; y++) { g.pad_top = ${padTop} - y * ${g.strideH}; ${invoke('&g', outRow())} } }`
          : `  ${invoke(`&${name}`, at(out))}`;
      } else {
        // Element-wise: row by row, each operand at its own buffer's place for the row.
        const operand = (t: number) => { const q = placement(t); return `${at(t)} + ${((region.r0 - q.r0) * q.w + (region.c0 - q.c0)) * q.channels} + y * ${q.w * q.channels}`; };
        const n = cols * o.channels;
        const body = plan.kernel === 'add' ? `tinyml_add_s8${simd}(&p${k}, ${n}, ${operand(plan.input1)}, ${operand(plan.input2)}, ${outRow()});`
          : plan.kernel === 'copy' ? `tinyml_copy(${operand(plan.input)}, ${outRow()}, ${n});`
          : `tinyml_${plan.kernel}_s8(&p${k}, ${n}, ${operand((plan as { input: number }).input)}, ${outRow()});`;
        call = `  for (int32_t y = 0; y < ${rows}; y++) { ${body} }`;
      }
      lines.push(`  hook(${k}, 0);\n${call}\n  hook(${k}, 1);`);
    }
  });
  return lines.join('\n');
}
