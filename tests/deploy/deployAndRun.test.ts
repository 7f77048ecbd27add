import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deployAndRun } from "../../lib/deploy/deployAndRun.js";
import { ARM_TOOLCHAIN_INSTALL } from "../../lib/deploy/deployTargets.js";
import { missingToolchain } from "../../lib/deploy/runProject.js";
import { estimate } from "../../lib/hwsim/estimate.js";
import { findDevice } from "../../lib/hwsim/findDevice.js";
import { courseModels, seededInputs } from "../support/courseModels.js";
import { requireTool } from "../support/requireTool.js";

describe("deploy: deployAndRun (write, build, run, compare in one call)", function () {
  this.timeout(300_000);

  it("on the host: every output equals the interpreter's; the project folder is kept only when asked", async () => {
    const { graph } = (await courseModels())[0];
    const r = deployAndRun(graph, "host", seededInputs(graph, 3, "deployAndRun"));
    assert.equal(r.unit, "ns");
    assert.equal(r.bitExact, 3);
    assert.equal(r.layerCounts.length, graph.operators.length);
    const dir = join(mkdtempSync(join(tmpdir(), "tinyml-dar-")), "project");
    deployAndRun(graph, "host", seededInputs(graph, 1, "kept"), { dir });
    assert.ok(existsSync(join(dir, "model.c")));
  });

  it("on QEMU's Cortex-M4: bit-exact, and the instruction count agrees with hwsim's prediction for that board within 3%", async function () {
    if (!requireTool(this, missingToolchain("m4") === null, "arm-none-eabi-gcc and qemu-system-arm", ARM_TOOLCHAIN_INSTALL)) return;
    const { graph } = (await courseModels())[0];
    const r = deployAndRun(graph, "m4", seededInputs(graph, 2, "deployAndRun m4"));
    assert.equal(r.unit, "instructions");
    assert.equal(r.bitExact, 2);
    const predicted = estimate(graph, findDevice("mps2-an386")).instructions;
    assert.ok(Math.abs(predicted / r.total - 1) < 0.03, `predicted ${predicted}, measured ${r.total}`);
  });
});
