import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import seedrandom from "seedrandom";
import { convertModel } from "../../lib/deploy/convert/convertModel.js";
import { generateC } from "../../lib/deploy/codegen/generateC.js";
import { deployAndRun } from "../../lib/deploy/deployAndRun.js";
import { ARM_TOOLCHAIN_INSTALL } from "../../lib/deploy/deployTargets.js";
import { missingToolchain } from "../../lib/deploy/runProject.js";
import { checkMemoryPlan } from "../../lib/hwsim/checkMemoryPlan.js";
import { estimate } from "../../lib/hwsim/estimate.js";
import { findDevice } from "../../lib/hwsim/findDevice.js";
import { planMemory } from "../../lib/hwsim/planMemory.js";
import type { Graph } from "../../lib/ir/Graph.js";
import { readTflite } from "../../lib/ir/tflite/readTflite.js";
import { mobileNetV2 } from "../../lib/models/mobileNetV2.js";
import { tfReady } from "../../lib/tf/tf.js";
import { seededInputs } from "../support/courseModels.js";
import { requireTool } from "../support/requireTool.js";
import { requireModel } from "../support/thirdPartyModels.js";

/** The course's MobileNetV2 (alpha 0.35, 64x64x3, seeded weights) converted to int8: a stage with a residual ADD inside. */
async function courseMobileNet(): Promise<Graph> {
  await tfReady();
  const rng = seedrandom("patch mbv2");
  const calibration = Array.from({ length: 8 }, () => Float32Array.from({ length: 64 * 64 * 3 }, () => rng()));
  return convertModel(mobileNetV2({ inputShape: [64, 64, 3], alpha: 0.35, classes: 2, seed: 3 }), { calibration, name: "mbv2-64" }).int8;
}

describe("deploy: patch-based inference in the generated C (--planner patch, MCUNetV2)", function () {
  this.timeout(600_000);

  it("VWW and the course's MobileNetV2, patch and patch-inplace: host builds equal the interpreter bit for bit with both kernel sets; arena, stage and in-place layers equal hwsim's plan", async function () {
    if (!requireTool(this, missingToolchain("host") === null, "gcc and make", "sudo apt-get install gcc make")) return;
    const vww = readTflite(new Uint8Array(readFileSync(requireModel(this, "vww_96_int8.tflite"))), "vww");
    for (const g of [vww, await courseMobileNet()]) {
      for (const planner of ["patch", "patch-inplace"] as const) {
        const plan = planMemory(g, planner);
        assert.ok(plan.patch !== null, g.name);
        assert.deepEqual(checkMemoryPlan(plan), []);
        const gen = generateC(g, "simd", planner);
        assert.equal(gen.planNote, null);
        assert.deepEqual(gen.patch, { lastOperator: plan.patch.lastOperator, grid: plan.patch.grid });
        assert.deepEqual(gen.inPlaceLayers, plan.inPlaceOperators);
        assert.equal(gen.arena.bytes, plan.arenaBytes);
        assert.ok(gen.arena.bytes < planMemory(g, "greedy").arenaBytes);
        for (const kernels of ["reference", "simd"] as const) {
          const run = deployAndRun(g, "host", seededInputs(g, 2, `patch ${g.name}`), { kernels, planner });
          assert.equal(run.bitExact, 2, `${g.name} ${planner} ${kernels}`);
        }
      }
    }
    // On the course's MobileNetV2 the stage takes the first peak away, and in-place depthwise then lowers the next one.
    const mbv2 = await courseMobileNet();
    const both = planMemory(mbv2, "patch-inplace"), patchOnly = planMemory(mbv2, "patch");
    assert.ok(both.inPlaceOperators.length > 0 && both.arenaBytes + both.scratchBytes < patchOnly.arenaBytes, `${both.arenaBytes} + ${both.scratchBytes} vs ${patchOnly.arenaBytes}`);
  });

  it("a model with no patchable prefix says so and gets the greedy layout", async function () {
    const kws = readTflite(new Uint8Array(readFileSync(requireModel(this, "kws_ref_model.tflite"))), "kws");
    const gen = generateC(kws, "reference", "patch");
    assert.equal(gen.patch, null);
    assert.match(gen.planNote ?? "", /no prefix of kws runs patch by patch in a smaller arena/);
    assert.equal(gen.arena.bytes, planMemory(kws, "greedy").arenaBytes);
  });

  it("on QEMU's Cortex-M4 (VWW): bit-exact; measured SRAM falls with the arena; the recomputed halos' instructions are what hwsim predicts, within 1%", function () {
    if (!requireTool(this, missingToolchain("m4") === null, "the Arm toolchain and QEMU", ARM_TOOLCHAIN_INSTALL)) return;
    const g = readTflite(new Uint8Array(readFileSync(requireModel(this, "vww_96_int8.tflite"))), "vww");
    const inputs = seededInputs(g, 1, "patch vww m4");
    const [greedy, patch] = (["greedy", "patch"] as const).map((planner) => deployAndRun(g, "m4", inputs, { kernels: "simd", planner }));
    assert.equal(greedy.bitExact, 1);
    assert.equal(patch.bitExact, 1);
    assert.ok(greedy.measuredSramBytes !== null && patch.measuredSramBytes !== null);
    assert.ok(patch.measuredSramBytes < greedy.measuredSramBytes - 0.9 * (greedy.arenaBytes - patch.arenaBytes), `${patch.measuredSramBytes} vs ${greedy.measuredSramBytes}`);
    const device = findDevice("mps2-an386");
    const predicted = estimate(g, device, { kernels: "simd", planner: "patch" }).instructions;
    assert.ok(patch.total > greedy.total, "the halos cost instructions");
    assert.ok(Math.abs(patch.total / predicted - 1) < 0.01, `measured ${patch.total}, hwsim ${predicted}`);
    console.log(`      vww on m4: SRAM ${greedy.measuredSramBytes} -> ${patch.measuredSramBytes} bytes; instructions ${greedy.total} -> ${patch.total} (hwsim ${Math.round(predicted)})`);
  });
});
