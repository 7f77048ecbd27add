import { tf } from "../tf/tf.js";
import type { KwsArch } from "./kwsSearchSpace.js";
import type { BnMoments, Supernet } from "./Supernet.js";

/**
 * Batch-norm statistics of `arch` inside `net`, measured on calibration clips x
 * float32 [n, 49, 10, 1]: one forward pass in batch mode over all n clips, so each
 * layer's mean and variance are exact over the set (given the layers before it). A
 * subnet needs its own: the shared weights were trained with batch statistics of many
 * architectures, and no single running average fits them all (OFA, section 3.2).
 * Returns one BnMoments per batch-norm layer, in forward order; dispose them when done.
 */
export function recalibrateBn(net: Supernet, arch: KwsArch, x: tf.Tensor4D): BnMoments[] {
  const record: BnMoments[] = [];
  tf.tidy(() => { net.forward(arch, x, { kind: "batch", record }); });
  return record;
}

export function disposeMoments(stats: BnMoments[]): void {
  for (const m of stats) { m.mean.dispose(); m.variance.dispose(); }
}
