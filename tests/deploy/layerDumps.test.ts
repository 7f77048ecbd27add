import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareDumps } from "../../lib/deploy/debug/compareDumps.js";
import { deployAndRun } from "../../lib/deploy/deployAndRun.js";
import { ARM_TOOLCHAIN_INSTALL } from "../../lib/deploy/deployTargets.js";
import { buildProject, missingToolchain, runProject } from "../../lib/deploy/runProject.js";
import { writeProject } from "../../lib/deploy/writeProject.js";
import { readTflite } from "../../lib/ir/tflite/readTflite.js";
import { seededInputs } from "../support/courseModels.js";
import { requireTool } from "../support/requireTool.js";
import { requireModel } from "../support/thirdPartyModels.js";

describe("deploy: layer-by-layer dumps of the generated C (--dump)", function () {
  this.timeout(300_000);

  it("a multiplier corrupted in one generated layer is located at that layer, and the layers before it are equal", function () {
    if (!requireTool(this, missingToolchain("host") === null, "gcc and make", "sudo apt-get install gcc make")) return;
    const g = readTflite(new Uint8Array(readFileSync(requireModel(this, "kws_ref_model.tflite"))), "kws");
    const inputs = seededInputs(g, 1, "dump kws");
    const dir = mkdtempSync(join(tmpdir(), "tinyml-dump-"));
    writeProject(g, "host", dir, inputs, "reference", "greedy", true);
    // Halve every requantization multiplier of layer 5 (a 1x1 convolution): a plausible code generator bug.
    const source = readFileSync(join(dir, "model.c"), "utf8");
    const corrupted = source.replace(/static const int32_t m5\[(\d+)\] __attribute__\(\(aligned\(16\)\)\) = \{([^}]*)\}/, (_, n: string, body: string) => `static const int32_t m5[${n}] __attribute__((aligned(16))) = {${body.split(",").map((v) => ` ${Math.floor(Number(v) / 2)}`).join(",")} }`);
    assert.notEqual(corrupted, source, "layer 5's multipliers were found in model.c");
    writeFileSync(join(dir, "model.c"), corrupted);
    buildProject(dir, "host");
    const c = compareDumps(g, runProject(dir, "host").dumps, inputs[0]);
    assert.equal(c.firstDiffering, 5);
    assert.ok(c.layers.slice(0, 5).every((l) => l.dumped && l.maxDiff === 0));
    assert.ok(c.layers[5].maxDiff > 0 && c.layers[5].perChannel.filter((d) => d > 0).length > 1);
  });

  it("on QEMU's Cortex-M4 a large model's layers stream out whole (VWW, 48 KB layers) and all equal the interpreter's", function () {
    if (!requireTool(this, missingToolchain("m4") === null, "the Arm toolchain and QEMU", ARM_TOOLCHAIN_INSTALL)) return;
    const g = readTflite(new Uint8Array(readFileSync(requireModel(this, "vww_96_int8.tflite"))), "vww");
    const run = deployAndRun(g, "m4", seededInputs(g, 1, "dump vww"), { dump: true });
    assert.ok(run.dumps !== null);
    assert.equal(run.dumps.firstDiffering, null);
    assert.equal(run.dumps.layers.filter((l) => l.dumped).length, g.operators.length);
    assert.equal(run.bitExact, 1);
  });
});
