import { tf } from "../../tf/tf.js";

/** Labelled samples as the course's loaders give them: x float32 [n, ...sampleShape], labels class indices. */
export interface LabelledData {
  x: Float32Array;
  shape: number[];
  labels: Int32Array;
}

/** Top-1 accuracy of a classifier (output [batch, classes]) on `data`, in [0, 1], in batches of `batch`. */
export function modelAccuracy(model: tf.LayersModel, data: LabelledData, batch = 256): number {
  const n = data.labels.length;
  if (n === 0) throw new RangeError("modelAccuracy: no samples");
  const per = data.x.length / n;
  let right = 0;
  for (let at = 0; at < n; at += batch) {
    const m = Math.min(batch, n - at);
    const predicted = tf.tidy(() => {
      const x = tf.tensor(data.x.subarray(at * per, (at + m) * per), [m, ...data.shape.slice(1)]);
      return (model.predict(x) as tf.Tensor).argMax(-1).dataSync();
    });
    for (let i = 0; i < m; i++) if (predicted[i] === data.labels[at + i]) right++;
  }
  return right / n;
}
