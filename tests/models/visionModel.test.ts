import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { writeTflite } from "../../lib/ir/tflite/writeTflite.js";
import { makeVisionModel } from "../../lib/models/makeVisionModel.js";
import { VISION_MODEL_FILE, visionModel } from "../../lib/models/visionModel.js";

describe("models: lab 05's vision model", function () {
  this.timeout(120_000);

  it("the shipped .tflite is what its seeds make, byte for byte, and reads back as a 64x64x3 int8 MobileNetV2", async () => {
    const shipped = new Uint8Array(readFileSync(VISION_MODEL_FILE()));
    assert.ok(Buffer.from(writeTflite(await makeVisionModel())).equals(Buffer.from(shipped)), "rerun datasets/scripts/makeVisionModel.ts");
    const g = visionModel();
    assert.deepEqual(g.tensors[g.inputs[0]].shape, [1, 64, 64, 3]);
    assert.equal(g.tensors[g.inputs[0]].dtype, "int8");
    assert.equal(g.operators.filter((op) => op.kind === "DEPTHWISE_CONV_2D").length, 17);
  });
});
