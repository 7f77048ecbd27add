import { strict as assert } from "node:assert";
import seedrandom from "seedrandom";
import { convertModel } from "../../../lib/deploy/convert/convertModel.js";
import { graphAccuracy } from "../../../lib/deploy/convert/graphAccuracy.js";
import { loadDataset } from "../../../lib/data/loadDataset.js";
import type { Graph } from "../../../lib/ir/Graph.js";
import { elementCount } from "../../../lib/ir/Graph.js";
import { quantizeTensor } from "../../../lib/ir/quantizeTensor.js";
import { readTflite } from "../../../lib/ir/tflite/readTflite.js";
import { writeTflite } from "../../../lib/ir/tflite/writeTflite.js";
import { loadPretrained } from "../../../lib/models/pretrainedModels.js";
import { resnet8 } from "../../../lib/models/resnet8.js";
import { tf, tfReady } from "../../../lib/tf/tf.js";
import { assertAgreesWithArmNN } from "../../support/armnnAgreement.js";
import { requireTool } from "../../support/requireTool.js";
import { ARMNN_PACKAGES, hasArmNN } from "../../support/thirdPartyModels.js";

/** Samples of a flat dataset array as views, one per sample. */
function samplesOf(x: Float32Array, count: number): Float32Array[] {
  const per = x.length / count;
  return Array.from({ length: count }, (_, s) => x.subarray(s * per, (s + 1) * per));
}

describe("deploy/convert: the course's DS-CNN, trained on synthetic keywords, to int8", function () {
  this.timeout(300_000);
  const test = loadDataset("synthetic-keywords", { split: "test" });
  const calibration = loadDataset("synthetic-keywords", { split: "train", seed: 0, limit: 200 });
  let model: tf.LayersModel;
  let tfjsAccuracy = 0;
  const converted: Record<string, { float: Graph; int8: Graph }> = {};

  before(async () => {
    await tfReady();
    const loaded = await loadPretrained("ds-cnn-kws");
    model = loaded.model;
    const pred = tf.tidy(() => (model.predict(tf.tensor(test.x, test.shape)) as tf.Tensor).argMax(-1).dataSync());
    tfjsAccuracy = Array.from(pred).filter((p, i) => p === test.labels[i]).length / test.labels.length;
    // The shipped card records what its training script measured.
    assert.equal(tfjsAccuracy, loaded.card.testAccuracy);
    for (const method of ["minmax", "percentile"] as const) {
      converted[method] = convertModel(model, { calibration: samplesOf(calibration.x, calibration.labels.length), method });
    }
  });

  it("the float32 graph classifies the test split as tfjs does (at most one clip differs)", async () => {
    const { accuracy } = await graphAccuracy(converted.minmax.float, test.x, test.labels);
    assert.ok(Math.abs(accuracy - tfjsAccuracy) * test.labels.length <= 1, `graph ${accuracy} vs tfjs ${tfjsAccuracy}`);
  });

  for (const method of ["minmax", "percentile"]) {
    it(`int8 (${method} calibration, per-channel) is within 1 point of float32 on the test split`, async () => {
      const f = (await graphAccuracy(converted[method].float, test.x, test.labels)).accuracy;
      const q = (await graphAccuracy(converted[method].int8, test.x, test.labels)).accuracy;
      console.log(`      ${test.labels.length} test clips: float32 ${(100 * f).toFixed(2)}%, int8 ${(100 * q).toFixed(2)}%`);
      assert.ok(f > 0.85, `float accuracy ${f} is too low for the comparison to mean anything`);
      assert.ok(q >= f - 0.01, `int8 ${q} vs float ${f}`);
    });
  }

  it("the int8 graph survives the .tflite writer and reader unchanged", () => {
    const g = converted.minmax.int8;
    const back = readTflite(writeTflite(g), g.name);
    assert.deepEqual(back.operators, g.operators);
    assert.deepEqual(back.tensors.map((t) => [t.shape, t.dtype, t.quantization]), g.tensors.map((t) => [t.shape, t.dtype, t.quantization]));
  });

  describe("Arm NN CpuRef (independent oracle)", function () {
    before(function () {
      requireTool(this, hasArmNN(), "Arm NN (pyarmnn, CpuRef backend, TfLite parser) for Debian's /usr/bin/python3", ARMNN_PACKAGES);
    });

    it("the converted DS-CNN on 50 real test clips: every operator within 1 LSB", () => {
      const g = converted.minmax.int8;
      const spec = g.tensors[g.inputs[0]];
      const per = elementCount(spec.shape);
      const inputs = Array.from({ length: 50 }, (_, s) => quantizeTensor(spec, test.x.subarray(s * per, (s + 1) * per)));
      const r = assertAgreesWithArmNN(g, { inputs });
      assert.ok(r.perOperator >= 0.99, `per-operator exact ${r.perOperator}`);
    });

    it("a converted ResNet-8 (residual ADDs, per-channel convs) on 50 seeded inputs: every operator within 1 LSB", () => {
      const net = resnet8({ seed: 5 });
      const rng = seedrandom("resnet calibration");
      const samples = Array.from({ length: 16 }, () => Float32Array.from({ length: 32 * 32 * 3 }, () => rng()));
      assertAgreesWithArmNN(convertModel(net, { calibration: samples }).int8, { samples: 50 });
    });
  });
});
