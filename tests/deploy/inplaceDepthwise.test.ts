import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { deployAndRun } from "../../lib/deploy/deployAndRun.js";
import { ARM_TOOLCHAIN_INSTALL } from "../../lib/deploy/deployTargets.js";
import { generateC } from "../../lib/deploy/codegen/generateC.js";
import { missingToolchain } from "../../lib/deploy/runProject.js";
import { checkMemoryPlan } from "../../lib/hwsim/checkMemoryPlan.js";
import { estimate } from "../../lib/hwsim/estimate.js";
import { findDevice } from "../../lib/hwsim/findDevice.js";
import { planMemory } from "../../lib/hwsim/planMemory.js";
import { readTflite } from "../../lib/ir/tflite/readTflite.js";
import { seededInputs } from "../support/courseModels.js";
import { requireTool } from "../support/requireTool.js";
import { requireModel } from "../support/thirdPartyModels.js";

describe("deploy: in-place depthwise convolution in the generated C (--planner inplace-depthwise)", function () {
  this.timeout(600_000);

  it("on VWW (MobileNet, stride-1 depthwise at the arena's peak): the host build equals the interpreter bit for bit, and the arena and scratch equal hwsim's plan", function () {
    if (!requireTool(this, missingToolchain("host") === null, "gcc and make", "sudo apt-get install gcc make")) return;
    const g = readTflite(new Uint8Array(readFileSync(requireModel(this, "vww_96_int8.tflite"))), "vww");
    const greedy = generateC(g, "reference", "greedy");
    const gen = generateC(g, "reference", "inplace-depthwise");
    const plan = planMemory(g, "inplace-depthwise");
    assert.deepEqual(checkMemoryPlan(plan), []);
    assert.ok(gen.inPlaceLayers.length > 0);
    assert.equal(gen.arena.bytes, plan.arenaBytes);
    assert.ok(gen.arena.bytes < greedy.arena.bytes, `${gen.arena.bytes} vs greedy ${greedy.arena.bytes}`);
    const sim = estimate(g, findDevice("mps2-an386"), { kernels: "simd", planner: "inplace-depthwise" });
    assert.equal(generateC(g, "simd", "inplace-depthwise").scratchBytes, sim.scratchBytes);
    // Every in-place layer reads and writes one place in the arena.
    for (const k of gen.inPlaceLayers) assert.match(gen.files["model.c"], new RegExp(`tinyml_depthwise_conv2d_inplace_s8\\(&p${k}, &q${k}, \\(arena \\+ \\d+\\)`));
    const run = deployAndRun(g, "host", seededInputs(g, 2, "inplace vww"), { kernels: "simd", planner: "inplace-depthwise" });
    assert.equal(run.bitExact, 2);
  });

  it("on QEMU's Cortex-M4: bit-exact, and the measured SRAM (arena + scratch + stack) drops by what hwsim's plan predicts", function () {
    if (!requireTool(this, missingToolchain("m4") === null, "the Arm toolchain and QEMU", ARM_TOOLCHAIN_INSTALL)) return;
    const g = readTflite(new Uint8Array(readFileSync(requireModel(this, "vww_96_int8.tflite"))), "vww");
    const inputs = seededInputs(g, 1, "inplace vww m4");
    const [greedy, inplace] = (["greedy", "inplace-depthwise"] as const).map((planner) => deployAndRun(g, "m4", inputs, { kernels: "simd", planner }));
    assert.equal(greedy.bitExact, 1);
    assert.equal(inplace.bitExact, 1);
    assert.ok(greedy.measuredSramBytes !== null && inplace.measuredSramBytes !== null);
    const predicted = planMemory(g, "greedy").arenaBytes - planMemory(g, "inplace-depthwise").arenaBytes;
    const measured = greedy.arenaBytes + greedy.scratchBytes - (inplace.arenaBytes + inplace.scratchBytes);
    assert.ok(predicted > 0);
    // The scratch buffer may grow by a channel's temporary; the stacks differ by a frame or two.
    assert.ok(Math.abs(measured - predicted) <= planMemory(g, "inplace-depthwise").scratchBytes, `measured saving ${measured}, plan ${predicted}`);
    assert.ok(inplace.measuredSramBytes < greedy.measuredSramBytes);
    console.log(`      vww on m4: SRAM ${greedy.measuredSramBytes} -> ${inplace.measuredSramBytes} bytes; instructions ${greedy.total} -> ${inplace.total}`);
  });
});
