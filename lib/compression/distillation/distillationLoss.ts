// tinyml-lab: 03
import { crossEntropyFromLogits } from "./crossEntropyFromLogits.js";
import { klDivergence } from "./klDivergence.js";
import { softmaxWithTemperature } from "./softmaxWithTemperature.js";

/** How distillation mixes its two terms. */
export interface KdOptions {
  /** Softening temperature T > 0. */
  temperature: number;
  /** Weight of the soft term, in [0, 1]; the hard labels get 1 - alpha. */
  alpha: number;
}

/**
 * Hinton et al.'s (2015) knowledge-distillation loss for one batch:
 * alpha * T^2 * KL(softmax(teacher / T) || softmax(student / T))
 * + (1 - alpha) * crossEntropy(student, labels), both terms averaged over
 * rows. Logits are [rows, classes], labels [rows]. The T^2 keeps the soft
 * term's gradients, which shrink as 1/T^2, on the hard term's scale.
 */
export function distillationLoss(studentLogits: Float32Array, teacherLogits: Float32Array, labels: Int32Array, classes: number, opts: KdOptions): number {
  // BEGIN SOLUTION
  const t = opts.temperature;
  const soft = klDivergence(softmaxWithTemperature(teacherLogits, classes, t), softmaxWithTemperature(studentLogits, classes, t), classes);
  return opts.alpha * t * t * soft + (1 - opts.alpha) * crossEntropyFromLogits(studentLogits, labels, classes);
  // END SOLUTION
}
