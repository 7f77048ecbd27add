import type { CalibratedCore } from './calibration/generatedCCalibration.js';
import { generatedCCalibration } from './calibration/generatedCCalibration.js';
import type { CostedLayer, KernelImpl } from './kernelFeatures.js';

/** What the generated C adds to a model's arena, scratch and weights: stack (SRAM), and tables and code (flash), bytes. */
export interface GeneratedMemory {
  /** Stack high-water mark: the largest of the layers' kernel families, each measured alone on QEMU, plus what a whole calibration graph typically adds (the median over the graphs converted from tfjs). */
  stackBytes: number;
  /** Per-channel requantization multipliers and shifts: two int32 per output channel of a convolution or depthwise layer, one pair per fully connected layer. */
  tableBytes: number;
  /** Kernels, model_invoke and the operators' parameter structs, measured (see generatedMemory). */
  codeBytes: number;
}

/** The kernel family of a depthwise layer run in place (the scalar per-channel kernel), in the memory calibration. */
export const IN_PLACE_DEPTHWISE_FAMILY = 'depthwise_conv2d/in-place';

/**
 * Bytes of per-layer tables the code generator emits for a layer
 * (lib/deploy/codegen): requantization multipliers and shifts, a nearest
 * resize's int32 source rows and columns, a bilinear resize's three int32
 * per row and column, and a batch matmul's two int32 offsets per batch.
 */
export function requantTableBytes(layer: CostedLayer): number {
  if (layer.kernel === 'conv2d' || layer.kernel === 'depthwise_conv2d' || layer.kernel === 'transpose_conv') return 8 * layer.g.outC;
  if (layer.kernel === 'resize_bilinear') return 12 * (layer.g.rows.lower.length + layer.g.cols.lower.length);
  if (layer.kernel === 'batch_matmul') return 8 * layer.g.lhsOffsets.length;
  if (layer.kernel === 'fully_connected') return 8;
  if (layer.kernel === 'resize_nearest') return 4 * (layer.rows.length + layer.cols.length);
  return 0;
}

/**
 * The layer kinds whose model_invoke call and parameter structs a layer adds
 * to flash, each measured by the calibration: its plan's kernel, a binary
 * operator by operator and by whether it broadcasts (a strides struct more),
 * and a strided copy once per output it writes (one call and struct each).
 */
export function invokeKinds(layer: CostedLayer): string[] {
  if (layer.kernel === 'binary') return [`binary ${layer.op}${layer.broadcast === null ? '' : ' broadcast'}`];
  if (layer.kernel === 'strided_copy') return layer.parts.map(() => 'strided_copy');
  return [layer.kernel];
}

/**
 * The generated C's stack, tables and code for `layers` built with `kernels`
 * for `core`, from the linker maps and stack high-water marks measured on
 * QEMU for the synthetic calibration graphs (generatedC.json's memory): code is
 * model_invoke and the parameter structs (a base plus bytes per layer kind)
 * and the union of the functions the layers' kernel families link, each
 * counted once. A core or kernel set without its own measurement takes the
 * M4's; a layer kind or family the calibration never built takes the mean.
 * `families[i]` is layer i's kernel family (kernelFeatures' model, or
 * IN_PLACE_DEPTHWISE_FAMILY for a layer the planner runs in place).
 */
export function generatedMemory(layers: readonly CostedLayer[], families: readonly string[], kernels: KernelImpl, core: CalibratedCore): GeneratedMemory {
  const memory = generatedCCalibration().memory;
  const m = memory[core][kernels] ?? memory.m4[kernels];
  if (m === undefined) throw new Error(`no measured memory for ${kernels} kernels in generatedC.json; run datasets/scripts/calibrateHwsim.ts`);
  const perKind = Object.values(m.flashPerOperator);
  const meanPerOperator = perKind.reduce((a, b) => a + b, 0) / Math.max(1, perKind.length);
  const familyBytes = (names: readonly string[]) => names.reduce((a, s) => a + (m.kernelSections[s] ?? 0), 0);
  const known = Object.values(m.kernelFamilies);
  const meanFamily = known.reduce((a, f) => a + familyBytes(f), 0) / Math.max(1, known.length);
  const sections = new Set<string>();
  let unknownFamilies = 0, stackBytes = 0;
  for (const family of new Set(families)) {
    const names = m.kernelFamilies[family];
    if (names === undefined) unknownFamilies++;
    else for (const s of names) sections.add(s);
    // The deepest kernel sets the stack; a family never run alone (ADD, CONCATENATION) takes the calibration graphs' largest.
    stackBytes = Math.max(stackBytes, m.familyStackBytes[family] ?? m.stackBytes);
  }
  const code = m.flashBase + layers.flatMap(invokeKinds).reduce((a, k) => a + (m.flashPerOperator[k] ?? meanPerOperator), 0) + familyBytes([...sections]) + unknownFamilies * meanFamily;
  return { stackBytes: layers.length === 0 ? m.stackBytes : stackBytes + m.stackOverFamilies, tableBytes: layers.reduce((a, l) => a + requantTableBytes(l), 0), codeBytes: Math.round(code) };
}
