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
import { calibrationGraphs } from "../../lib/hwsim/calibration/calibrationModels.js";
import type { Observation } from "../../lib/hwsim/calibration/fitCostModel.js";
import { applyCostModel, fitCostModel } from "../../lib/hwsim/calibration/fitCostModel.js";
import type { MeasuredMemory } from "../../lib/hwsim/calibration/generatedCCalibration.js";
import { kernelFeatures } from "../../lib/hwsim/kernelFeatures.js";
import { requantTableBytes } from "../../lib/hwsim/memoryModel.js";
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
  private readonly models: { families: string[]; sections: Record<string, number> }[] = [];
  has(family: string): boolean { return family in this.families; }
  addFamily(family: string, sections: Record<string, number>, stackBytes: number | null): void {
    Object.assign(this.sections, sections);
    this.families[family] = Object.keys(sections).sort();
    if (stackBytes !== null) this.stacks[family] = stackBytes;
  }
  addModel(families: string[], sections: Record<string, number>): void {
    Object.assign(this.sections, sections);
    this.models.push({ families: [...new Set(families)], sections });
  }
  result(): { kernelSections: Record<string, number>; kernelFamilies: Record<string, string[]>; familyStackBytes: Record<string, number> } {
    for (const m of this.models) {
      const unknown = m.families.filter((f) => !this.has(f));
      if (unknown.length !== 1) continue;
      const known = new Set(m.families.filter((f) => this.has(f)).flatMap((f) => this.families[f]));
      this.families[unknown[0]] = Object.keys(m.sections).filter((s) => !known.has(s)).sort();
    }
    const sorted = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
    return { kernelSections: sorted(this.sections), kernelFamilies: sorted(this.families), familyStackBytes: sorted(this.stacks) };
  }
}

const missing = missingToolchain("m4");
if (missing !== null) throw new Error(missing);
await tfReady();
const graphs = calibrationGraphs();
const RUNS: [Exclude<DeployTarget, "host">, KernelImpl[]][] = [["m3", ["reference"]], ["m4", ["reference", "simd", "cmsis-nn"]], ["m7", ["reference", "simd", "cmsis-nn"]]];
const out: Record<string, Record<string, Record<string, number>>> = {};
const memory: Record<string, Record<string, MeasuredMemory>> = {};
for (const [target, sets] of RUNS) {
  const buckets = new Map<string, Observation[]>();
  memory[target] = {};
  for (const kernels of sets) {
    const stacks: number[] = [];
    const flash: Observation[] = [];
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
        const modelObject = FLASH.reduce((a, s) => a + (map.objects["model.o"]?.[s] ?? 0), 0);
        const weights = graph.tensors.reduce((a, t) => a + (t.data === undefined ? 0 : t.data.byteLength), 0);
        const tables = layers.reduce((a, l) => a + requantTableBytes(l), 0);
        // No intercept: a graph-wide constant cannot be told apart from the operators every calibration graph has.
        const features: Record<string, number> = {};
        for (const l of layers) features[l.kernel] = (features[l.kernel] ?? 0) + 1;
        flash.push({ features, instructions: modelObject - weights - tables });
        code.addModel(layers.map((l) => kernelFeatures(l, kernels).model), kernelSections(map));
        graph.operators.forEach((_, k) => {
          const family = kernelFeatures(layers[k], kernels).model;
          if (code.has(family) || graph.operators[k].inputs.filter((i) => graph.tensors[i].data === undefined).length !== 1) return;
          // The family's own functions: the operator alone, built (not run) with the same kernels.
          const single = extractOperator(graph, k);
          const one = mkdtempSync(join(tmpdir(), "hwsim-cal-op-"));
          try {
            writeProject(single, target, one, [new Int8Array(elementCount(single.tensors[single.inputs[0]].shape))], kernels);
            buildProject(one, target);
            // A large single output can outgrow the harness's printout; the family then keeps no stack of its own.
            let stack: number | null = null;
            try { stack = runProject(one, target).stackBytes; } catch { stack = null; }
            code.addFamily(family, kernelSections(linkerMapSizes(readFileSync(join(one, "model.map"), "utf8"))), stack);
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
    const fit = fitCostModel(flash);
    memory[target][kernels] = { stackBytes: Math.max(...stacks), flashPerOperator: Object.fromEntries(Object.entries(fit).map(([k, v]) => [k, Math.round(v)])), ...code.result() };
    const worst = Math.max(...flash.map((o) => Math.abs(applyCostModel(fit, o.features) - o.instructions)));
    console.log(`${target} ${kernels} memory: stack ${Math.min(...stacks)}-${Math.max(...stacks)} bytes; model_invoke and parameters: worst fit error ${worst.toFixed(0)} bytes; ${Object.keys(code.result().kernelFamilies).length} kernel families`);
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
  about: "Instructions per loop body of the generated C (lib/deploy/c; with cmsis-nn, of the CMSIS-NN functions it calls), fitted by datasets/scripts/calibrateHwsim.ts to QEMU -icount counts of the synthetic graphs in lib/hwsim/calibration/calibrationModels.ts. Keys: QEMU core, kernel model (lib/hwsim/kernelFeatures.ts), loop body. memory: per core and kernel set, the largest stack high-water mark, and each kernel family's run alone; model.o's flash beyond weights and requantization tables (bytes per layer kind); and the kernel code: each input section's bytes and the sections each kernel family links (from single-operator builds), from the linker maps of the same builds.",
  toolchain: version("arm-none-eabi-gcc"),
  emulator: version("qemu-system-arm"),
  flags: "-O2 -std=c99 -mthumb, -mcpu per core",
  coefficients: out,
  memory,
};
writeFileSync(join(projectRoot(), "lib", "hwsim", "calibration", "generatedC.json"), JSON.stringify(doc, null, 1) + "\n");
