import type { tf } from "../../tf/tf.js";
import type { PrunableKernel } from "./prunableKernels.js";
import { prunableKernels } from "./prunableKernels.js";

/**
 * Replaces kernel weights in place: for each conv, depthwise and dense
 * kernel, `fn(kernel, weights)` returns the new float32 values (same length)
 * or null to leave the layer alone. Returns the names of the layers changed.
 */
export function mapKernels(model: tf.LayersModel, fn: (kernel: PrunableKernel, weights: Float32Array) => Float32Array | null): string[] {
  const changed: string[] = [];
  for (const k of prunableKernels(model)) {
    const next = fn(k, k.read());
    if (next === null) continue;
    k.write(next);
    changed.push(k.layer);
  }
  return changed;
}
