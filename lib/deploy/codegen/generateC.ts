import type { Graph, TensorData } from '../../ir/Graph.js';
import { elementCount } from '../../ir/Graph.js';
import { DTYPE_BYTES } from '../../ir/dtypeBytes.js';
import { GraphError } from '../../ir/GraphError.js';
import type { KernelPlan } from '../../ir/kernels/KernelPlan.js';
import { planOperator } from '../../ir/kernels/prepareOperator.js';
import { SIGMOID_TABLE_UINT16 } from '../../ir/kernels/sigmoid16.js';
import type { LstmParams } from '../../ir/kernels/sequenceLstm.js';
import { validateGraph } from '../../ir/validateGraph.js';
import type { MemoryPlan, Planner } from '../../hwsim/planMemory.js';
import { planMemory } from '../../hwsim/planMemory.js';
import { addParamsInit, convGeometryInit, poolParamsInit } from './cStructs.js';
import { packedIo, packedOffsets } from './packedIo.js';
import type { CmsisNnNeeds } from './emitCmsisNnCall.js';
import { emitCmsisNnCall } from './emitCmsisNnCall.js';
import { emitPatchStage } from './emitPatchStage.js';
import type { ArenaPlan } from './planArena.js';

/** The generated model source: file name -> contents, plus the facts a harness needs. */
export interface GeneratedModel {
  files: Record<string, string>;
  arena: ArenaPlan;
  inputBytes: number;
  outputBytes: number;
  /** Bytes of constant data (weights, biases, multipliers) placed in flash. */
  constantBytes: number;
  /** One label per operator, e.g. "3 DEPTHWISE_CONV_2D". */
  layers: string[];
  /** Which kernel set the calls go to. */
  kernels: KernelSet;
  /**
   * Bytes of the one static scratch buffer (RAM): the SIMD conv / fully connected
   * kernels' int16 columns and the in-place depthwise kernels' one-channel
   * temporary share it, since no two layers run at once; 0 when nothing needs it.
   */
  scratchBytes: number;
  /** The arena planner asked for. */
  planner: CodegenPlanner;
  /** Depthwise layers generated in place (operator indices). */
  inPlaceLayers: number[];
  /** The patch-based first stage generated (operators 0..lastOperator on a grid x grid split), or null. */
  patch: { lastOperator: number; grid: number } | null;
  /** Why the planner asked for changed nothing or fell back to the greedy layout; null when it applied. */
  planNote: string | null;
}

/**
 * Arena planners code generation implements, all of lib/hwsim/planMemory's:
 * the layout, arena size and scratch equal hwsim's plan for the same planner
 * byte for byte.
 */
export type CodegenPlanner = Planner;
export const CODEGEN_PLANNERS: readonly CodegenPlanner[] = ['linear', 'greedy', 'inplace-depthwise', 'patch', 'patch-inplace'];

/**
 * Kernel sets: `reference` is the scalar C that mirrors lib/ir/kernels;
 * `simd` calls the Armv7E-M DSP kernels for CONV_2D, DEPTHWISE_CONV_2D and
 * FULLY_CONNECTED, and faster ADD and AVERAGE_POOL_2D (bit-exact with the reference, emulated in
 * C off Arm);
 * `cmsis-nn` calls Arm's CMSIS-NN s8 functions (the kernels TensorFlow Lite
 * Micro uses on Cortex-M) for convolutions, depthwise convolutions, fully
 * connected layers, ADD, pooling and softmax, and the reference kernels for
 * the rest; it needs CMSIS-NN's sources (see cmsisNnLibrary).
 */
export type KernelSet = 'reference' | 'simd' | 'cmsis-nn';
export const KERNEL_SETS: readonly KernelSet[] = ['reference', 'simd', 'cmsis-nn'];

/** int16 scratch elements the SIMD conv / FC kernels need for a dot product of kLen terms (TINYML_SIMD_SCRATCH_ELEMENTS in C). */
export function simdScratchElements(kLen: number): number {
  return 2 * Math.ceil(kLen / 4) * 4;
}

function cArray(type: string, name: string, values: ArrayLike<number>): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; i += 24) parts.push('  ' + Array.from({ length: Math.min(24, values.length - i) }, (_, k) => String(values[i + k])).join(', '));
  return `static const ${type} ${name}[${Math.max(1, values.length)}] __attribute__((aligned(16))) = {\n${values.length === 0 ? '  0' : parts.join(',\n')}\n};\n`;
}

function cIdentifier(s: string): string {
  return s.replace(/[^A-Za-z0-9]+/g, '_').slice(0, 40);
}

/**
 * Generate the C99 source of an int8 graph: every constant as a const array
 * (flash), one static arena laid out by hwsim's `planMemory` for `planner`, each operator's
 * parameters as a const struct computed by the same prepare step the
 * interpreter uses (`planOperator`), and `model_invoke(in, out)` calling one
 * kernel per operator between two layer hooks (from the `kernels` set; `simd`
 * and in-place depthwise layers share one static scratch buffer). The graph's inputs and outputs
 * must be int8; several of them are packed one after another (packedIo); operators without a C kernel raise
 * GraphError('unsupported') naming the operator.
 */
export function generateC(graph: Graph, kernels: KernelSet = 'reference', planner: CodegenPlanner = 'greedy'): GeneratedModel {
  if (!(CODEGEN_PLANNERS as readonly string[]).includes(planner)) {
    throw new GraphError('unsupported', `the ${planner} planner is not generated in C; use one of ${CODEGEN_PLANNERS.join(', ')}`);
  }
  validateGraph(graph);
  const io = [...graph.inputs, ...graph.outputs].map((t) => graph.tensors[t]);
  for (const t of io) {
    if (t.dtype !== 'int8') throw new GraphError('unsupported', `${graph.name}: ${t.name} is ${t.dtype}; generated C takes int8 inputs and outputs (convert with io: 'int8')`);
  }
  const sizes = packedIo(graph);
  const plans = graph.operators.map((_, k) => planOperator(graph, k));
  let plan = planMemory(graph, planner);
  let planNote: string | null = null;
  if (planner === 'inplace-depthwise' && plan.inPlaceOperators.length === 0) planNote = `${graph.name} has no stride-1 depthwise layer with depth multiplier 1 whose input dies there: nothing runs in place, and the layout is greedy's`;
  if ((planner === 'patch' || planner === 'patch-inplace') && plan.patch === null) planNote = `no prefix of ${graph.name} runs patch by patch in a smaller arena: the layout is ${plan.inPlaceOperators.length > 0 ? 'in-place depthwise' : 'greedy'}'s`;
  let body: ReturnType<typeof emitBody>;
  try {
    body = emitBody(graph, plans, plan, kernels);
  } catch (e) {
    if (!(e instanceof GraphError) || plan.patch === null) throw e;
    // A stage hwsim can price but the emitter cannot write: say so, and generate the greedy layout.
    const fallback = planner === 'patch-inplace' ? 'inplace-depthwise' : 'greedy';
    planNote = `${e.message}; the layout is ${fallback}'s`;
    plan = planMemory(graph, fallback);
    body = emitBody(graph, plans, plan, kernels);
  }
  const arena: ArenaPlan = { buffers: plan.buffers, bytes: plan.arenaBytes };
  const { calls, stage, params, consts, cmsis } = body;
  const constantBytes = body.constantBytes;
  const inPlaceLayers = plan.inPlaceOperators;
  // One buffer serves both: int16 SIMD columns and the in-place one-channel temporary (plan.scratchBytes).
  const scratchBytes = Math.max(kernels === 'simd' ? 2 * Math.max(0, ...plans.map(scratchOf)) : 0, plan.scratchBytes, cmsis.scratchBytes);
  const act = (t: number): string => {
    const b = plan.buffers.find((x) => x.tensor === t);
    if (b === undefined) throw new GraphError('invalid', `${graph.name}: tensor ${graph.tensors[t].name} has no place in the arena`);
    return `(arena + ${b.offset})`;
  };
  const first = plan.patch === null ? 0 : plan.patch.lastOperator + 1;
  const layers = graph.operators.map((op, k) => `${k} ${op.kind}`);
  // Variable tensors keep their place in the arena for the whole inference, so they carry over; they start at their zero point (int8) or 0, as TFLM resets them.
  const resets = graph.tensors.flatMap((t, i) => t.variable === true
    ? [`  tinyml_fill(${act(i)}, ${t.dtype === 'int8' ? t.quantization?.zeroPoint[0] ?? 0 : 0}, ${elementCount(t.shape) * DTYPE_BYTES[t.dtype]});`] : []);
  const inputBytes = sizes.inputs.reduce((a, b) => a + b, 0), outputBytes = sizes.outputs.reduce((a, b) => a + b, 0);
  const describe = (ts: readonly number[]) => ts.map((t) => `int8 [${graph.tensors[t].shape.join(', ')}]`).join(', then ');
  // Several inputs (outputs) travel one after another in one buffer, in the graph's order.
  const inAt = packedOffsets(sizes.inputs), outAt = packedOffsets(sizes.outputs);
  const copyIn = graph.inputs.map((t, j) => `  tinyml_copy(in + ${inAt[j]}, ${act(t)}, ${sizes.inputs[j]});`).join('\n');
  const copyOut = graph.outputs.map((t, j) => `  tinyml_copy(${act(t)}, out + ${outAt[j]}, ${sizes.outputs[j]});`).join('\n');

  const header = `/* Generated by TinyML.ts from ${graph.name.replace(/\*\//g, '* /')}. Do not edit. */
#ifndef MODEL_H
#define MODEL_H
#include <stdint.h>

#define MODEL_INPUTS ${graph.inputs.length}
#define MODEL_OUTPUTS ${graph.outputs.length}
/* All inputs (outputs) together, one after another. */
#define MODEL_INPUT_BYTES ${inputBytes}
#define MODEL_OUTPUT_BYTES ${outputBytes}
#define MODEL_ARENA_BYTES ${arena.bytes}
#define MODEL_LAYERS ${plans.length}

/* Called before (phase 0) and after (phase 1) every layer; set it to time layers. */
typedef void (*model_layer_hook)(int32_t layer, int32_t phase);
extern model_layer_hook model_hook;
extern const char *const model_layer_names[MODEL_LAYERS];

/* One inference: in is ${describe(graph.inputs)}; out is ${describe(graph.outputs)}. */
void model_invoke(const int8_t *in, int8_t *out);
/* Start the model's memory (an SVDF's state) afresh; done before the first inference, and a no-op without one. */
void model_reset(void);

#ifdef TINYML_DUMP
/* Built with -DTINYML_DUMP: layer's output tensor in the arena (int8, NHWC) and its bytes; 0 for a layer whose output is never whole (inside a patch stage). */
int32_t model_layer_output(int32_t layer, const int8_t **data);
#endif
#endif
`;
  const source = `/* Generated by TinyML.ts from ${graph.name.replace(/\*\//g, '* /')}. Do not edit. */
#include <stddef.h>
#include "model.h"
#include "tinyml_kernels.h"
${kernels === 'simd' ? '#include "tinyml_kernels_simd.h"\n' : ''}${kernels === 'cmsis-nn' ? '#include "arm_nnfunctions.h"\n' : ''}
static int8_t arena[MODEL_ARENA_BYTES] __attribute__((aligned(16)));
${scratchBytes > 0 ? `/* Shared by all layers: two widened int16 columns for the SIMD conv / fully connected kernels, or one channel of an in-place depthwise layer. */\nstatic int8_t scratch[${scratchBytes}] __attribute__((aligned(4)));\n` : ''}
model_layer_hook model_hook = NULL;
const char *const model_layer_names[MODEL_LAYERS] = {
${layers.map((l) => `  "${l}"`).join(',\n')}
};

${consts.join('\n')}
${params.join('\n')}
static inline void hook(int32_t layer, int32_t phase) {
  if (model_hook) model_hook(layer, phase);
}
${kernels === 'cmsis-nn' ? `
/* CMSIS-NN's scratch (shared by all layers) and an empty context for the functions that need none. */
static __attribute__((unused)) cmsis_nn_context ctx = { ${scratchBytes > 0 ? 'scratch, sizeof scratch' : 'NULL, 0'} };
static const __attribute__((unused)) cmsis_nn_context no_ctx = { NULL, 0 };

/* Once, before the first inference (as TFLite Micro's Prepare): every layer's buffer must fit the scratch. */
static void cmsis_prepare(void) {
  static int done;
  if (done) return;
${cmsis.prepare.join('\n')}
  done = 1;
}
` : ''}
${dumpTable(graph, plan)}
void model_reset(void) {
${resets.join('\n')}
}

void model_invoke(const int8_t *in, int8_t *out) {
${resets.length > 0 ? '  static int started;\n  if (!started) { model_reset(); started = 1; }\n' : ''}${kernels === 'cmsis-nn' ? '  cmsis_prepare();\n' : ''}${copyIn}
${stage === null ? '' : `${stage}\n`}${calls.slice(first).map((c, i) => `  hook(${first + i}, 0);\n${c}\n  hook(${first + i}, 1);`).join('\n')}
${copyOut}
}
`;
  return { files: { 'model.h': header, 'model.c': source }, arena, inputBytes, outputBytes, constantBytes, layers, kernels, scratchBytes, planner, inPlaceLayers,
    patch: plan.patch === null ? null : { lastOperator: plan.patch.lastOperator, grid: plan.patch.grid }, planNote };
}

/**
 * The declarations and the statements of model.c for one layout: constants,
 * parameters, one call per operator (with the stage's patch-by-patch code
 * replacing operators 0..lastOperator when the plan has a patch stage).
 */
function emitBody(graph: Graph, plans: readonly KernelPlan[], plan: MemoryPlan, kernels: KernelSet): { calls: string[]; stage: string | null; params: string[]; consts: string[]; constantBytes: number; cmsis: CmsisNnNeeds } {
  const offsetOf = new Map(plan.buffers.map((b) => [b.tensor, b.offset]));
  const consts: string[] = [];
  let constantBytes = 0;
  const constName = new Map<number, string>();
  const constant = (t: number): string => {
    if (t < 0) return 'NULL';
    const existing = constName.get(t);
    if (existing !== undefined) return existing;
    const spec = graph.tensors[t];
    const data = spec.data as TensorData;
    const name = `c${t}_${cIdentifier(spec.name)}`;
    if (data instanceof Int8Array) { consts.push(cArray('int8_t', name, data)); constantBytes += data.length; }
    else if (data instanceof Int32Array) { consts.push(cArray('int32_t', name, data)); constantBytes += 4 * data.length; }
    else if (data instanceof Int16Array) { consts.push(cArray('int16_t', name, data)); constantBytes += 2 * data.length; }
    else throw new GraphError('unsupported', `${graph.name}: constant ${spec.name} is ${spec.dtype}; generated C holds int8, int16 and int32 constants`);
    constName.set(t, name);
    return name;
  };
  // A constant operand (MUL by a constant scale, say) is read from its flash array.
  const act = (t: number): string => {
    const off = offsetOf.get(t);
    if (off === undefined) {
      if (graph.tensors[t].data !== undefined) return constant(t);
      throw new GraphError('invalid', `${graph.name}: tensor ${graph.tensors[t].name} has no place in the arena`);
    }
    return `(arena + ${off})`;
  };
  const params: string[] = [];
  const cmsis: CmsisNnNeeds = { scratchBytes: 0, prepare: [] };
  const flash = (n: number) => { constantBytes += n; };
  if (plan.patch !== null && kernels === 'cmsis-nn') throw new GraphError('unsupported', 'the cmsis-nn kernels are not generated patch by patch');
  const last = plan.patch === null ? -1 : plan.patch.lastOperator;
  const calls = plans.map((p, k) => {
    // In-place layers keep the course's kernel; CMSIS-NN writes outputs apart from inputs.
    const viaCmsis = kernels === 'cmsis-nn' && !plan.inPlaceOperators.includes(k) ? emitCmsisNnCall(p, k, act, constant, params, flash, cmsis) : null;
    return viaCmsis ?? emitCall(p, k, act, constant, params, flash, kernels, plan.inPlaceOperators.includes(k), k <= last);
  });
  if (plan.patch === null) return { calls, stage: null, params, consts, constantBytes, cmsis };
  const stage = emitPatchStage({ graph, plans, stage: plan.patch, offsetOf, constant, params, simd: kernels === 'simd' ? '_simd' : '' });
  return { calls, stage, params, consts, constantBytes, cmsis };
}

/**
 * The dump table (compiled with -DTINYML_DUMP only): where each layer's output
 * lies in the arena. Layers inside a patch stage hold one patch at a time and
 * are left out; the stage's last layer is dumped after every patch, the last
 * dump being the whole tensor.
 */
function dumpTable(graph: Graph, plan: MemoryPlan): string {
  const offsets = new Map(plan.buffers.map((b) => [b.tensor, b.offset]));
  const stageInner = plan.patch === null ? -1 : plan.patch.lastOperator - 1;
  const rows = graph.operators.map((op, k) => {
    const t = op.outputs[0];
    const off = offsets.get(t);
    return k <= stageInner || off === undefined ? '{ 0, 0 }' : `{ ${off}, ${elementCount(graph.tensors[t].shape) * DTYPE_BYTES[graph.tensors[t].dtype]} }`;
  });
  return `#ifdef TINYML_DUMP
/* Per layer: its output's offset in the arena and its bytes (0: not dumpable). */
static const int32_t layer_output[MODEL_LAYERS][2] = {
${rows.map((r) => `  ${r}`).join(',\n')}
};
int32_t model_layer_output(int32_t layer, const int8_t **data) {
  *data = arena + layer_output[layer][0];
  return layer_output[layer][1];
}
#endif
`;
}

function scratchOf(p: KernelPlan): number {
  if (p.kernel === 'conv2d') return simdScratchElements(p.g.kH * p.g.kW * p.g.inC);
  if (p.kernel === 'fully_connected') return simdScratchElements(p.g.inDepth);
  return 0;
}

/**
 * The course's kernel call for operator k (reference or SIMD; the reference for
 * what the cmsis-nn set leaves to it), its parameter structs pushed to `params`.
 * `inPlace`: the depthwise layer overwrites its input. `patched`: the operator
 * runs inside a patch stage, which calls it with its own geometries, so only
 * its requantization is declared here and the call is empty.
 */
function emitCall(
  p: KernelPlan, k: number, act: (t: number) => string, constant: (t: number) => string, params: string[], flash: (bytes: number) => void, kernels: KernelSet, inPlace: boolean,
  patched: boolean,
): string {
  const simd = kernels === 'simd' ? '_simd' : '';
  const scratch = kernels === 'simd' ? ', (int16_t *)scratch' : '';
  const struct = (type: string, body: string): string => {
    params.push(`static const ${type} p${k} = ${body};\n`);
    return `&p${k}`;
  };
  switch (p.kernel) {
    case 'conv2d': case 'depthwise_conv2d': case 'fully_connected': {
      params.push(cArray('int32_t', `m${k}`, p.q.multipliers), cArray('int32_t', `s${k}`, p.q.shifts));
      flash(8 * p.q.multipliers.length);
      params.push(`static const tinyml_requant q${k} = { ${p.q.inputOffset}, ${p.q.outputOffset}, ${p.q.actMin}, ${p.q.actMax}, ${p.q.multipliers.length}, m${k}, s${k} };\n`);
      if (p.kernel === 'fully_connected') {
        const g = struct('tinyml_fc_geometry', `{ ${p.g.batch}, ${p.g.inDepth}, ${p.g.outDepth}, ${p.weightOffset} }`);
        return `  tinyml_fully_connected_s8${simd}(${g}, &q${k}, ${act(p.input)}, ${constant(p.weights)}, ${constant(p.bias)}, ${act(p.output)}${scratch});`;
      }
      // Inside a patch stage the operator runs with per-patch geometries (emitPatchStage); only its requantization is shared.
      if (patched) return '';
      const g = p.g;
      const geom = struct('tinyml_conv_geometry', convGeometryInit(g));
      if (inPlace) return `  tinyml_depthwise_conv2d_inplace_s8(${geom}, &q${k}, ${act(p.input)}, ${constant(p.filter)}, ${constant(p.bias)}, scratch);`;
      return `  tinyml_${p.kernel}_s8${simd}(${geom}, &q${k}, ${act(p.input)}, ${constant(p.filter)}, ${constant(p.bias)}, ${act(p.output)}${p.kernel === 'conv2d' ? scratch : ''});`;
    }
    case 'average_pool2d': case 'max_pool2d': {
      if (patched) return '';
      const s = struct('tinyml_pool_params', poolParamsInit(p.g, p.actMin, p.actMax));
      return `  tinyml_${p.kernel}_s8${p.kernel === 'average_pool2d' ? simd : ''}(${s}, ${act(p.input)}, ${act(p.output)});`;
    }
    case 'add': {
      const s = struct('tinyml_add_params', addParamsInit(p.p));
      return `  tinyml_add_s8${simd}(${s}, ${p.count}, ${act(p.input1)}, ${act(p.input2)}, ${act(p.output)});`;
    }
    case 'transpose_conv': {
      params.push(cArray('int32_t', `m${k}`, p.q.multipliers), cArray('int32_t', `s${k}`, p.q.shifts));
      flash(8 * p.q.multipliers.length);
      params.push(`static const tinyml_requant q${k} = { ${p.q.inputOffset}, ${p.q.outputOffset}, ${p.q.actMin}, ${p.q.actMax}, ${p.q.multipliers.length}, m${k}, s${k} };\n`);
      const geom = struct('tinyml_conv_geometry', convGeometryInit(p.g));
      return `  tinyml_transpose_conv_s8(${geom}, &q${k}, ${act(p.input)}, ${constant(p.filter)}, ${constant(p.bias)}, ${act(p.output)});`;
    }
    case 'batch_matmul': {
      // Each output batch's first lhs and rhs element, broadcasting precomputed on the host.
      const g = p.g, q = p.q;
      params.push(cArray('int32_t', `l${k}`, g.lhsOffsets), cArray('int32_t', `r${k}`, g.rhsOffsets));
      flash(8 * g.lhsOffsets.length);
      const s = struct('tinyml_batch_matmul_params', `{ ${[g.lhsOffsets.length, g.rows, g.cols, g.depth, g.lhsRowStride, g.lhsDepthStride, g.rhsColStride, g.rhsDepthStride].join(', ')}, l${k}, r${k}, ${[q.lhsOffset, q.rhsOffset, q.outputOffset, q.multiplier, q.shift].join(', ')} }`);
      return `  tinyml_batch_matmul_s8(${s}, ${act(p.lhs)}, ${act(p.rhs)}, ${act(p.output)});`;
    }
    case 'lstm': {
      const g = p.g, q = p.p;
      // The int16 sigmoid table, made by sigmoid16 from its definition, in flash beside the layer.
      params.push(cArray('uint16_t', `sig${k}`, SIGMOID_TABLE_UINT16));
      flash(2 * SIGMOID_TABLE_UINT16.length);
      const per = (f: (gate: LstmParams['gates'][number]) => number) => `{ ${q.gates.map(f).join(', ')} }`;
      const s = struct('tinyml_lstm_params', `{ ${[g.batch, g.time, g.inputs, g.units, g.timeMajor ? 1 : 0, q.inputOffset, q.hiddenOffset, q.outputMul.outputOffset,
        q.forgetMul.outputMultiplier, q.forgetMul.outputShift, q.inputMul.outputMultiplier, q.inputMul.outputShift, q.outputMul.outputMultiplier, q.outputMul.outputShift,
        q.cellClip ?? -1, q.cellTanh.multiplier, q.cellTanh.shift].join(', ')}, ${per((x) => x.weightOffset)}, ${per((x) => x.recurrentOffset)}, ${per((x) => x.inMultiplier)}, ${per((x) => x.inShift)}, ${per((x) => x.recMultiplier)}, ${per((x) => x.recShift)}, { ${p.weights.map(constant).join(', ')} }, { ${p.recurrent.map(constant).join(', ')} }, { ${p.bias.map(constant).join(', ')} }, sig${k} }`);
      return `  tinyml_lstm_s8(${s}, ${act(p.input)}, ${act(p.hidden)}, (int16_t *)${act(p.cell)}, ${act(p.output)});`;
    }
    case 'svdf': {
      const g = p.g, q = p.p;
      const s = struct('tinyml_svdf_params', `{ ${[g.batch, g.inputSize, g.filters, g.memory, g.rank, g.units, q.inputZeroPoint, q.stateZeroPoint, q.outputZeroPoint, q.featureMultiplier, q.featureShift, q.outputMultiplier, q.outputShift].join(', ')} }`);
      const t = p.stateBits === 16 ? 'int16_t' : 'int8_t';
      return `  tinyml_svdf_s8_s${p.stateBits}(${s}, ${act(p.input)}, ${constant(p.feature)}, ${constant(p.time)}, ${constant(p.bias)}, (${t} *)${act(p.state)}, ${act(p.output)});`;
    }
    case 'hard_swish': {
      const h = p.p;
      const s = struct('tinyml_hard_swish_params', `{ ${[h.inputZeroPoint, h.outputZeroPoint, h.reluishMultiplier, h.reluishExponent, h.outputMultiplier, h.outputExponent].join(', ')} }`);
      return `  tinyml_hard_swish_s8(${s}, ${p.count}, ${act(p.input)}, ${act(p.output)});`;
    }
    case 'resize_bilinear': {
      // Source indices and weights come precomputed, as TFLite's fixed-point arithmetic gives them.
      const g = p.g;
      for (const [name, v] of [['ry0', g.rows.lower], ['ry1', g.rows.upper], ['ryf', g.rows.fraction], ['rx0', g.cols.lower], ['rx1', g.cols.upper], ['rxf', g.cols.fraction]] as const) params.push(cArray('int32_t', `${name}_${k}`, v));
      flash(12 * (g.rows.lower.length + g.cols.lower.length));
      const s = struct('tinyml_resize_bilinear_params', `{ ${[g.batch, g.inH, g.inW, g.channels, g.rows.lower.length, g.cols.lower.length].join(', ')}, ry0_${k}, ry1_${k}, ryf_${k}, rx0_${k}, rx1_${k}, rxf_${k} }`);
      return `  tinyml_resize_bilinear_s8(${s}, ${act(p.input)}, ${act(p.output)});`;
    }
    case 'binary': {
      const strides = p.broadcast === null ? 'NULL' : `&b${k}`;
      if (p.broadcast !== null) {
        const b = p.broadcast;
        params.push(`static const tinyml_strides6 b${k} = { { ${b.shape.join(', ')} }, { ${b.strides1.join(', ')} }, { ${b.strides2.join(', ')} } };\n`);
      }
      const operands = `${p.count}, ${act(p.input1)}, ${act(p.input2)}, ${act(p.output)}`;
      switch (p.op) {
        case 'maximum': case 'minimum':
          return `  tinyml_${p.op}_s8(${strides}, ${operands});`;
        case 'mul': {
          const m = p.p;
          const s = struct('tinyml_mul_params', `{ ${[m.input1Offset, m.input2Offset, m.outputOffset, m.outputMultiplier, m.outputShift, m.actMin, m.actMax].join(', ')} }`);
          return `  tinyml_mul_s8(${s}, ${strides}, ${operands});`;
        }
        case 'add': case 'sub': case 'squared_difference':
          return `  tinyml_${p.op === 'add' ? 'add_broadcast' : p.op}_s8(${struct('tinyml_add_params', addParamsInit(p.p))}, ${strides}, ${operands});`;
        case 'prelu': {
          const r = p.p;
          const s = struct('tinyml_prelu_params', `{ ${[r.inputOffset, r.alphaOffset, r.outputOffset, r.identityMultiplier, r.identityShift, r.alphaMultiplier, r.alphaShift].join(', ')} }`);
          return `  tinyml_prelu_s8(${s}, ${strides}, ${operands});`;
        }
      }
    }
    case 'leaky_relu': {
      const l = p.p;
      const s = struct('tinyml_leaky_relu_params', `{ ${[l.inputZeroPoint, l.outputZeroPoint, l.alphaMultiplier, l.alphaShift, l.alphaNegative ? 1 : 0, l.identityMultiplier, l.identityShift].join(', ')} }`);
      return `  tinyml_leaky_relu_s8(${s}, ${p.count}, ${act(p.input)}, ${act(p.output)});`;
    }
    case 'gather': {
      // Constant indices only (a runtime index tensor has no C kernel: planOperator refuses it).
      const g = p.g;
      const s = struct('tinyml_gather_params', `{ ${[g.batch, g.outer, g.axisSize, g.inner, g.coords].join(', ')}, ${constant(p.indices)} }`);
      return `  tinyml_gather_s8(${s}, ${act(p.input)}, ${act(p.output)});`;
    }
    case 'resize_nearest': {
      // The source rows and columns come precomputed (float32 arithmetic on the host), so the C needs no floating point.
      params.push(cArray('int32_t', `r${k}`, p.rows), cArray('int32_t', `x${k}`, p.cols));
      flash(4 * (p.rows.length + p.cols.length));
      const s = struct('tinyml_resize_params', `{ ${[p.batch, p.inH, p.inW, p.channels, p.rows.length, p.cols.length].join(', ')}, r${k}, x${k} }`);
      return `  tinyml_resize_nearest_s8(${s}, ${act(p.input)}, ${act(p.output)});`;
    }
    case 'strided_copy':
      // One strided read per output (TRANSPOSE, the slices, each piece of a split).
      return p.parts.map((part, j) => {
        const b = part.strides;
        params.push(`static const tinyml_strides6 p${k}_${j} = { { ${b.shape.join(', ')} }, { ${b.strides1.join(', ')} }, { ${b.strides2.join(', ')} } };\n`);
        return `  tinyml_strided_copy_s8(&p${k}_${j}, ${act(p.input)} + ${part.base}, ${act(part.output)});`;
      }).join('\n');
    case 'concatenation': {
      // Block by block: for each outer index, each input's block in turn.
      const lines: string[] = [];
      const outerStride = p.blockSizes.reduce((a, b) => a + b, 0);
      lines.push(`  for (int32_t o = 0; o < ${p.outer}; o++) {`);
      let at = 0;
      p.inputs.forEach((t, j) => {
        lines.push(`    tinyml_copy(${act(t)} + o * ${p.blockSizes[j]}, ${act(p.output)} + o * ${outerStride} + ${at}, ${p.blockSizes[j]});`);
        at += p.blockSizes[j];
      });
      lines.push('  }');
      return lines.join('\n');
    }
    case 'softmax': {
      const s = struct('tinyml_softmax_params', `{ ${p.p.inputMultiplier}, ${p.p.inputLeftShift}, ${p.p.diffMin} }`);
      return `  tinyml_softmax_s8(${s}, ${p.rows}, ${p.depth}, ${act(p.input)}, ${act(p.output)});`;
    }
    case 'log_softmax': {
      const l = p.p;
      const s = struct('tinyml_log_softmax_params', `{ ${[l.inputMultiplier, l.inputLeftShift, l.reverseScalingDivisor, l.reverseScalingShift, l.diffMin].join(', ')} }`);
      return `  tinyml_log_softmax_s8(${s}, ${p.rows}, ${p.depth}, ${act(p.input)}, ${act(p.output)});`;
    }
    case 'logistic': case 'tanh': {
      // TANH takes LOGISTIC's parameters: the same Q4.27 input rescaling.
      const s = struct('tinyml_logistic_params', `{ ${p.p.inputZeroPoint}, ${p.p.inputMultiplier}, ${p.p.inputLeftShift}, ${p.p.inputRangeRadius} }`);
      return `  tinyml_${p.kernel}_s8(${s}, ${p.count}, ${act(p.input)}, ${act(p.output)});`;
    }
    case 'mean': {
      const s = struct('tinyml_mean_params', `{ ${[p.outer, p.reduce, p.inner, p.inputZeroPoint, p.multiplier, p.shift, p.outputZeroPoint].join(', ')} }`);
      return `  tinyml_mean_s8(${s}, ${act(p.input)}, ${act(p.output)});`;
    }
    case 'pad': {
      if (p.inShape.length > 4) throw new GraphError('unsupported', `operator ${k} (PAD): generated C pads tensors of rank 4 or less`);
      const lead = 4 - p.inShape.length;
      const four = (a: number[], fill: number) => [...Array<number>(lead).fill(fill), ...a].join(', ');
      const s = struct('tinyml_pad_params', `{ { ${four(p.inShape, 1)} }, { ${four(p.outShape, 1)} }, { ${four(p.before, 0)} }, ${p.padValue} }`);
      return `  tinyml_pad_s8(${s}, ${act(p.input)}, ${act(p.output)});`;
    }
    case 'copy':
      return `  tinyml_copy(${act(p.input)}, ${act(p.output)}, ${p.bytes});`;
    case 'requantize': {
      const s = struct('tinyml_requantize_params', `{ ${[p.inputZeroPoint, p.multiplier, p.shift, p.outputZeroPoint, p.actMin, p.actMax].join(', ')} }`);
      return `  tinyml_requantize_s8(${s}, ${p.count}, ${act(p.input)}, ${act(p.output)});`;
    }
  }
}
