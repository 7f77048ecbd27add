import { tf } from "../../tf/tf.js";
import { seedEverything } from "../../tf/seedEverything.js";
import { ProgressBar } from "../../viz/ProgressBar.js";
import { workStarted, yieldOrStop } from "../../viz/kernelInterrupts.js";
import { applyMasks } from "../pruning/applyMasks.js";
import type { LabelledData } from "./modelAccuracy.js";
import type { Masks } from "../pruning/pruneModel.js";
import { pruneModel } from "../pruning/pruneModel.js";

/** Gradual pruning while training: at each step the listed layers are re-pruned to `sparsityAt(step)`. */
export interface GradualPruning {
  /** Target sparsity in [0, 1] at an optimizer step (your cubicSparsity, say). */
  sparsityAt: (step: number) => number;
  /** How to prune one kernel to a sparsity (your magnitudeMask, say). */
  mask: (weights: Float32Array, sparsity: number) => Uint8Array;
  /** Layers to prune; default every conv, depthwise and dense kernel. */
  layers?: string[];
  /** Re-prune every this many steps (default 1). */
  every?: number;
}

export interface FineTuneOptions {
  epochs: number;
  /** Default 32. */
  batchSize?: number;
  /** Adam's learning rate; default 1e-3, gentler than training from scratch. */
  learningRate?: number;
  /** Fixed masks: pruned weights are put back to zero after every step, so they stay pruned. */
  masks?: Masks;
  /** Or a schedule that raises sparsity during training. */
  gradual?: GradualPruning;
  /** Seeds shuffling and dropout. Default 0. */
  seed?: number;
  /** The progress bar's label; false for none. */
  label?: string | false;
  /** Extra loss terms and the like: train with this loss instead of cross-entropy on the model's probabilities. */
  loss?: (labels: tf.Tensor, probabilities: tf.Tensor) => tf.Scalar;
  /** Runs before each optimizer step (e.g. QAT puts the quantized weights in place). */
  beforeStep?: (model: tf.LayersModel) => void;
  /** Runs after each optimizer step and after the masks are re-applied (e.g. k-means snaps weights to the codebook). */
  afterStep?: (model: tf.LayersModel) => void;
}

/**
 * Trains `model` (outputs class probabilities [batch, classes]) on `data`
 * with Adam, keeping pruned weights at zero: fixed `masks` are re-applied
 * after every optimizer step; with `gradual`, masks are recomputed on the
 * schedule. Returns the mean loss of each epoch and the final masks.
 */
export async function fineTune(model: tf.LayersModel, data: LabelledData, opts: FineTuneOptions): Promise<{ epochLoss: number[]; masks: Masks }> {
  if (opts.masks !== undefined && opts.gradual !== undefined) throw new Error("fineTune: give masks or gradual, not both");
  seedEverything(opts.seed ?? 0);
  const batchSize = opts.batchSize ?? 32;
  const n = data.labels.length;
  const steps = Math.ceil(n / batchSize) * opts.epochs;
  model.compile({ optimizer: tf.train.adam(opts.learningRate ?? 1e-3), loss: opts.loss ?? "sparseCategoricalCrossentropy" });
  const x = tf.tensor(data.x, data.shape);
  const y = opts.loss === undefined ? tf.tensor1d(Array.from(data.labels), "float32") : tf.oneHot(tf.tensor1d(Array.from(data.labels), "int32"), (model.outputs[0].shape[1] as number));
  let masks: Masks = opts.masks ?? {};
  const label = opts.label === false ? "fine-tune" : opts.label ?? "fine-tune";
  const since = workStarted();
  const bar = opts.label === false ? null : new ProgressBar({ total: steps, label });
  let step = 0;
  const g = opts.gradual;
  const reprune = () => {
    if (g === undefined) return;
    const s = g.sparsityAt(step);
    masks = pruneModel(model, (k, w) => (g.layers === undefined || g.layers.includes(k.layer) ? g.mask(w, s) : null));
  };
  reprune();
  const epochLoss: number[] = [];
  try {
    await model.fit(x, y, {
      epochs: opts.epochs, batchSize, shuffle: true, verbose: 0,
      callbacks: {
        onBatchBegin: async () => {
          opts.beforeStep?.(model);
        },
        onBatchEnd: async (_b, logs) => {
          step++;
          if (g !== undefined && step % (g.every ?? 1) === 0) reprune();
          else applyMasks(model, masks);
          opts.afterStep?.(model);
          // Yields (the bar reaches the notebook) and throws Interrupted after an interrupt: fit stops after this step.
          bar?.update(step, { loss: logs?.loss ?? NaN });
          await yieldOrStop(since, label);
        },
        onEpochEnd: async (_e, logs) => {
          epochLoss.push(logs?.loss ?? NaN);
        },
      },
    });
  } finally {
    x.dispose();
    y.dispose();
  }
  // The last step may fall between re-prunings: leave the model exactly at its masks.
  if (g !== undefined) reprune();
  else applyMasks(model, masks);
  bar?.done({ loss: epochLoss[epochLoss.length - 1] ?? NaN });
  return { epochLoss, masks };
}
