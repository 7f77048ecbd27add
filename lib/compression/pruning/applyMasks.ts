import type { tf } from "../../tf/tf.js";
import type { Masks } from "./pruneModel.js";
import { prunableKernels } from "../shared/prunableKernels.js";

/** Sets the pruned weights of `model` back to zero (after an optimizer step moved them). Layers without a mask are untouched. */
export function applyMasks(model: tf.LayersModel, masks: Masks): void {
  for (const k of prunableKernels(model)) {
    const m = masks[k.layer];
    if (m === undefined) continue;
    k.write(k.read().map((v, i) => (m[i] === 0 ? 0 : v)));
  }
}
