import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { countsByKernelKind, kernelKind } from "../../lib/deploy/kernelKinds.js";
import { readTflite } from "../../lib/ir/tflite/readTflite.js";
import { requireModel } from "../support/thirdPartyModels.js";

describe("deploy: kernel kinds", () => {
  it("classifies MLPerf Tiny's DS-CNN by shape: 10x4 stem, 3x3 depthwise, 1x1 pointwise, dense", function () {
    const g = readTflite(new Uint8Array(readFileSync(requireModel(this, "kws_ref_model.tflite"))), "kws");
    const kinds = g.operators.map((_, k) => kernelKind(g, k));
    assert.deepEqual(kinds.slice(0, 3), ["conv", "depthwise 3x3", "conv 1x1"]);
    assert.equal(kinds.filter((k) => k === "depthwise 3x3").length, 4);
    assert.equal(kinds.filter((k) => k === "conv 1x1").length, 4);
    assert.ok(kinds.includes("fully connected") && kinds.includes("AVERAGE_POOL_2D"));
  });

  it("sums counts per kind over the operators with MACs only", function () {
    const g = readTflite(new Uint8Array(readFileSync(requireModel(this, "kws_ref_model.tflite"))), "kws");
    const totals = countsByKernelKind(g, g.operators.map(() => 10));
    // By hand from the model card: stem 25*5*64*40 MACs; 4 depthwise 25*5*64*9; 4 pointwise 25*5*64*64; dense 64*12.
    assert.deepEqual(totals, [
      { kind: "conv", macs: 320000, count: 10 },
      { kind: "depthwise 3x3", macs: 4 * 72000, count: 40 },
      { kind: "conv 1x1", macs: 4 * 512000, count: 40 },
      { kind: "fully connected", macs: 768, count: 10 },
    ]);
  });
});
