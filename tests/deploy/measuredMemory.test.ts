import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CMSIS_NN_FETCH, hasCmsisNnSources } from "../../lib/deploy/cmsisNnLibrary.js";
import type { KernelSet } from "../../lib/deploy/codegen/generateC.js";
import { deployAndRun } from "../../lib/deploy/deployAndRun.js";
import { ARM_TOOLCHAIN_INSTALL, MCU_BOARDS } from "../../lib/deploy/deployTargets.js";
import { missingToolchain, runProject } from "../../lib/deploy/runProject.js";
import { writeProject } from "../../lib/deploy/writeProject.js";
import { estimate } from "../../lib/hwsim/estimate.js";
import { findDevice } from "../../lib/hwsim/findDevice.js";
import type { Graph } from "../../lib/ir/Graph.js";
import { readTflite } from "../../lib/ir/tflite/readTflite.js";
import type { Planner } from "../../lib/hwsim/planMemory.js";
import { visionModel } from "../../lib/models/visionModel.js";
import { courseModels, seededInputs } from "../support/courseModels.js";
import { requireModel } from "../support/thirdPartyModels.js";
import { requireTool } from "../support/requireTool.js";

/** Section sizes by binutils' own `size -A`, an independent reading of the linked image. */
function sizeA(elf: string): Record<string, number> {
  const r = spawnSync("arm-none-eabi-size", ["-A", elf], { encoding: "utf8" });
  return Object.fromEntries([...r.stdout.matchAll(/^(\.\S+)\s+(\d+)\s+\d+$/gm)].map((m) => [m[1], Number(m[2])]));
}

/**
 * The stack bounds GCC's own call graph gives (`-fcallgraph-info=su`: each function's static frame and its calls):
 * `low`, the frames certainly live at the deepest kernel call (reset handler, main, model_invoke and the largest
 * kernel model_invoke calls directly), and `high`, the worst case over every path from main.
 */
function callGraphBounds(dir: string): { low: number; high: number } {
  const frame = new Map<string, number>();
  const calls = new Map<string, string[]>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".ci"))) {
    const text = readFileSync(join(dir, f), "utf8");
    for (const m of text.matchAll(/node: \{ title: "([^"]+)" label: "[^"]*\\n(\d+) bytes \(static\)"/g)) frame.set(m[1].replace(/^.*:/, ""), Number(m[2]));
    for (const m of text.matchAll(/edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"/g)) {
      const from = m[1].replace(/^.*:/, "");
      calls.set(from, [...(calls.get(from) ?? []), m[2].replace(/^.*:/, "")]);
    }
  }
  const worst = (fn: string, seen: Set<string>): number => {
    if (seen.has(fn)) return 0;
    const next = new Set(seen).add(fn);
    return (frame.get(fn) ?? 0) + Math.max(0, ...(calls.get(fn) ?? []).map((c) => worst(c, next)));
  };
  const at = (fn: string) => frame.get(fn) ?? 0;
  const kernels = (calls.get("model_invoke") ?? []).filter((c) => c.startsWith("tinyml_"));
  // The deepest frame may end in a word the kernel never writes (a pad for AAPCS's 8-byte stack alignment, or a
  // spill slot the path taken does not use), which a painted stack cannot see: the lower bound allows one word.
  return { low: at("reset_handler") + at("main") + at("model_invoke") + Math.max(...kernels.map(at)) - 4, high: at("reset_handler") + worst("main", new Set()) };
}

describe("deploy: measured SRAM and flash on QEMU (stack high-water mark, linker map)", function () {
  this.timeout(300_000);

  it("flash from the linker map equals binutils' size -A; the stack's high-water mark lies within GCC's call-graph bounds", async function () {
    if (!requireTool(this, missingToolchain("m4") === null, "the Arm toolchain and QEMU", ARM_TOOLCHAIN_INSTALL)) return;
    for (const { graph, inputs } of await courseModels()) {
      const dir = mkdtempSync(join(tmpdir(), "tinyml-measured-"));
      const run = deployAndRun(graph, "m4", inputs.slice(0, 1), { dir });
      const size = sizeA(join(dir, "model.elf"));
      assert.ok(run.flash !== null && run.stackBytes !== null && run.measuredSramBytes !== null);
      assert.equal(run.flash.firmwareBytes, size[".text"] + (size[".data"] ?? 0), graph.name);
      // The model's share: its weights are in it, and it is less than the whole image.
      assert.ok(run.flash.modelBytes > run.constantBytes && run.flash.modelBytes < run.flash.firmwareBytes, JSON.stringify(run.flash));
      assert.equal(run.measuredSramBytes, run.arenaBytes + run.scratchBytes + run.stackBytes);

      // The same project built with GCC's call-graph output, run again: the measured stack within the compiler's bounds.
      const ci = mkdtempSync(join(tmpdir(), "tinyml-callgraph-"));
      writeProject(graph, "m4", ci, inputs.slice(0, 1), "simd");
      const cflags = `${MCU_BOARDS.m4.cpuFlags.join(" ")} -O2 -std=c99 -Wall -Wextra -Werror -ffunction-sections -fdata-sections -fcallgraph-info=su`;
      const make = spawnSync("make", ["-s", "-C", ci, `CFLAGS=${cflags}`], { encoding: "utf8" });
      assert.equal(make.status, 0, make.stderr);
      const again = runProject(ci, "m4");
      const { low, high } = callGraphBounds(ci);
      assert.ok(again.stackBytes !== null && again.stackBytes >= low && again.stackBytes <= high, `${graph.name}: stack ${again.stackBytes}, call graph ${low}-${high}`);
      const predicted = estimate(graph, findDevice("mps2-an386"), { kernels: "simd" });
      console.log(`      ${graph.name}: SRAM measured ${run.measuredSramBytes} (stack ${run.stackBytes}; call graph ${low}-${high}), hwsim ${predicted.peakSramBytes}; flash measured ${run.flash.modelBytes} (firmware ${run.flash.firmwareBytes}), hwsim ${predicted.flashBytes}`);
    }
  });

  it("hwsim's peak SRAM and flash are within 5% of those measured on QEMU's M4: shared and course models, each planner that applies, each kernel set", async function () {
    if (!requireTool(this, missingToolchain("m4") === null, "the Arm toolchain and QEMU", ARM_TOOLCHAIN_INSTALL)) return;
    if (!requireTool(this, hasCmsisNnSources(), "the CMSIS-NN sources (../shared/peers or TINYML_CMSIS_NN)", CMSIS_NN_FETCH)) return;
    this.timeout(900_000);
    const shared = ["ad01_int8.tflite", "kws_ref_model.tflite", "pretrainedResnet_quant.tflite", "vww_96_int8.tflite", "hello_world_int8.tflite", "micro_speech_quantized.tflite", "person_detect.tflite"]
      .map((name) => readTflite(new Uint8Array(readFileSync(requireModel(this, name))), name));
    const vision = visionModel();
    // SIMD: every model with the default planner, and the other planners where they change the arena (depthwise
    // layers, a patchable first stage). The reference and CMSIS-NN kernels on three models of different make-up.
    const runs: [Graph, Planner, KernelSet][] = [
      ...[...shared, ...(await courseModels()).map((m) => m.graph), vision].map((g): [Graph, Planner, KernelSet] => [g, "greedy", "simd"]),
      [shared[1], "inplace-depthwise", "simd"], [shared[3], "inplace-depthwise", "simd"], [shared[3], "patch", "simd"],
      [vision, "inplace-depthwise", "simd"], [vision, "patch", "simd"], [vision, "patch-inplace", "simd"],
      ...[shared[1], shared[4], vision].flatMap((g): [Graph, Planner, KernelSet][] => [[g, "greedy", "reference"], [g, "greedy", "cmsis-nn"]]),
    ];
    const device = findDevice("mps2-an386");
    const rows: string[] = [];
    const bad: string[] = [];
    for (const [graph, planner, kernels] of runs) {
      const run = deployAndRun(graph, "m4", seededInputs(graph, 1, `memory ${graph.name}`), { kernels, planner });
      const predicted = estimate(graph, device, { kernels, planner });
      assert.ok(run.measuredSramBytes !== null && run.flash !== null);
      const sram = predicted.peakSramBytes / run.measuredSramBytes - 1, flash = predicted.flashBytes / run.flash.modelBytes - 1;
      rows.push(`${graph.name} ${planner} ${kernels}: SRAM ${run.measuredSramBytes} / ${predicted.peakSramBytes} (${(100 * sram).toFixed(1)}%), flash ${run.flash.modelBytes} / ${predicted.flashBytes} (${(100 * flash).toFixed(1)}%)`);
      if (Math.abs(sram) > 0.05 || Math.abs(flash) > 0.05) bad.push(rows[rows.length - 1]);
    }
    console.log(`      measured / hwsim:\n${rows.map((r) => `        ${r}`).join("\n")}`);
    assert.deepEqual(bad, []);
  });
});
