import { strict as assert } from "node:assert";
import { dsCnn } from "../../lib/models/dsCnn.js";
import { predictParallel, stopPredictWorkers } from "../../lib/tf/predictParallel.js";
import { tf, tfReady } from "../../lib/tf/tf.js";

async function same(model: tf.LayersModel, x: tf.Tensor): Promise<void> {
  const want = tf.tidy(() => model.predict(x) as tf.Tensor);
  const got = await predictParallel(model, x);
  assert.deepEqual(got.shape, want.shape);
  // Bit for bit: each slice runs through the same kernels as model.predict.
  assert.deepEqual(Array.from(got.dataSync()), Array.from(want.dataSync()));
  tf.dispose([want, got]);
}

describe("lib/tf predictParallel", function () {
  before(async function () {
    assert.equal(await tfReady(), "wasm");
  });
  after(async function () {
    await stopPredictWorkers();
  });

  it("equals model.predict bit for bit, and follows the weights as training changes them", async function () {
    const model = dsCnn({ inputShape: [12, 8], classes: 3, filters: 8, blocks: 2, seed: 2 });
    const x = tf.randomNormal([13, 12, 8, 1], 0, 1, "float32", 3);
    await same(model, x);
    model.compile({ optimizer: tf.train.adam(0.05), loss: "categoricalCrossentropy" });
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: 13 }, (_, i) => i % 3), "int32"), 3);
    await model.trainOnBatch(x, y);
    await same(model, x);
    // A second model of another shape in the same workers.
    const other = dsCnn({ inputShape: [10, 6], classes: 2, filters: 4, blocks: 1, seed: 4 });
    const x2 = tf.randomNormal([9, 10, 6, 1], 0, 1, "float32", 5);
    await same(other, x2);
    await same(model, x);
    tf.dispose([x, y, x2]);
    model.dispose();
    other.dispose();
  });

  it("keeps working after its workers are stopped, and for batches too small to split", async function () {
    const model = dsCnn({ inputShape: [12, 8], classes: 3, filters: 4, blocks: 1, seed: 6 });
    await stopPredictWorkers();
    const x = tf.randomNormal([8, 12, 8, 1], 0, 1, "float32", 7);
    await same(model, x);
    const one = tf.randomNormal([1, 12, 8, 1], 0, 1, "float32", 8);
    await same(model, one);
    tf.dispose([x, one]);
    model.dispose();
  });

  it("predicts a model the workers cannot rebuild (a custom layer) on this thread", async function () {
    class Doubler extends tf.layers.Layer {
      static className = "TinymlTestDoubler";
      call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
        return tf.mul(Array.isArray(inputs) ? inputs[0] : inputs, 2);
      }
    }
    tf.serialization.registerClass(Doubler);
    const input = tf.input({ shape: [5] });
    const out = tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(new Doubler().apply(input)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const x = tf.randomNormal([12, 5], 0, 1, "float32", 9);
    await same(model, x);
    await same(model, x);
    tf.dispose(x);
    model.dispose();
  });
});
