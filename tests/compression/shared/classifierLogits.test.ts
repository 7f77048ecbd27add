import { strict as assert } from "node:assert";
import { classifierLogits } from "../../../lib/compression/shared/classifierLogits.js";
import { loadDataset } from "../../../lib/data/loadDataset.js";
import { dsCnn } from "../../../lib/models/dsCnn.js";
import { tf, tfReady } from "../../../lib/tf/tf.js";

describe("compression: classifierLogits", () => {
  before(async () => { await tfReady(); });

  it("gives logits whose softmax is the model's own output, over several batches", () => {
    const data = loadDataset("synthetic-keywords", { split: "test", limit: 300, seed: 4 });
    const model = dsCnn({ seed: 9, filters: 8 });
    const logits = classifierLogits(model, data);
    assert.equal(logits.length, 300 * 12);
    const [fromLogits, predicted] = tf.tidy(() => [
      tf.softmax(tf.tensor2d(logits, [300, 12])).dataSync(),
      (model.predict(tf.tensor(data.x, data.shape)) as tf.Tensor).dataSync(),
    ]);
    fromLogits.forEach((p, i) => assert.ok(Math.abs(p - predicted[i]) <= 1e-5, `[${i}] ${p} vs ${predicted[i]}`));
  });

  it("refuses a model whose last layer is not a softmax Dense, by name", () => {
    const x = tf.input({ shape: [4] });
    const model = tf.model({ inputs: x, outputs: tf.layers.dense({ units: 3, activation: "relu" }).apply(x) as tf.SymbolicTensor, name: "relu_head" });
    assert.throws(() => classifierLogits(model, { x: new Float32Array(4), shape: [1, 4], labels: Int32Array.of(0) }), /relu_head: logits need a last layer Dense with softmax, found Dense \(relu\)/);
  });
});
