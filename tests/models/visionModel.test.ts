import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VISION_MODEL_FILE, visionModel } from "../../lib/models/visionModel.js";
import { ROOT } from "../support/runCli.js";

describe("models: lab 05's vision model", function () {
  this.timeout(120_000);

  it("the shipped .tflite is what its seeds make, byte for byte, and reads back as a 64x64x3 int8 MobileNetV2", () => {
    // A fresh process, as a user runs the script: on the default backend, whatever other tests chose for theirs.
    const out = join(mkdtempSync(join(tmpdir(), "vision-model-")), "model.tflite");
    const r = spawnSync(process.execPath, ["--import", "tsx", "datasets/scripts/makeVisionModel.ts", "--out", out], { cwd: ROOT, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(readFileSync(out).equals(readFileSync(VISION_MODEL_FILE())), "rerun datasets/scripts/makeVisionModel.ts");
    const g = visionModel();
    assert.deepEqual(g.tensors[g.inputs[0]].shape, [1, 64, 64, 3]);
    assert.equal(g.tensors[g.inputs[0]].dtype, "int8");
    assert.equal(g.operators.filter((op) => op.kind === "DEPTHWISE_CONV_2D").length, 17);
  });
});
