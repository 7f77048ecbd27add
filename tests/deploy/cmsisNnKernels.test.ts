import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { CMSIS_NN_FETCH, hasCmsisNnSources } from "../../lib/deploy/cmsisNnLibrary.js";
import { deployAndRun } from "../../lib/deploy/deployAndRun.js";
import { ARM_TOOLCHAIN_INSTALL } from "../../lib/deploy/deployTargets.js";
import { countsByKernelKind } from "../../lib/deploy/kernelKinds.js";
import { missingToolchain } from "../../lib/deploy/runProject.js";
import { THIRD_PARTY_MODELS } from "../../lib/data/thirdPartyModels.js";
import { readTflite } from "../../lib/ir/tflite/readTflite.js";
import { visionModel } from "../../lib/models/visionModel.js";
import { courseModels, seededInputs } from "../support/courseModels.js";
import { requireTool } from "../support/requireTool.js";
import { requireModel } from "../support/thirdPartyModels.js";


describe("deploy: the cmsis-nn kernel set (generated calls into Arm's CMSIS-NN s8 functions)", function () {
  this.timeout(900_000);

  it("on the host: the seven shared models, the course models and lab 05's vision model equal the interpreter bit for bit", async function () {
    if (!requireTool(this, hasCmsisNnSources(), "the CMSIS-NN sources", CMSIS_NN_FETCH)) return;
    const graphs = THIRD_PARTY_MODELS.map((m) => readTflite(new Uint8Array(readFileSync(requireModel(this, m.name))), m.name));
    for (const { graph } of await courseModels()) graphs.push(graph);
    graphs.push(visionModel());
    for (const g of graphs) {
      const run = deployAndRun(g, "host", seededInputs(g, 3, `cmsis ${g.name}`), { kernels: "cmsis-nn" });
      assert.equal(run.bitExact, 3, g.name);
    }
  });

  it("on QEMU's Cortex-M4 and M7: bit-exact, with CMSIS-NN's DSP paths; instructions beside the course's SIMD kernels per kernel kind", function () {
    if (!requireTool(this, hasCmsisNnSources(), "the CMSIS-NN sources", CMSIS_NN_FETCH)) return;
    if (!requireTool(this, missingToolchain("m4") === null, "the Arm toolchain and QEMU", ARM_TOOLCHAIN_INSTALL)) return;
    for (const name of ["kws_ref_model.tflite", "pretrainedResnet_quant.tflite", "vww_96_int8.tflite"]) {
      const g = readTflite(new Uint8Array(readFileSync(requireModel(this, name))), name);
      for (const core of ["m4", "m7"] as const) {
        const inputs = seededInputs(g, 1, `cmsis ${name} ${core}`);
        const cmsis = deployAndRun(g, core, inputs, { kernels: "cmsis-nn" });
        const ours = deployAndRun(g, core, inputs, { kernels: "simd" });
        assert.equal(cmsis.bitExact, 1, `${name} ${core}`);
        assert.equal(ours.bitExact, 1, `${name} ${core}`);
        const kinds = countsByKernelKind(g, ours.layerCounts);
        const theirs = new Map(countsByKernelKind(g, cmsis.layerCounts).map((t) => [t.kind, t.count]));
        console.log(`      ${name} ${core}: ours / CMSIS-NN ${(ours.total / cmsis.total).toFixed(2)} (${ours.total} / ${cmsis.total}); ${kinds.map((t) => `${t.kind} ${(t.count / (theirs.get(t.kind) ?? NaN)).toFixed(2)}`).join(", ")}`);
      }
    }
  });
});
