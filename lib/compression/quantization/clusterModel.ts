import type { tf } from "../../tf/tf.js";
import type { Clustering } from "./kmeansQuantize.js";
import type { PrunableKernel } from "../shared/prunableKernels.js";
import { mapKernels } from "../shared/mapKernels.js";

/** Each clustered layer's codebook and labels, by layer name. */
export type Clusterings = Record<string, Clustering>;

/**
 * Clusters `model`'s kernels in place: `cluster(kernel, weights)` (your
 * kmeansQuantize, say) gives a layer's codebook and labels, or null to leave
 * it float; each weight becomes codebook[label]. Returns the clusterings,
 * for kmeansFineTune.
 */
export function clusterModel(model: tf.LayersModel, cluster: (kernel: PrunableKernel, weights: Float32Array) => Clustering | null): Clusterings {
  const out: Clusterings = {};
  mapKernels(model, (k, w) => {
    const c = cluster(k, w);
    if (c === null) return null;
    if (c.labels.length !== w.length) throw new RangeError(`${k.layer}: ${c.labels.length} labels for ${w.length} weights`);
    out[k.layer] = c;
    return Float32Array.from(c.labels, (l) => c.codebook[l]);
  });
  return out;
}
