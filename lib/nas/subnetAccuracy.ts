import type { Dataset } from "../data/loadDataset.js";
import { tf } from "../tf/tf.js";
import { clipsTensor } from "./clipsTensor.js";
import type { KwsArch } from "./kwsSearchSpace.js";
import { disposeMoments, recalibrateBn } from "./recalibrateBn.js";
import type { Supernet } from "./Supernet.js";

/**
 * Top-1 accuracy in [0, 1] of `arch` with the supernet's inherited weights, its batch
 * norm recalibrated on `calibration` (recalibrateBn), over every clip of `data`
 * (evaluated in batches of 256). Float32; no training.
 */
export function subnetAccuracy(net: Supernet, arch: KwsArch, calibration: Dataset, data: Dataset): number {
  const cal = clipsTensor(calibration);
  const stats = recalibrateBn(net, arch, cal);
  cal.dispose();
  const n = data.labels.length;
  let right = 0;
  try {
    for (let at = 0; at < n; at += 256) {
      const m = Math.min(256, n - at);
      const pred = tf.tidy(() => {
        const xb = clipsTensor(data, at, at + m);
        return net.forward(arch, xb, { kind: "stats", stats }).argMax(-1).dataSync();
      });
      for (let i = 0; i < m; i++) if (pred[i] === data.labels[at + i]) right++;
    }
  } finally {
    disposeMoments(stats);
  }
  return right / n;
}
