// tinyml-lab: 03
import type { KdOptions } from "./distillationLoss.js";
import { softmaxWithTemperature } from "./softmaxWithTemperature.js";

/**
 * The gradient of distillationLoss with respect to the student's logits,
 * [rows, classes] float32: for row r and class c,
 * (alpha * T * (softmax(s / T) - softmax(t / T)) + (1 - alpha) * (softmax(s) - onehot(label))) / rows.
 * (The KL term's gradient is (ps - pt) / T; times T^2 it is T * (ps - pt).)
 */
export function kdGradient(studentLogits: Float32Array, teacherLogits: Float32Array, labels: Int32Array, classes: number, opts: KdOptions): Float32Array {
  // BEGIN SOLUTION
  const t = opts.temperature;
  const rows = labels.length;
  const ps = softmaxWithTemperature(studentLogits, classes, t);
  const pt = softmaxWithTemperature(teacherLogits, classes, t);
  const p1 = softmaxWithTemperature(studentLogits, classes, 1);
  const g = new Float32Array(studentLogits.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < classes; c++) {
      const i = r * classes + c;
      const hard = p1[i] - (labels[r] === c ? 1 : 0);
      g[i] = (opts.alpha * t * (ps[i] - pt[i]) + (1 - opts.alpha) * hard) / rows;
    }
  }
  return g;
  // END SOLUTION
}
