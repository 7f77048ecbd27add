// Measures the generated C on QEMU (instructions per layer, -icount shift=0) for the
// synthetic calibration graphs and fits instructions per loop body for every kernel
// model, core and kernel set. Writes lib/hwsim/calibration/generatedC.json.
// Run: node --import tsx datasets/scripts/calibrateHwsim.ts   (needs arm-none-eabi-gcc and qemu-system-arm)
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KernelImpl } from "../../lib/hwsim/kernelFeatures.js";
import type { DeployTarget } from "../../lib/deploy/deployTargets.js";
import { buildProject, missingToolchain, runProject } from "../../lib/deploy/runProject.js";
import { writeProject } from "../../lib/deploy/writeProject.js";
import { elementCount } from "../../lib/ir/Graph.js";
import { planOperator } from "../../lib/ir/kernels/prepareOperator.js";
import { calibrationGraphs } from "../../lib/hwsim/calibration/calibrationModels.js";
import type { Observation } from "../../lib/hwsim/calibration/fitCostModel.js";
import { applyCostModel, fitCostModel } from "../../lib/hwsim/calibration/fitCostModel.js";
import { kernelFeatures } from "../../lib/hwsim/kernelFeatures.js";
import { projectRoot } from "../../lib/projectRoot.js";
import { tfReady } from "../../lib/tf/tf.js";

const missing = missingToolchain("m4");
if (missing !== null) throw new Error(missing);
await tfReady();
const graphs = calibrationGraphs();
const RUNS: [Exclude<DeployTarget, "host">, KernelImpl[]][] = [["m3", ["reference"]], ["m4", ["reference", "simd", "cmsis-nn"]], ["m7", ["reference", "simd", "cmsis-nn"]]];
const out: Record<string, Record<string, Record<string, number>>> = {};
for (const [target, sets] of RUNS) {
  const buckets = new Map<string, Observation[]>();
  for (const kernels of sets) {
    for (const graph of graphs) {
      const dir = mkdtempSync(join(tmpdir(), "hwsim-cal-"));
      try {
        const x = Int8Array.from({ length: elementCount(graph.tensors[graph.inputs[0]].shape) }, (_, i) => ((i * 53) % 256) - 128);
        writeProject(graph, target, dir, [x], kernels);
        buildProject(dir, target);
        const run = runProject(dir, target);
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
  about: "Instructions per loop body of the generated C (lib/deploy/c; with cmsis-nn, of the CMSIS-NN functions it calls), fitted by datasets/scripts/calibrateHwsim.ts to QEMU -icount counts of the synthetic graphs in lib/hwsim/calibration/calibrationModels.ts. Keys: QEMU core, kernel model (lib/hwsim/kernelFeatures.ts), loop body.",
  toolchain: version("arm-none-eabi-gcc"),
  emulator: version("qemu-system-arm"),
  flags: "-O2 -std=c99 -mthumb, -mcpu per core",
  coefficients: out,
};
writeFileSync(join(projectRoot(), "lib", "hwsim", "calibration", "generatedC.json"), JSON.stringify(doc, null, 1) + "\n");
