// Measures the generated C on QEMU (instructions per layer, -icount shift=0) for the
// synthetic calibration graphs and fits instructions per loop body for every kernel
// model, core and kernel set; and the memory the generated C adds (stack high-water mark,
// flash beyond weights and requantization tables, from the linker map). Writes
// lib/hwsim/calibration/generatedC.json.
// Run: node --import tsx datasets/scripts/calibrateHwsim.ts   (needs arm-none-eabi-gcc and qemu-system-arm)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KernelImpl } from "../../lib/hwsim/kernelFeatures.js";
import type { DeployTarget } from "../../lib/deploy/deployTargets.js";
import { isKernelObject } from "../../lib/deploy/deployAndRun.js";
import type { LinkerMapSizes } from "../../lib/deploy/linkerMapSizes.js";
import { linkerMapSizes } from "../../lib/deploy/linkerMapSizes.js";
import { buildProject, missingToolchain, runProject } from "../../lib/deploy/runProject.js";
import { writeProject } from "../../lib/deploy/writeProject.js";
import { elementCount } from "../../lib/ir/Graph.js";
import { extractOperator } from "../../lib/ir/extractOperator.js";
import { planOperator } from "../../lib/ir/kernels/prepareOperator.js";
import { convertedCalibrationGraphs, coverageCalibrationGraphs } from "../../lib/hwsim/calibration/calibrationModels.js";
import type { Observation } from "../../lib/hwsim/calibration/fitCostModel.js";
import { applyCostModel, fitCostModel } from "../../lib/hwsim/calibration/fitCostModel.js";
import type { MeasuredMemory } from "../../lib/hwsim/calibration/generatedCCalibration.js";
import { kernelFeatures } from "../../lib/hwsim/kernelFeatures.js";
import { IN_PLACE_DEPTHWISE_FAMILY, invokeKinds, requantTableBytes } from "../../lib/hwsim/memoryModel.js";
import { planMemory } from "../../lib/hwsim/planMemory.js";
import type { Graph } from "../../lib/ir/Graph.js";
import { projectRoot } from "../../lib/projectRoot.js";
import { tfReady } from "../../lib/tf/tf.js";

/** Output sections that end up in flash. */
const FLASH = [".text", ".data"];

/** The kernel objects' input sections kept in flash, "object section" → bytes. */
function kernelSections(map: LinkerMapSizes): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, bytes] of Object.entries(map.inputs)) {
    const [output, file, section] = key.split(" ");
    if (FLASH.includes(output) && isKernelObject(file) && bytes > 0) out[`${file} ${section}`] = bytes;
  }
  return out;
}

/**
 * Which kernel functions each kernel family links, and the stack it peaks at
 * when run alone, from single-operator builds;
 * a family that cannot be built alone (ADD and CONCATENATION take two inputs)
 * gets the sections of the first whole graph that uses it minus those of its
 * other families.
 */
class KernelCode {
  private readonly sections: Record<string, number> = {};
  private readonly families: Record<string, string[]> = {};
  private readonly stacks: Record<string, number> = {};
  private readonly models: { families: string[]; sections: Record<string, number>; stackBytes: number | null }[] = [];
  has(family: string): boolean { return family in this.families; }
  addFamily(family: string, sections: Record<string, number>, stackBytes: number | null): void {
    Object.assign(this.sections, sections);
    this.families[family] = Object.keys(sections).sort();
    if (stackBytes !== null) this.stacks[family] = stackBytes;
  }
  addModel(families: string[], sections: Record<string, number>, stackBytes: number | null = null): void {
    Object.assign(this.sections, sections);
    this.models.push({ families: [...new Set(families)], sections, stackBytes });
  }
  result(): { kernelSections: Record<string, number>; kernelFamilies: Record<string, string[]>; familyStackBytes: Record<string, number>; stackOverFamilies: number } {
    for (const m of this.models) {
      const unknown = m.families.filter((f) => !this.has(f));
      if (unknown.length !== 1) continue;
      const known = new Set(m.families.filter((f) => this.has(f)).flatMap((f) => this.families[f]));
      this.families[unknown[0]] = Object.keys(m.sections).filter((s) => !known.has(s)).sort();
    }
    // A whole graph's stack over its deepest family's run alone (the harness and model_invoke around more
    // operators): the median, since a graph whose deepest family never ran alone shows a larger, spurious gap.
    const over = this.models.filter((m) => m.stackBytes !== null && m.families.some((f) => f in this.stacks))
      .map((m) => (m.stackBytes as number) - Math.max(...m.families.filter((f) => f in this.stacks).map((f) => this.stacks[f])));
    const sorted = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
    return { kernelSections: sorted(this.sections), kernelFamilies: sorted(this.families), familyStackBytes: sorted(this.stacks), stackOverFamilies: over.length === 0 ? 0 : [...over].sort((a, b) => a - b)[Math.floor(over.length / 2)] };
  }
}

/** model.o's flash beyond the weights and requantization tables: model_invoke and the operators' parameter structs. */
function invokeBytes(map: LinkerMapSizes, graph: Graph): number {
  const modelObject = FLASH.reduce((a, s) => a + (map.objects["model.o"]?.[s] ?? 0), 0);
  const weights = graph.tensors.reduce((a, t) => a + (t.data === undefined ? 0 : t.data.byteLength), 0);
  const tables = graph.operators.reduce((a, _, k) => a + requantTableBytes(planOperator(graph, k)), 0);
  return modelObject - weights - tables;
}

/**
 * Bytes per layer kind of model.o, from the single-operator builds (each one
 * the base, what any model_invoke costs, plus one operator): the base is what
 * a whole graph's sum of singles counts too often, averaged over the graphs;
 * a kind never built alone (ADD, CONCATENATION) gets what the graphs that use
 * it leave over.
 */
class InvokeBytes {
  private readonly singles = new Map<string, number[]>();
  private readonly models: { kinds: string[]; bytes: number }[] = [];
  addSingle(kind: string, bytes: number): void { this.singles.set(kind, [...(this.singles.get(kind) ?? []), bytes]); }
  hasSingle(kind: string): boolean { return this.singles.has(kind); }
  addModel(kinds: string[], bytes: number): void { this.models.push({ kinds, bytes }); }
  result(): { flashBase: number; flashPerOperator: Record<string, number> } {
    const single = new Map([...this.singles].map(([k, v]) => [k, v.reduce((a, b) => a + b, 0) / v.length]));
    const complete = this.models.filter((m) => m.kinds.every((k) => single.has(k)) && m.kinds.length > 1);
    const base = complete.reduce((a, m) => a + (m.kinds.reduce((s, k) => s + (single.get(k) as number), 0) - m.bytes) / (m.kinds.length - 1), 0) / Math.max(1, complete.length);
    const per: Record<string, number> = Object.fromEntries([...single].map(([k, v]) => [k, v - base]));
    const leftover = new Map<string, number[]>();
    for (const m of this.models) {
      const unknown = [...new Set(m.kinds.filter((k) => !single.has(k)))];
      if (unknown.length !== 1) continue;
      const rest = m.bytes - base - m.kinds.filter((k) => single.has(k)).reduce((a, k) => a + per[k], 0);
      leftover.set(unknown[0], [...(leftover.get(unknown[0]) ?? []), rest / m.kinds.filter((k) => k === unknown[0]).length]);
    }
    for (const [k, v] of leftover) per[k] = v.reduce((a, b) => a + b, 0) / v.length;
    return { flashBase: Math.round(base), flashPerOperator: Object.fromEntries(Object.entries(per).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, Math.round(v)])) };
  }
  /** The largest difference between a graph's measured bytes and what `fit` gives it. */
  worstError(fit: { flashBase: number; flashPerOperator: Record<string, number> }): number {
    return Math.max(...this.models.map((m) => Math.abs(fit.flashBase + m.kinds.reduce((a, k) => a + (fit.flashPerOperator[k] ?? 0), 0) - m.bytes)));
  }
}

const missing = missingToolchain("m4");
if (missing !== null) throw new Error(missing);
await tfReady();
const converted = convertedCalibrationGraphs();
// The stack margin comes from the graphs converted from tfjs, as varied as the models it is applied to; the operator
// chains repeat two structures and would weigh them.
const stackSamples = new Set(converted);
const graphs = [...converted, ...coverageCalibrationGraphs()];
const RUNS: [Exclude<DeployTarget, "host">, KernelImpl[]][] = [["m3", ["reference"]], ["m4", ["reference", "simd", "cmsis-nn"]], ["m7", ["reference", "simd", "cmsis-nn"]]];
const out: Record<string, Record<string, Record<string, number>>> = {};
const memory: Record<string, Record<string, MeasuredMemory>> = {};
for (const [target, sets] of RUNS) {
  const buckets = new Map<string, Observation[]>();
  memory[target] = {};
  for (const kernels of sets) {
    const stacks: number[] = [];
    const invoke = new InvokeBytes();
    const code = new KernelCode();
    for (const graph of graphs) {
      const dir = mkdtempSync(join(tmpdir(), "hwsim-cal-"));
      try {
        const x = Int8Array.from({ length: elementCount(graph.tensors[graph.inputs[0]].shape) }, (_, i) => ((i * 53) % 256) - 128);
        writeProject(graph, target, dir, [x], kernels);
        buildProject(dir, target);
        const run = runProject(dir, target);
        const layers = graph.operators.map((_, k) => planOperator(graph, k));
        if (run.stackBytes === null) throw new Error(`${target} ${kernels} ${graph.name}: no stack mark`);
        stacks.push(run.stackBytes);
        const map = linkerMapSizes(readFileSync(join(dir, "model.map"), "utf8"));
        invoke.addModel(layers.flatMap(invokeKinds), invokeBytes(map, graph));
        code.addModel(layers.map((l) => kernelFeatures(l, kernels).model), kernelSections(map), stackSamples.has(graph) ? run.stackBytes : null);
        // The same graph with in-place depthwise, where it applies: the in-place kernel is a family of its own.
        const inPlace = planMemory(graph, "inplace-depthwise").inPlaceOperators;
        if (inPlace.length > 0) {
          const ip = mkdtempSync(join(tmpdir(), "hwsim-cal-ip-"));
          try {
            writeProject(graph, target, ip, [x], kernels, "inplace-depthwise");
            buildProject(ip, target);
            code.addModel(layers.map((l, i) => inPlace.includes(i) ? IN_PLACE_DEPTHWISE_FAMILY : kernelFeatures(l, kernels).model), kernelSections(linkerMapSizes(readFileSync(join(ip, "model.map"), "utf8"))));
          } finally {
            rmSync(ip, { recursive: true, force: true });
          }
        }
        graph.operators.forEach((_, k) => {
          const family = kernelFeatures(layers[k], kernels).model;
          const [kind] = invokeKinds(layers[k]);
          // Built alone once per family and once per layer kind (a broadcasting SUB is the flat one's family, another kind).
          if ((code.has(family) && invoke.hasSingle(kind)) || graph.operators[k].inputs.filter((i) => i >= 0 && graph.tensors[i].data === undefined).length !== 1) return;
          // The family's own functions: the operator alone, built (not run) with the same kernels.
          const single = extractOperator(graph, k);
          const one = mkdtempSync(join(tmpdir(), "hwsim-cal-op-"));
          try {
            writeProject(single, target, one, [new Int8Array(elementCount(single.tensors[single.inputs[0]].shape))], kernels);
            buildProject(one, target);
            const oneMap = linkerMapSizes(readFileSync(join(one, "model.map"), "utf8"));
            // A single operator is one kind (the calibration graphs' strided copies write one output each).
            invoke.addSingle(kind, invokeBytes(oneMap, single));
            // A large single output can outgrow the harness's printout; the family then keeps no stack of its own.
            let stack: number | null = null;
            try { stack = runProject(one, target).stackBytes; } catch { stack = null; }
            if (!code.has(family)) code.addFamily(family, kernelSections(oneMap), stack);
          } finally {
            rmSync(one, { recursive: true, force: true });
          }
        });
        graph.operators.forEach((_, k) => {
          const f = kernelFeatures(planOperator(graph, k), kernels);
          const list = buckets.get(f.model) ?? [];
          list.push({ features: f.features, instructions: run.layerCounts[k] });
          buckets.set(f.model, list);
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      process.stderr.write(`${target} ${kernels} ${graph.name}\n`);
    }
    const perOperator = invoke.result();
    memory[target][kernels] = { stackBytes: Math.max(...stacks), ...perOperator, ...code.result() };
    console.log(`${target} ${kernels} memory: stack ${Math.min(...stacks)}-${Math.max(...stacks)} bytes; model_invoke and parameters: base ${perOperator.flashBase} bytes, worst error ${invoke.worstError(perOperator)} bytes; ${Object.keys(code.result().kernelFamilies).length} kernel families`);
  }
  out[target] = {};
  for (const [model, obs] of [...buckets].sort(([a], [b]) => a.localeCompare(b))) {
    const coef = fitCostModel(obs);
    out[target][model] = Object.fromEntries(Object.entries(coef).map(([k, v]) => [k, Number(v.toFixed(4))]));
    const worst = Math.max(...obs.map((o) => Math.abs(applyCostModel(coef, o.features) / o.instructions - 1)));
    console.log(`${target} ${model.padEnd(28)} ${String(obs.length).padStart(3)} layers, worst fit error ${(100 * worst).toFixed(2)}%`);
  }
}
const version = (cmd: string) => spawnSync(cmd, ["--version"], { encoding: "utf8" }).stdout.split("\n")[0];
const doc = {
  about: "Instructions per loop body of the generated C (lib/deploy/c; with cmsis-nn, of the CMSIS-NN functions it calls), fitted by datasets/scripts/calibrateHwsim.ts to QEMU -icount counts of the synthetic graphs in lib/hwsim/calibration/calibrationModels.ts. Keys: QEMU core, kernel model (lib/hwsim/kernelFeatures.ts), loop body. memory: per core and kernel set, the largest stack high-water mark, each kernel family's run alone, and the median amount a whole graph's exceeds its deepest family's; model.o's flash beyond weights and requantization tables (a base and bytes per layer kind, from single-operator builds); and the kernel code: each input section's bytes and the sections each kernel family links (from single-operator builds), from the linker maps of the same builds.",
  toolchain: version("arm-none-eabi-gcc"),
  emulator: version("qemu-system-arm"),
  flags: "-O2 -std=c99 -mthumb, -mcpu per core",
  coefficients: out,
  memory,
};
writeFileSync(join(projectRoot(), "lib", "hwsim", "calibration", "generatedC.json"), JSON.stringify(doc, null, 1) + "\n");
