import { tf } from "../../tf/tf.js";
import type { LabelledData } from "./modelAccuracy.js";

/**
 * Runs `fn` (inference: one or more output tensors [batch, width]) over
 * `data` in batches of `batch` samples and stacks each output's rows:
 * one float32 array [n, width] per output, in `fn`'s order.
 */
export function predictRows(data: LabelledData, fn: (x: tf.Tensor) => tf.Tensor[], batch = 256): Float32Array[] {
  const n = data.labels.length;
  const per = data.x.length / n;
  const parts: Float32Array[][] = [];
  for (let at = 0; at < n; at += batch) {
    const m = Math.min(batch, n - at);
    parts.push(tf.tidy(() => fn(tf.tensor(data.x.subarray(at * per, (at + m) * per), [m, ...data.shape.slice(1)])).map((t) => t.dataSync() as Float32Array)));
  }
  return (parts[0] ?? []).map((_, k) => {
    const out = new Float32Array(parts.reduce((a, p) => a + p[k].length, 0));
    let o = 0;
    for (const p of parts) { out.set(p[k], o); o += p[k].length; }
    return out;
  });
}
