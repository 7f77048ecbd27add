import { simdScratchElements } from '../deploy/codegen/generateC.js';
import { operatorMacs } from '../ir/countMacs.js';
import type { Graph } from '../ir/Graph.js';
import { GraphError } from '../ir/GraphError.js';
import { planOperator } from '../ir/kernels/prepareOperator.js';
import { cyclesPerInstruction } from './coreTiming.js';
import type { Device } from './deviceCatalog.js';
import type { CostedLayer, KernelFeatures, KernelImpl } from './kernelFeatures.js';
import { kernelFeatures } from './kernelFeatures.js';
import { IN_PLACE_DEPTHWISE_FAMILY, generatedMemory } from './memoryModel.js';
import type { Planner } from './planMemory.js';
import { cmsisNnScratchBound } from '../deploy/codegen/emitCmsisNnCall.js';
import { planMemory } from './planMemory.js';
import type { CalibratedCore } from './predictInstructions.js';
import { instructionsFromFeatures } from './predictInstructions.js';

export interface SimOptions {
  /** Kernel set; default simd where the device has the DSP extension, reference otherwise. */
  kernels?: KernelImpl;
  /** Arena planner (graphs only); default greedy. */
  planner?: Planner;
}

export interface LayerReport {
  index: number;
  op: string;
  /** Output shape (graphs only); the first output's for an operator with several (SPLIT, UNPACK). */
  shape: number[];
  /** How many outputs the operator writes (graphs only; 1 otherwise). */
  outputs: number;
  macs: number;
  instructions: number;
  cycles: number;
  /** Of which flash wait-state stalls. */
  stallCycles: number;
  ms: number;
  /** Share of the model's time, 0-100. */
  percent: number;
  /** Work over all patches / work once: > 1 in a patch-based stage (halo recomputation), else 1. */
  recompute: number;
  /** Activation bytes alive while this layer runs (graphs only; 0 otherwise). */
  liveBytes: number;
}

export interface SimReport {
  model: string;
  device: Device;
  kernels: KernelImpl;
  planner: Planner | 'lower bound';
  /** The patch-based first stage the `patch` planner chose: operators 0..lastOperator in grid x grid patches; null otherwise. */
  patch: { lastOperator: number; grid: number } | null;
  layers: LayerReport[];
  /** The arena layout: each activation tensor's bytes [offset, offset + bytes) while operators firstUse..lastUse run (-1: before the first). Empty for architectures. */
  buffers: { tensor: number; name: string; offset: number; bytes: number; firstUse: number; lastUse: number }[];
  instructions: number;
  cycles: number;
  ms: number;
  /** Tensor arena, bytes. */
  arenaBytes: number;
  /** im2col columns (SIMD) and in-place temporaries, bytes. */
  scratchBytes: number;
  /** Stack high-water mark of the generated C, bytes (measured on QEMU for the calibration graphs: lib/hwsim/memoryModel). */
  runtimeBytes: number;
  peakSramBytes: number;
  weightBytes: number;
  /** Requantization multipliers and shifts the generated C keeps in flash, bytes. */
  tableBytes: number;
  /** Kernels, model_invoke and operator parameters, bytes (measured base + per operator). */
  codeBytes: number;
  flashBytes: number;
  /** Energy of one inference, mJ; null when the device has no current figure. */
  energyMJ: number | null;
  fits: boolean;
  /** Bytes over the device's SRAM / flash (0 when it fits). */
  sramOverBytes: number;
  flashOverBytes: number;
}

/** Thumb-1 code for the M0+ runs 1.397x the M3's instructions (shared/reference/cortex-m.md: 3,370,578 vs 2,411,904 on QEMU for the same conv). */
const THUMB1_PER_THUMB2 = 3370578 / 2411904;
function calibratedCore(device: Device): CalibratedCore {
  switch (device.coreModel) {
    case 'cortex-m0plus': case 'cortex-m3': return 'm3';
    case 'cortex-m7': return 'm7';
    default: return 'm4';
  }
}

/** Bytes of weights the layer streams from flash per inference: the filter once if it stays in the data cache, else once per sweep of the kernel's loops. */
function weightTraffic(layer: CostedLayer, f: KernelFeatures, dcacheBytes: number): number {
  let filter: number;
  if (layer.kernel === 'fully_connected') filter = layer.g.inDepth * layer.g.outDepth;
  else if (layer.kernel === 'conv2d') filter = layer.g.kH * layer.g.kW * layer.g.inC * layer.g.outC;
  else if (layer.kernel === 'depthwise_conv2d') filter = layer.g.kH * layer.g.kW * layer.g.outC;
  else return 0;
  if (filter <= dcacheBytes) return filter;
  const sweeps = f.features.columnPasses ?? (layer.kernel === 'fully_connected' ? f.features.rows : f.features.pixels) ?? 1;
  return filter * sweeps;
}

function layerWeights(layer: CostedLayer): number {
  if (layer.kernel === 'fully_connected') return layer.g.inDepth * layer.g.outDepth + 4 * layer.g.outDepth;
  if (layer.kernel === 'conv2d') return layer.g.kH * layer.g.kW * layer.g.inC * layer.g.outC + 4 * layer.g.outC;
  if (layer.kernel === 'depthwise_conv2d') return layer.g.kH * layer.g.kW * layer.g.outC + 4 * layer.g.outC;
  return 0;
}

function layerMacs(layer: CostedLayer): number {
  if (layer.kernel === 'fully_connected') return layer.g.batch * layer.g.inDepth * layer.g.outDepth;
  if (layer.kernel === 'conv2d') return layer.g.batch * layer.g.outH * layer.g.outW * layer.g.outC * layer.g.kH * layer.g.kW * layer.g.inC;
  if (layer.kernel === 'depthwise_conv2d') return layer.g.batch * layer.g.outH * layer.g.outW * layer.g.outC * layer.g.kH * layer.g.kW;
  return 0;
}

function layerIo(layer: CostedLayer): number {
  if (layer.kernel === 'conv2d' || layer.kernel === 'depthwise_conv2d') {
    const g = layer.g;
    return g.batch * (g.inH * g.inW * g.inC + g.outH * g.outW * g.outC);
  }
  if (layer.kernel === 'fully_connected') return layer.g.batch * (layer.g.inDepth + layer.g.outDepth);
  if (layer.kernel === 'average_pool2d' || layer.kernel === 'max_pool2d') return layer.g.batch * layer.g.channels * (layer.g.inH * layer.g.inW + layer.g.outH * layer.g.outW);
  return 0;
}

/**
 * Analytic estimate, no execution: per layer, the generated C's instruction
 * count (lib/hwsim/predictInstructions, calibrated on QEMU) priced with the
 * core's cycles per instruction class and flash wait-state stalls for weight
 * reads; then the memory plan, flash and energy. `model` is an int8 graph or
 * a list of layers (an architecture: its arena is the lower bound max(input +
 * output) and weights come from the shapes). Fast enough for a search's inner
 * loop: no tensors are touched.
 */
export function estimate(model: Graph | readonly CostedLayer[], device: Device, options: SimOptions = {}): SimReport {
  const kernels = options.kernels ?? (device.dsp ? 'simd' : 'reference');
  if (kernels === 'simd' && !device.dsp) throw new GraphError('unsupported', `${device.board} (${device.core}) has no DSP extension, so the SIMD kernels cannot run on it; use the reference kernels`);
  const isGraph = !Array.isArray(model);
  const graph = isGraph ? (model as Graph) : null;
  const layers: readonly CostedLayer[] = graph === null ? (model as readonly CostedLayer[]) : graph.operators.map((_, k) => planOperator(graph, k));
  const core = calibratedCore(device);
  const planner = options.planner ?? 'greedy';
  const plan = graph === null ? null : planMemory(graph, planner);
  // Each layer's kernel family, for the memory model: in-place depthwise layers are their own.
  const families: string[] = [];
  const reports: LayerReport[] = layers.map((layer, index) => {
    // In-place depthwise layers run the scalar per-channel kernel whatever the set.
    const inPlace = plan?.inPlaceOperators.includes(index) === true;
    const features = kernelFeatures(layer, inPlace ? 'reference' : kernels);
    families.push(inPlace ? IN_PLACE_DEPTHWISE_FAMILY : features.model);
    // A patch-based stage recomputes the halos its patches share.
    const patch = plan?.patch ?? null;
    const recompute = patch !== null && index <= patch.lastOperator ? patch.recompute[index] : 1;
    let instructions = instructionsFromFeatures(features, core) * recompute;
    if (device.coreModel === 'cortex-m0plus') instructions *= THUMB1_PER_THUMB2;
    const traffic = weightTraffic(layer, features, device.dcacheBytes) * recompute;
    const misses = device.flashLineBytes > 0 ? traffic / device.flashLineBytes : traffic;
    const stallCycles = misses * device.flashWaitStates;
    const cycles = instructions * cyclesPerInstruction(device.coreModel, features.model) + stallCycles;
    return {
      index, op: graph === null ? layer.kernel : graph.operators[index].kind,
      shape: graph === null ? [] : [...graph.tensors[graph.operators[index].outputs[0]].shape],
      outputs: graph === null ? 1 : graph.operators[index].outputs.length,
      macs: graph === null ? layerMacs(layer) : operatorMacs(graph, index),
      instructions, cycles, stallCycles, ms: cycles / (device.clockMHz * 1000), percent: 0, recompute, liveBytes: 0,
    };
  });
  const cycles = reports.reduce((a, r) => a + r.cycles, 0);
  for (const r of reports) r.percent = cycles > 0 ? (100 * r.cycles) / cycles : 0;
  let arenaBytes: number, scratchBytes = 0, weightBytes: number;
  if (graph !== null && plan !== null) {
    arenaBytes = plan.arenaBytes;
    scratchBytes = plan.scratchBytes;
    for (const r of reports) r.liveBytes = plan.buffers.filter((b) => b.firstUse <= r.index && r.index <= b.lastUse).reduce((a, b) => a + b.bytes, 0);
    weightBytes = graph.tensors.reduce((a, t) => a + (t.data === undefined ? 0 : t.data.byteLength), 0);
  } else {
    arenaBytes = Math.max(0, ...layers.map(layerIo));
    weightBytes = layers.reduce((a, l) => a + layerWeights(l), 0);
  }
  if (kernels === 'cmsis-nn') {
    for (const l of layers) scratchBytes = Math.max(scratchBytes, cmsisNnScratchBound(l));
  }
  if (kernels === 'simd') {
    for (const l of layers) {
      if (l.kernel === 'conv2d') scratchBytes = Math.max(scratchBytes, 2 * simdScratchElements(l.g.kH * l.g.kW * l.g.inC));
      if (l.kernel === 'fully_connected') scratchBytes = Math.max(scratchBytes, 2 * simdScratchElements(l.g.inDepth));
    }
  }
  const generated = generatedMemory(layers, families, kernels, core);
  const runtimeBytes = generated.stackBytes;
  const peakSramBytes = arenaBytes + scratchBytes + runtimeBytes;
  const { tableBytes, codeBytes } = generated;
  const flashBytes = weightBytes + tableBytes + codeBytes;
  const ms = cycles / (device.clockMHz * 1000);
  const sramOverBytes = Math.max(0, peakSramBytes - device.sramBytes), flashOverBytes = Math.max(0, flashBytes - device.flashBytes);
  return {
    model: graph?.name ?? 'architecture', device, kernels, planner: graph === null ? 'lower bound' : planner,
    patch: plan?.patch ? { lastOperator: plan.patch.lastOperator, grid: plan.patch.grid } : null, layers: reports,
    buffers: graph === null || plan === null ? [] : plan.buffers.map((b) => ({ ...b, name: graph.tensors[b.tensor].name })),
    instructions: reports.reduce((a, r) => a + r.instructions, 0), cycles, ms,
    arenaBytes, scratchBytes, runtimeBytes, peakSramBytes, weightBytes, tableBytes, codeBytes, flashBytes,
    // µA/MHz x MHz x V = µW; x ms = nJ; / 1e6 = mJ.
    energyMJ: device.activeMicroampsPerMHz > 0 ? (device.activeMicroampsPerMHz * device.clockMHz * device.supplyVolts * ms) / 1e6 : null,
    fits: sramOverBytes === 0 && flashOverBytes === 0, sramOverBytes, flashOverBytes,
  };
}

