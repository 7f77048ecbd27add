// Trains the course models shipped in lib/models/pretrained and writes their cards.
// Deterministic: the same command gives the same weights.bin (checked by its SHA-256).
//   node --import tsx datasets/scripts/trainPretrainedModels.ts
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadDataset } from "../../lib/data/loadDataset.js";
import { dsCnn } from "../../lib/models/dsCnn.js";
import { pretrainedDir, type PretrainedCard } from "../../lib/models/pretrainedModels.js";
import { saveModel } from "../../lib/tf/modelFiles.js";
import { seedEverything } from "../../lib/tf/seedEverything.js";
import { tf, tfReady } from "../../lib/tf/tf.js";
import { ProgressBar } from "../../lib/viz/ProgressBar.js";

const EPOCHS = 12;
const backend = await tfReady();
seedEverything(1);
const train = loadDataset("synthetic-keywords", { split: "train", seed: 1 });
const test = loadDataset("synthetic-keywords", { split: "test" });
const model = dsCnn({ seed: 1, classes: train.classNames.length, bnMomentum: 0.9 });
model.compile({ optimizer: tf.train.adam(0.003), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
const xs = tf.tensor(train.x, train.shape);
const ys = tf.tensor(train.labels, [train.labels.length], "float32");
const steps = Math.ceil(train.labels.length / 32);
const bar = new ProgressBar({ total: EPOCHS * steps, label: "ds-cnn-kws" });
let step = 0;
await model.fit(xs, ys, {
  epochs: EPOCHS, batchSize: 32, shuffle: true, verbose: 0,
  callbacks: { onBatchEnd: async (_b, logs) => bar.update(++step, { loss: logs?.loss ?? NaN }) },
});
bar.done();
const pred = (model.predict(tf.tensor(test.x, test.shape)) as tf.Tensor).argMax(-1).dataSync();
let right = 0;
pred.forEach((p, i) => (right += p === test.labels[i] ? 1 : 0));
const dir = pretrainedDir("ds-cnn-kws");
await saveModel(model, dir);
const card: PretrainedCard = {
  name: "ds-cnn-kws",
  architecture: "dsCnn({ seed: 1, classes: 12, bnMomentum: 0.9 }): DS-CNN-S, 64 channels, 4 depthwise-separable blocks",
  dataset: "synthetic-keywords",
  testAccuracy: right / test.labels.length,
  testSamples: test.labels.length,
  training: `${EPOCHS} epochs of Adam (lr 0.003, batch 32) on the ${train.labels.length} train clips, seedEverything(1), tfjs ${tf.version.tfjs} ${backend}`,
  command: "node --import tsx datasets/scripts/trainPretrainedModels.ts",
  weightsSha256: createHash("sha256").update(readFileSync(join(dir, "weights.bin"))).digest("hex"),
};
writeFileSync(join(dir, "card.json"), JSON.stringify(card, null, 2) + "\n");
console.log(`ds-cnn-kws: test accuracy ${(100 * card.testAccuracy).toFixed(1)}% (${right}/${test.labels.length}); saved to ${dir}`);
