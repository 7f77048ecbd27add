// Trains the course's DS-CNN on synthetic-keywords' train split and measures accuracy
// on the held-out test split (unseen voices); writes the figure into the data card.
//   node --import tsx datasets/scripts/measureKeywordAccuracy.ts [epochs]
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadDataset } from "../../lib/data/loadDataset.js";
import type { DatasetManifest } from "../../lib/data/datasetManifest.js";
import { dataCard } from "../../lib/data/writeDataset.js";
import { dsCnn } from "../../lib/models/dsCnn.js";
import { seedEverything } from "../../lib/tf/seedEverything.js";
import { tf, tfReady } from "../../lib/tf/tf.js";

const epochs = Number(process.argv[2] ?? 10);
const backend = await tfReady();
seedEverything(1);
const train = loadDataset("synthetic-keywords", { split: "train", seed: 1 });
const test = loadDataset("synthetic-keywords", { split: "test" });
const model = dsCnn({ seed: 1, classes: 12 });
model.compile({ optimizer: tf.train.adam(0.003), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
const xs = tf.tensor(train.x, train.shape);
const ys = tf.tensor(train.labels, [train.labels.length], "float32");
const t0 = performance.now();
await model.fit(xs, ys, {
  epochs,
  batchSize: 32,
  shuffle: true,
  verbose: 0,
  callbacks: { onEpochEnd: (e, logs) => console.log(`epoch ${e + 1}: loss ${logs?.loss.toFixed(3)} acc ${logs?.acc.toFixed(3)}`) },
});
const seconds = (performance.now() - t0) / 1000;
const pred = (model.predict(tf.tensor(test.x, test.shape)) as tf.Tensor).argMax(-1).dataSync();
let right = 0;
pred.forEach((p, i) => (right += p === test.labels[i] ? 1 : 0));
const acc = right / test.labels.length;
console.log(`test accuracy ${(100 * acc).toFixed(1)}% (${right}/${test.labels.length}) after ${epochs} epochs, ${seconds.toFixed(0)} s on tfjs ${backend}`);
const dir = join(import.meta.dirname, "..", "synthetic-keywords");
const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as DatasetManifest;
m.measured = {
  "DS-CNN test accuracy": `${(100 * acc).toFixed(1)}% (${right}/${test.labels.length} clips of unseen voices) after ${epochs} epochs of Adam (lr 0.003, batch 32, seed 1) on the ${train.labels.length} train clips, ${seconds.toFixed(0)} s on tfjs ${backend}; measured by \`node --import tsx datasets/scripts/measureKeywordAccuracy.ts ${epochs}\``,
};
writeFileSync(join(dir, "manifest.json"), JSON.stringify(m, null, 2) + "\n");
const { files: _files, ...contents } = m;
void _files;
writeFileSync(join(dir, "CARD.md"), dataCard(contents));
