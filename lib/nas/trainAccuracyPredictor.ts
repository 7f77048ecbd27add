import { tf } from "../tf/tf.js";
import { seedEverything } from "../tf/seedEverything.js";
import { workStarted, yieldOrStop } from "../viz/kernelInterrupts.js";
import { ProgressBar } from "../viz/ProgressBar.js";
import type { KwsArch } from "./kwsSearchSpace.js";

/** An accuracy predictor: an MLP on an architecture's encoding. */
export interface AccuracyPredictor {
  /** Predicted top-1 accuracy of each architecture, float32, about [0, 1]. */
  predict(archs: readonly KwsArch[]): Float32Array;
  model: tf.LayersModel;
}

export interface PredictorOptions {
  /** The architecture's feature vector (lab 04's encodeArch, or its reference); every vector must have the same length. */
  encode: (arch: KwsArch) => Float32Array;
  /** Default 150. */
  epochs?: number;
  /** Hidden layer widths; default [64, 64]. */
  hidden?: number[];
  seed: number;
  label?: string | false;
}

/**
 * Trains an MLP (ReLU hidden layers, one linear output) on (architecture, accuracy) pairs
 * with Adam (lr 3e-3, batch 32) on the mean squared error, as Once-for-All's accuracy
 * predictor. Seeded: initial weights and shuffling repeat. Interruptible between epochs.
 */
export async function trainAccuracyPredictor(pairs: readonly { arch: KwsArch; accuracy: number }[], o: PredictorOptions): Promise<AccuracyPredictor> {
  if (pairs.length < 2) throw new RangeError(`need at least 2 (architecture, accuracy) pairs, got ${pairs.length}`);
  const features = pairs.map((p) => o.encode(p.arch));
  const width = features[0].length;
  const bad = features.findIndex((f) => !(f instanceof Float32Array) || f.length !== width);
  if (bad >= 0) throw new RangeError(`encode gave ${features[bad]?.length} values for pair ${bad} but ${width} for pair 0: every encoding must have the same length`);
  seedEverything(o.seed);
  const init = (k: number) => tf.initializers.glorotUniform({ seed: o.seed * 101 + k });
  const model = tf.sequential({ name: "accuracy_predictor" });
  (o.hidden ?? [64, 64]).forEach((units, k) => model.add(tf.layers.dense({ units, activation: "relu", inputShape: k === 0 ? [width] : undefined, kernelInitializer: init(k) })));
  model.add(tf.layers.dense({ units: 1, kernelInitializer: init(99) }));
  model.compile({ optimizer: tf.train.adam(3e-3), loss: "meanSquaredError" });
  const x = tf.tensor2d(features.flatMap((f) => Array.from(f)), [pairs.length, width]);
  const y = tf.tensor2d(pairs.map((p) => p.accuracy), [pairs.length, 1]);
  const epochs = o.epochs ?? 150;
  const label = o.label === undefined ? "accuracy predictor" : o.label;
  const bar = label === false ? null : new ProgressBar({ total: epochs, label });
  const since = workStarted();
  try {
    await model.fit(x, y, {
      epochs, batchSize: 32, shuffle: true, verbose: 0,
      callbacks: { onEpochEnd: async (epoch, logs) => { bar?.update(epoch + 1, { mse: logs?.loss ?? NaN }); await yieldOrStop(since, typeof label === "string" ? label : "accuracy predictor"); } },
    });
  } finally {
    x.dispose();
    y.dispose();
  }
  bar?.done();
  return {
    model,
    predict(archs) {
      if (archs.length === 0) return new Float32Array(0);
      return tf.tidy(() => (model.predict(tf.tensor2d(archs.flatMap((a) => Array.from(o.encode(a))), [archs.length, width])) as tf.Tensor).dataSync() as Float32Array);
    },
  };
}
