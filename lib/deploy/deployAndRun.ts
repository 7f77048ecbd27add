import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KernelSet } from './codegen/generateC.js';
import type { DeployTarget } from './deployTargets.js';
import { defaultKernels } from './deployTargets.js';
import { buildProject, runProject } from './runProject.js';
import { writeProject } from './writeProject.js';
import type { Graph } from '../ir/Graph.js';
import { Interpreter } from '../ir/Interpreter.js';

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
}

/**
 * Generates the C project for an int8 graph, builds it (gcc, or arm-none-eabi-gcc for a
 * board), runs it (on QEMU's MPS2 board for m3/m4/m7) over `samples` (int8, one input
 * each), and checks every output against the interpreter. The project is written to
 * `dir`, or to a temporary folder that is removed afterwards. Throws DeployError when a
 * toolchain is missing (with the command that installs it), a build fails or a run times out.
 */
export function deployAndRun(graph: Graph, target: DeployTarget, samples: readonly Int8Array[], opts: { kernels?: KernelSet; dir?: string } = {}): DeployedRun {
  const kernels = opts.kernels ?? defaultKernels(target);
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'tinyml-deploy-'));
  try {
    const gen = writeProject(graph, target, dir, samples, kernels);
    buildProject(dir, target);
    const run = runProject(dir, target);
    const interp = new Interpreter(graph);
    const bitExact = samples.filter((s, i) => Array.from(interp.run([s])[0] as Int8Array).join() === Array.from(run.outputs[i] ?? []).join()).length;
    return {
      target, kernels, layerCounts: run.layerCounts, total: run.layerCounts.reduce((a, b) => a + b, 0), unit: run.unit,
      bitExact, samples: samples.length, arenaBytes: gen.arena.bytes, scratchBytes: gen.scratchBytes, constantBytes: gen.constantBytes,
    };
  } finally {
    if (opts.dir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}
