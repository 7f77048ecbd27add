import { tf } from "../../tf/tf.js";
import { seedEverything } from "../../tf/seedEverything.js";
import { ProgressBar } from "../../viz/ProgressBar.js";
import { workStarted, yieldOrStop } from "../../viz/kernelInterrupts.js";
import { bodyOutputs, headLogits, splitAtClassifier } from "../shared/classifierLogits.js";
import { distillationLossTf } from "./distillationLossTf.js";
import type { LabelledData } from "../shared/modelAccuracy.js";
import { predictRows } from "../shared/predictRows.js";

/** A FitNets-style hint (Romero et al. 2015): the student's features, through a learned linear map, regress the teacher's. */
export interface HintOptions {
  /** Name of the student layer whose output [batch, h, w, cs] gives the hint (average-pooled to [batch, cs]). */
  student: string;
  /** Name of the teacher layer whose output [batch, h', w', ct] is the target (average-pooled to [batch, ct]). */
  teacher: string;
  /** Weight of the hint's mean squared error next to the distillation loss. */
  weight: number;
}

export interface DistillOptions {
  epochs: number;
  /** Default 32. */
  batchSize?: number;
  /** Adam's learning rate; default 3e-3 (training from scratch). */
  learningRate?: number;
  /** Softening temperature T > 0; 1 is the plain softmax. */
  temperature: number;
  /** Weight of the soft-target term in [0, 1]; the hard labels get 1 - alpha (0: plain training on labels). */
  alpha: number;
  /** Optional hint loss on intermediate features. */
  hint?: HintOptions;
  /** Seeds shuffling and the hint regressor. Default 0. */
  seed?: number;
  /** The progress bar's label; false for none. */
  label?: string | false;
  /** Called after each epoch with its mean loss (a learning curve, say). */
  onEpoch?: (epoch: number, loss: number) => void;
}

/** [batch, h, w, c] to [batch, c] by averaging over space; [batch, c] stays. */
function pooled(t: tf.Tensor): tf.Tensor {
  return t.rank === 4 ? tf.mean(t, [1, 2]) : t;
}

/**
 * Trains `student` (a classifier ending in a softmax Dense, outputs
 * [batch, classes]) on `data` by knowledge distillation from `teacher`
 * (same input and classes, same kind of last layer): distillationLossTf on
 * both models' exact logits, plus `hint.weight` times the mean squared
 * error between the teacher's pooled features and a learned linear map (no
 * bias) of the student's. Adam, seeded shuffling; batch norm trains on
 * batch statistics. The teacher is only run, never trained. Returns the
 * mean loss of each epoch. With alpha = 0 this is plain training on the
 * labels, so a from-scratch baseline can use the same loop.
 */
export async function distill(student: tf.LayersModel, teacher: tf.LayersModel, data: LabelledData, opts: DistillOptions): Promise<{ epochLoss: number[] }> {
  const classes = student.outputs[0].shape[1] as number;
  if (teacher.outputs[0].shape[1] !== classes) throw new RangeError(`the teacher has ${teacher.outputs[0].shape[1]} classes, the student ${classes}`);
  if (!(opts.temperature > 0)) throw new RangeError(`temperature must be > 0, got ${opts.temperature}`);
  if (!(opts.alpha >= 0 && opts.alpha <= 1)) throw new RangeError(`alpha must be in [0, 1], got ${opts.alpha}`);
  const n = data.labels.length;
  const batchSize = opts.batchSize ?? 32;
  const h = opts.hint;
  const teacherSplit = splitAtClassifier(teacher, h === undefined ? [] : [teacher.getLayer(h.teacher).output as tf.SymbolicTensor]);
  // One pass of the teacher over the data: its logits, and its pooled hint features if any.
  const [teacherLogits, hintTarget] = predictRows(data, (x) => {
    const [features, hinted] = bodyOutputs(teacherSplit, x);
    return hinted === undefined ? [headLogits(teacherSplit, features)] : [headLogits(teacherSplit, features), pooled(hinted)];
  });
  const targets: tf.Tensor[] = [tf.tensor2d(teacherLogits, [n, classes]), tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(data.labels), "int32"), classes).toFloat())];
  let regressor: tf.layers.Layer | null = null;
  if (h !== undefined) {
    const width = teacher.getLayer(h.teacher).outputShape.at(-1) as number;
    targets.push(tf.tensor2d(hintTarget, [n, width]));
    regressor = tf.layers.dense({ units: width, useBias: false, kernelInitializer: tf.initializers.glorotUniform({ seed: opts.seed ?? 0 }), name: "hint_regressor" });
  }
  const split = splitAtClassifier(student, h === undefined ? [] : [student.getLayer(h.student).output as tf.SymbolicTensor]);
  const rng = seedEverything(opts.seed ?? 0);
  const optimizer = tf.train.adam(opts.learningRate ?? 3e-3);
  const x = tf.tensor(data.x, data.shape);
  const steps = Math.ceil(n / batchSize) * opts.epochs;
  const label = opts.label === false || opts.label === undefined ? `distill (T=${opts.temperature}, alpha=${opts.alpha})` : opts.label;
  const since = workStarted();
  const bar = opts.label === false ? null : new ProgressBar({ total: steps, label });
  const epochLoss: number[] = [];
  let step = 0;
  // A hand-written loop, because the loss needs the teacher's logits next to the labels, and the student's exact logits.
  try {
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      const order = Int32Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) { const j = Math.floor(rng() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
      let sum = 0;
      for (let at = 0; at < n; at += batchSize) {
        const idx = tf.tensor1d(order.subarray(at, Math.min(n, at + batchSize)), "int32");
        const cost = optimizer.minimize(() => {
          // training: true runs batch norm on batch statistics and updates its moving averages.
          const outs = split.body.apply(tf.gather(x, idx), { training: true }) as tf.Tensor | tf.Tensor[];
          const [features, hinted] = Array.isArray(outs) ? outs : [outs];
          let loss: tf.Tensor = distillationLossTf(headLogits(split, features), tf.gather(targets[0], idx), tf.gather(targets[1], idx), opts.temperature, opts.alpha);
          if (h !== undefined && regressor !== null && hinted !== undefined) {
            const mapped = regressor.apply(pooled(hinted)) as tf.Tensor;
            loss = tf.add(loss, tf.mul(h.weight, tf.losses.meanSquaredError(tf.gather(targets[2], idx), mapped)));
          }
          return loss as tf.Scalar;
        }, true);
        sum += (cost?.dataSync()[0] ?? NaN) * idx.shape[0];
        cost?.dispose();
        idx.dispose();
        step++;
        bar?.update(step, { loss: sum / Math.min(n, at + batchSize) });
        // Yield to the event loop: the progress bar reaches the notebook live, the kernel stays
        // responsive, and an interrupt stops the run here, between two steps.
        await yieldOrStop(since, label);
      }
      epochLoss.push(sum / n);
      opts.onEpoch?.(epoch, sum / n);
    }
  } finally {
    x.dispose();
    for (const t of targets) t.dispose();
    optimizer.dispose();
    regressor?.dispose();
  }
  bar?.done({ loss: epochLoss[epochLoss.length - 1] ?? NaN });
  return { epochLoss };
}
