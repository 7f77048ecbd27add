import type { tf } from "../../tf/tf.js";
import type { Clusterings } from "./clusterModel.js";
import type { FineTuneOptions } from "../shared/fineTune.js";
import { fineTune } from "../shared/fineTune.js";
import type { LabelledData } from "../shared/modelAccuracy.js";
import { prunableKernels } from "../shared/prunableKernels.js";

/** Moves each centroid to the mean of its weights after a step, then snaps every weight back onto the codebook. */
function snapToCodebooks(model: tf.LayersModel, clusters: Clusterings): void {
  for (const k of prunableKernels(model)) {
    const c = clusters[k.layer];
    if (c === undefined) continue;
    const w = k.read();
    const sum = new Float64Array(c.codebook.length), count = new Float64Array(c.codebook.length);
    for (let i = 0; i < w.length; i++) { sum[c.labels[i]] += w[i]; count[c.labels[i]]++; }
    for (let j = 0; j < c.codebook.length; j++) if (count[j] > 0) c.codebook[j] = sum[j] / count[j];
    k.write(Float32Array.from(c.labels, (l) => c.codebook[l]));
  }
}

/**
 * Fine-tunes the codebooks of a clustered model (Han et al., Deep
 * Compression, 2016): the labels stay fixed and each centroid follows the
 * gradient of the weights that share it. After every optimizer step the
 * centroid moves to the mean of its weights' updated values, i.e. by the
 * mean of their updates (Han et al. sum the gradients; the mean keeps a big
 * cluster from taking a bigger step), and every weight is snapped back onto
 * its centroid. `clusters` is updated in place; the model ends on its codebooks.
 */
export async function kmeansFineTune(
  model: tf.LayersModel, data: LabelledData, clusters: Clusterings, opts: Omit<FineTuneOptions, "masks" | "gradual" | "afterStep">,
): Promise<{ epochLoss: number[] }> {
  const { epochLoss } = await fineTune(model, data, { ...opts, label: opts.label ?? "codebook fine-tune", afterStep: (m) => snapToCodebooks(m, clusters) });
  return { epochLoss };
}
