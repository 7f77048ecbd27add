import type { tf } from "../../tf/tf.js";
import type { PrunableKernel } from "../shared/prunableKernels.js";
import { prunableKernels } from "../shared/prunableKernels.js";

/** Pruning masks by layer name: 1 keep, 0 prune, one entry per kernel weight. */
export type Masks = Record<string, Uint8Array>;

/**
 * Prunes `model` in place: for each prunable kernel, `maskOf(kernel,
 * weights)` gives its mask (or null to leave the layer dense) and the masked
 * weights are set to zero. Returns the masks, for fine-tuning with them held.
 */
export function pruneModel(model: tf.LayersModel, maskOf: (kernel: PrunableKernel, weights: Float32Array) => Uint8Array | null): Masks {
  const masks: Masks = {};
  for (const k of prunableKernels(model)) {
    const w = k.read();
    const m = maskOf(k, w);
    if (m === null) continue;
    if (m.length !== w.length) throw new RangeError(`mask for ${k.layer} has ${m.length} entries, the kernel ${w.length}`);
    masks[k.layer] = m;
    k.write(w.map((v, i) => (m[i] === 0 ? 0 : v)));
  }
  return masks;
}
