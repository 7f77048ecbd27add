import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodegenPlanner, KernelSet } from './codegen/generateC.js';
import type { DeployTarget } from './deployTargets.js';
import { defaultKernels } from './deployTargets.js';
import { linkerMapSizes } from './linkerMapSizes.js';
import { buildProject, runProject } from './runProject.js';
import { writeProject } from './writeProject.js';
import type { Graph } from '../ir/Graph.js';
import { packOutputs, unpackInputs } from './codegen/packedIo.js';
import { Interpreter } from '../ir/Interpreter.js';
import type { DumpComparison } from './debug/compareDumps.js';
import { compareDumps } from './debug/compareDumps.js';

/** What one deployment measured. */
export interface DeployedRun {
  target: DeployTarget;
  kernels: KernelSet;
  /** Per operator: instructions of the first inference (QEMU's icount, resolution 40), or mean ns on the host. */
  layerCounts: number[];
  total: number;
  unit: 'ns' | 'instructions';
  /** Samples whose int8 outputs equal the interpreter's, bit for bit, out of `samples`. */
  bitExact: number;
  samples: number;
  /** The generated project's tensor arena and SIMD scratch (RAM), and its constants (flash), bytes. */
  arenaBytes: number;
  scratchBytes: number;
  constantBytes: number;
  /** Measured on a board (null on the host): the stack's high-water mark over one inference, bytes. */
  stackBytes: number | null;
  /** Arena + scratch + stack high-water: the RAM one inference needs, bytes (null on the host). */
  measuredSramBytes: number | null;
  /** From the linker map (null on the host): the model's flash (code and constants of model.o and the kernels, .text + .data), and the whole firmware's (with harness, samples and libc). */
  flash: { modelBytes: number; firmwareBytes: number } | null;
  /** With `dump`: every layer's output on the first sample, compared with the interpreter's; null otherwise. */
  dumps: DumpComparison | null;
}

/** The objects code generation writes: the model and its kernels (not the harness, the samples or the C library); CMSIS-NN's linked members count too. */
const MODEL_OBJECTS = ['model.o', 'tinyml_kernels.o', 'tinyml_kernels_simd.o'];
/** CMSIS-NN's members as the map names them: "/path/libcmsisnn.a(file.o)". */
const CMSIS_NN_MEMBER = /libcmsisnn\.a\(/;

/** Whether a linked object (as the map names it) holds kernels: the course's kernel files or a CMSIS-NN member. */
export const isKernelObject = (file: string): boolean => file === 'tinyml_kernels.o' || file === 'tinyml_kernels_simd.o' || CMSIS_NN_MEMBER.test(file);

/** Flash of the model's objects and of the whole image, from a linked project's model.map. */
export function measuredFlash(dir: string): { modelBytes: number; firmwareBytes: number } | null {
  const file = join(dir, 'model.map');
  if (!existsSync(file)) return null;
  const m = linkerMapSizes(readFileSync(file, 'utf8'));
  const flashOf = (o: Record<string, number>) => (o['.text'] ?? 0) + (o['.data'] ?? 0);
  return {
    modelBytes: MODEL_OBJECTS.reduce((a, f) => a + flashOf(m.objects[f] ?? {}), 0)
      + Object.entries(m.objects).filter(([name]) => CMSIS_NN_MEMBER.test(name)).reduce((a, [, o]) => a + flashOf(o), 0),
    firmwareBytes: flashOf(m.sections),
  };
}

/**
 * Generates the C project for an int8 graph, builds it (gcc, or arm-none-eabi-gcc for a
 * board), runs it (on QEMU's MPS2 board for m3/m4/m7) over `samples` (int8, each the
 * graph's inputs one after another), and checks every output against the interpreter. On a board it also measures
 * the stack's high-water mark (the harness paints the stack) and flash (the linker map). The project is written to
 * `dir`, or to a temporary folder that is removed afterwards. Throws DeployError when a
 * toolchain is missing (with the command that installs it), a build fails or a run times out.
 */
export function deployAndRun(graph: Graph, target: DeployTarget, samples: readonly Int8Array[], opts: { kernels?: KernelSet; planner?: CodegenPlanner; dir?: string; dump?: boolean } = {}): DeployedRun {
  const kernels = opts.kernels ?? defaultKernels(target);
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'tinyml-deploy-'));
  try {
    const gen = writeProject(graph, target, dir, samples, kernels, opts.planner, opts.dump === true);
    buildProject(dir, target);
    const run = runProject(dir, target);
    const interp = new Interpreter(graph);
    const expected = (s: Int8Array) => packOutputs(interp.run(unpackInputs(graph, s)) as Int8Array[]);
    const bitExact = samples.filter((s, i) => Array.from(expected(s)).join() === Array.from(run.outputs[i] ?? []).join()).length;
    return {
      target, kernels, layerCounts: run.layerCounts, total: run.layerCounts.reduce((a, b) => a + b, 0), unit: run.unit,
      bitExact, samples: samples.length, arenaBytes: gen.arena.bytes, scratchBytes: gen.scratchBytes, constantBytes: gen.constantBytes,
      stackBytes: run.stackBytes, measuredSramBytes: run.stackBytes === null ? null : gen.arena.bytes + gen.scratchBytes + run.stackBytes,
      flash: target === 'host' ? null : measuredFlash(dir),
      dumps: opts.dump === true ? compareDumps(graph, run.dumps, samples[0]) : null,
    };
  } finally {
    if (opts.dir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}
