import type { Dataset } from "../data/loadDataset.js";
import { tf } from "../tf/tf.js";

/** Clips `from`..`to` (default all) of a keyword dataset as float32 [n, 49, 10, 1]. */
export function clipsTensor(data: Dataset, from = 0, to = data.labels.length): tf.Tensor4D {
  const per = data.x.length / data.labels.length;
  const [h, w, c] = data.shape.slice(1);
  return tf.tensor4d(data.x.subarray(from * per, to * per), [to - from, h, w, c]);
}
