import type { Dataset } from "../data/loadDataset.js";
import { makeRng, type Rng } from "../tf/seedEverything.js";
import { tf } from "../tf/tf.js";
import { clipsTensor } from "./clipsTensor.js";
import { workStarted, yieldOrStop } from "../viz/kernelInterrupts.js";
import { ProgressBar } from "../viz/ProgressBar.js";
import type { KwsArch } from "./kwsSearchSpace.js";
import type { Supernet } from "./Supernet.js";

/** The architectures one training step runs (their losses are summed), given the step number and a seeded generator. */
export type ArchSampler = (step: number, rng: Rng) => KwsArch[];

export interface TrainSupernetOptions {
  /** Training clips: x float32 [n, 49, 10, 1], labels in [0, 12). */
  data: Dataset;
  steps: number;
  sampler: ArchSampler;
  /** Seeds the clip order and the sampler. */
  seed: number;
  batchSize?: number;
  /** Adam's step size; default 3e-3. */
  learningRate?: number;
  /** Progress bar label; false for none. */
  label?: string | false;
}

/**
 * Trains `net`'s shared weights in place with Adam: each step draws a batch (a seeded
 * shuffle per epoch), runs every architecture `sampler` names on it with batch-norm on
 * batch statistics, and takes one step on the sum of their cross-entropies. Returns
 * the mean loss per architecture of each step. Interruptible between steps.
 */
export async function trainSupernet(net: Supernet, opts: TrainSupernetOptions): Promise<{ losses: number[] }> {
  const { data, steps } = opts;
  const batchSize = opts.batchSize ?? 32;
  const n = data.labels.length;
  if (!(steps >= 1) || !Number.isInteger(steps)) throw new RangeError(`steps must be a positive integer, got ${steps}`);
  if (n < batchSize) throw new RangeError(`${n} training clips is fewer than one batch of ${batchSize}`);
  const rng = makeRng(opts.seed);
  const optimizer = tf.train.adam(opts.learningRate ?? 3e-3);
  const x = clipsTensor(data);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(data.labels, "int32"), 12).toFloat());
  // Every weight gets a gradient each step, zero where no architecture used it: tfjs's Adam
  // pairs its moment estimates with gradients by position, so the set must not change.
  const variables = [...net.weights.values()];
  const label = opts.label === undefined ? "supernet" : opts.label;
  const bar = label === false ? null : new ProgressBar({ total: steps, label });
  const since = workStarted();
  const losses: number[] = [];
  let order = new Int32Array(0), at = n;
  try {
    for (let step = 0; step < steps; step++) {
      if (at + batchSize > n) {
        order = Int32Array.from({ length: n }, (_, i) => i);
        for (let i = n - 1; i > 0; i--) { const j = Math.floor(rng() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
        at = 0;
      }
      const archs = opts.sampler(step, rng);
      const idx = tf.tensor1d(order.subarray(at, at + batchSize), "int32");
      at += batchSize;
      const loss = tf.tidy(() => {
        const xb = tf.gather(x, idx) as tf.Tensor4D, yb = tf.gather(y, idx);
        const { value, grads } = tf.variableGrads(() => tf.addN(archs.map((a) => tf.losses.softmaxCrossEntropy(yb, net.forward(a, xb, { kind: "batch" })))) as tf.Scalar);
        optimizer.applyGradients(variables.map((v) => ({ name: v.name, tensor: grads[v.name] ?? tf.zerosLike(v) })));
        return value;
      });
      losses.push(loss.dataSync()[0] / archs.length);
      loss.dispose();
      idx.dispose();
      bar?.update(step + 1, { loss: losses[losses.length - 1] });
      await yieldOrStop(since, typeof label === "string" ? label : "supernet training");
    }
  } finally {
    x.dispose();
    y.dispose();
    optimizer.dispose();
  }
  bar?.done({ loss: losses[losses.length - 1] ?? NaN });
  return { losses };
}
