import seedrandom from 'seedrandom';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeployTarget } from '../deploy/deployTargets.js';
import { DEPLOY_TARGETS, defaultKernels, MCU_BOARDS } from '../deploy/deployTargets.js';
import type { CodegenPlanner, KernelSet } from '../deploy/codegen/generateC.js';
import { CODEGEN_PLANNERS, KERNEL_SETS } from '../deploy/codegen/generateC.js';
import { compareDumps } from '../deploy/debug/compareDumps.js';
import { packedIo, packOutputs, unpackInputs } from '../deploy/codegen/packedIo.js';
import { dumpHeatmapFigure } from '../deploy/debug/dumpHeatmapFigure.js';
import { figurePageHtml } from '../viz/plot.js';
import { writeFileAtomic } from '../writeFileAtomic.js';
import { measuredFlash } from '../deploy/deployAndRun.js';
import { countsByKernelKind } from '../deploy/kernelKinds.js';
import { writeArduinoLibrary } from '../deploy/writeArduinoLibrary.js';
import { estimate } from '../hwsim/estimate.js';
import { findDevice } from '../hwsim/findDevice.js';
import { buildProject, runProject } from '../deploy/runProject.js';
import { writeProject } from '../deploy/writeProject.js';
import { operatorMacs } from '../ir/countMacs.js';
import type { Graph } from '../ir/Graph.js';
import { elementCount } from '../ir/Graph.js';
import { GraphError } from '../ir/GraphError.js';
import { Interpreter } from '../ir/Interpreter.js';
import { convertSavedModel } from './convertCommand.js';
import { loadTflite } from './modelCommands.js';
import { textTable } from './textTable.js';

export interface DeployCommandOptions {
  target: string;
  out: string;
  run: boolean;
  /** Seeded random int8 inputs embedded in the project and checked against the interpreter. */
  samples: number;
  /** For a saved tfjs model: the dataset that calibrates its conversion. */
  data: string;
  /** `reference` or `simd`; default: simd on m4/m7, reference on host/m3. */
  kernels?: string;
  /** Arena planner: greedy (default), linear, inplace-depthwise, patch or patch-inplace. */
  planner?: string;
  /** With --run: a folder for every layer's output of the first sample, compared with the interpreter (dump.html, layer-K.bin). */
  dump?: string;
}


/** The planner asked for, checked. */
function chosenPlanner(o: DeployCommandOptions): CodegenPlanner {
  const p = o.planner ?? 'greedy';
  if (!(CODEGEN_PLANNERS as readonly string[]).includes(p)) throw new GraphError('input', `--planner must be one of ${CODEGEN_PLANNERS.join(', ')}, not ${p}`);
  return p as CodegenPlanner;
}

async function openGraph(model: string, data: string): Promise<Graph> {
  if (model.endsWith('.tflite')) return loadTflite(model);
  return (await convertSavedModel(model, { data, samples: 200, method: 'minmax', percentile: 99.99, perTensor: false, floatIo: false })).int8;
}

/** `tinyml deploy MODEL --target arduino --out DIR`: an Arduino library for the Nano 33 BLE Sense, and its zip. */
async function deployArduino(model: string, o: DeployCommandOptions): Promise<{ report: string; ok: boolean }> {
  if (o.run) throw new GraphError('input', '--run needs an emulated target (host, m3, m4, m7); build the Arduino library in the Arduino IDE or with arduino-cli (see the README)');
  if (o.kernels !== undefined && !(KERNEL_SETS as readonly string[]).includes(o.kernels)) throw new GraphError('input', `--kernels must be one of ${KERNEL_SETS.join(', ')}, not ${o.kernels}`);
  const graph = await openGraph(model, o.data);
  const rng = seedrandom(`deploy ${graph.name}`);
  const sample = Int8Array.from({ length: elementCount(graph.tensors[graph.inputs[0]].shape) }, () => Math.floor(rng() * 256) - 128);
  const lib = writeArduinoLibrary(graph, o.out, sample, { kernels: (o.kernels ?? 'simd') as KernelSet, planner: chosenPlanner(o) });
  return {
    report: [
      `wrote the Arduino library ${lib.name} to ${o.out} and ${lib.zip}: weights ${lib.constantBytes} bytes (flash), arena ${lib.arenaBytes} bytes${lib.scratchBytes > 0 ? ` + ${lib.scratchBytes} scratch` : ''} (RAM)`,
      'Arduino IDE: Sketch > Include Library > Add .ZIP Library, pick the zip, then File > Examples > ' + lib.name + ' > RunOnce; board: Arduino Nano 33 BLE (Arduino Mbed OS Nano Boards)',
      `arduino-cli: arduino-cli lib install --zip-path ${lib.zip} (with library.enable_unsafe_install), then compile and upload examples/RunOnce with --fqbn arduino:mbed_nano:nano33ble`,
    ].join('\n'),
    ok: true,
  };
}

/** Writes each dumped layer (layer-K.bin, raw int8) and dump.html into `dir`; returns the one-line verdict. */
function writeDumps(graph: Graph, dumps: readonly (Int8Array | null)[], sample: Int8Array, dir: string): string {
  const c = compareDumps(graph, dumps, sample);
  mkdirSync(dir, { recursive: true });
  dumps.forEach((d, k) => { if (d !== null) writeFileSync(join(dir, `layer-${String(k).padStart(3, '0')}.bin`), d); });
  const count = c.layers.filter((l) => l.dumped).length;
  const first = c.firstDiffering === null ? null : c.layers[c.firstDiffering];
  const verdict = first === null
    ? `dumps: ${count} layers written to ${dir}, every one equal to the interpreter's${count < c.layers.length ? ` (${c.layers.length - count} inside a patch stage are never whole)` : ''}`
    : `dumps: the first layer that differs from the interpreter is ${first.operator} (${first.kind}): ${first.differing} values, by up to ${first.maxDiff}; channels most off: ${first.perChannel.map((d, ch) => [ch, d]).filter(([, d]) => d > 0).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([ch, d]) => `${ch} (${d})`).join(', ')}`;
  writeFileAtomic(join(dir, 'dump.html'), figurePageHtml(`${graph.name}: layer dumps`, verdict, [dumpHeatmapFigure(c, graph.name)]));
  return verdict;
}

/**
 * `tinyml deploy MODEL --target host|m3|m4|m7 --out DIR [--run]`: write a C
 * project for the model (a .tflite, a saved tfjs model folder, or a shipped
 * model name, converted to int8 first) with the `kernels` set (SIMD by default
 * on the M4/M7). With `run`, build it, run it (on QEMU
 * for a board), check every output against the interpreter, and print the
 * per-layer wall time (host) or instruction counts (board). Returns the report.
 */
export async function deployCommand(model: string, o: DeployCommandOptions): Promise<{ report: string; ok: boolean }> {
  if (o.target === 'arduino') return deployArduino(model, o);
  if (!(DEPLOY_TARGETS as readonly string[]).includes(o.target)) throw new GraphError('input', `--target must be one of ${[...DEPLOY_TARGETS, 'arduino'].join(', ')}, not ${o.target}`);
  const target = o.target as DeployTarget;
  if (o.kernels !== undefined && !(KERNEL_SETS as readonly string[]).includes(o.kernels)) throw new GraphError('input', `--kernels must be one of ${KERNEL_SETS.join(', ')}, not ${o.kernels}`);
  const kernels = (o.kernels ?? defaultKernels(target)) as KernelSet;
  const planner = chosenPlanner(o);
  const graph = await openGraph(model, o.data);
  const rng = seedrandom(`deploy ${graph.name}`);
  // Each sample holds all the model's inputs, one after another, as the generated C takes them.
  const perSample = packedIo(graph).inputs.reduce((a, b) => a + b, 0);
  const samples = Array.from({ length: Math.max(1, Math.floor(o.samples)) }, () => Int8Array.from({ length: perSample }, () => Math.floor(rng() * 256) - 128));
  if (o.dump !== undefined && !o.run) throw new GraphError('input', '--dump needs --run: the dumps come from running the program');
  const gen = writeProject(graph, target, o.out, samples, kernels, planner, o.dump !== undefined);
  const where = target === 'host' ? 'the host' : `${MCU_BOARDS[target].machine} (${MCU_BOARDS[target].core})`;
  const lines = [`wrote ${o.out} for ${where} with the ${kernels} kernels and the ${planner} planner${gen.inPlaceLayers.length > 0 ? ` (${gen.inPlaceLayers.length} depthwise layers in place)` : ''}${gen.patch !== null ? ` (operators 0-${gen.patch.lastOperator} in ${gen.patch.grid}x${gen.patch.grid} patches)` : ''}: ${gen.layers.length} layers, weights ${gen.constantBytes} bytes (flash), arena ${gen.arena.bytes} bytes${gen.scratchBytes > 0 ? ` + ${gen.scratchBytes} scratch` : ''} (RAM)`];
  if (gen.planNote !== null) lines.push(`note: ${gen.planNote}`);
  if (!o.run) return { report: lines.join('\n'), ok: true };
  buildProject(o.out, target);
  const run = runProject(o.out, target);
  const dumped = o.dump === undefined ? null : writeDumps(graph, run.dumps, samples[0], o.dump);
  const interp = new Interpreter(graph);
  const mismatched = samples.filter((s, i) => Array.from(packOutputs(interp.run(unpackInputs(graph, s)) as Int8Array[])).join() !== Array.from(run.outputs[i] ?? []).join()).length;
  const macs = graph.operators.map((_, k) => operatorMacs(graph, k));
  const unit = run.unit === 'ns' ? 'ns' : 'instructions';
  const rows = gen.layers.map((label, k) => {
    const count = run.layerCounts[k] ?? 0;
    return [k, label.replace(/^\d+ /, ''), macs[k], count, macs[k] > 0 && run.unit === 'instructions' ? (count / macs[k]).toFixed(2) : ''];
  });
  const total = run.layerCounts.reduce((a, b) => a + b, 0);
  const totalMacs = macs.reduce((a, b) => a + b, 0);
  lines.push(textTable(['#', 'op', 'MACs', unit, run.unit === 'instructions' ? 'per MAC' : ''], rows));
  lines.push(`total: ${total} ${unit}${run.unit === 'instructions' && totalMacs > 0 ? ` (${(total / totalMacs).toFixed(2)} per MAC)` : ''}`);
  if (run.unit === 'instructions') {
    lines.push(`per MAC by kernel kind (${kernels}): ${countsByKernelKind(graph, run.layerCounts).map((t) => `${t.kind} ${(t.count / t.macs).toFixed(2)}`).join(', ')}`);
    // Measured memory beside the simulator's prediction for the same board and kernels (CMSIS-NN's cost models cover the M4 and M7 only).
    let predicted: ReturnType<typeof estimate> | null = null;
    let why = `no ${kernels} cost model for this core`;
    try {
      predicted = estimate(graph, findDevice(MCU_BOARDS[target as Exclude<DeployTarget, 'host'>].machine), { kernels, planner });
    } catch (e) {
      // An operator that hwsim cannot price says so itself (an LSTM, say); anything else is the core's missing calibration.
      if (e instanceof GraphError && e.kind === 'unsupported') why = `no price for it: ${e.message.replace(/^.*?: /, '')}`;
      predicted = null;
    }
    const hwsim = (text: string) => (predicted === null ? `; hwsim has ${why}` : `; hwsim predicts ${text}`);
    if (run.stackBytes !== null) {
      const sram = gen.arena.bytes + gen.scratchBytes + run.stackBytes;
      lines.push(`SRAM: measured ${sram} bytes (arena ${gen.arena.bytes} + scratch ${gen.scratchBytes} + stack high-water ${run.stackBytes})${hwsim(predicted === null ? '' : `${predicted.peakSramBytes} (arena ${predicted.arenaBytes} + scratch ${predicted.scratchBytes} + stack ${predicted.runtimeBytes})`)}`);
    }
    const flash = measuredFlash(o.out);
    if (flash !== null) {
      lines.push(`flash: measured ${flash.modelBytes} bytes of model code and constants (the whole firmware, with harness, samples and libc: ${flash.firmwareBytes})${hwsim(predicted === null ? '' : `${predicted.flashBytes} (weights ${predicted.weightBytes} + tables ${predicted.tableBytes} + code ${predicted.codeBytes})`)}`);
    }
  }
  if (dumped !== null) lines.push(dumped);
  lines.push(mismatched === 0
    ? `outputs: all ${samples.length} samples equal the interpreter's, bit for bit`
    : `outputs: ${mismatched} of ${samples.length} samples DIFFER from the interpreter's`);
  return { report: lines.join('\n'), ok: mismatched === 0 };
}
