import type { tf } from "../../tf/tf.js";
import { ProgressBar } from "../../viz/ProgressBar.js";
import { workStarted, yieldOrStop } from "../../viz/kernelInterrupts.js";
import { prunableKernels } from "../shared/prunableKernels.js";

/** One point of a sensitivity scan: the model's accuracy with only `layer` pruned to `sparsity`. */
export interface SensitivityRow {
  layer: string;
  sparsity: number;
  /** In [0, 1]. */
  accuracy: number;
  /** The layer's kernel weights. */
  params: number;
}

export interface ScanOptions {
  /** Sparsities to try on each layer, each in [0, 1]. */
  sparsities: number[];
  /** How to prune one kernel to a sparsity (your magnitudeMask, say): 1 keep, 0 prune. */
  mask: (weights: Float32Array, sparsity: number) => Uint8Array;
  /** Accuracy of the model as it stands, in [0, 1]. */
  evaluate: (model: tf.LayersModel) => number;
  /** Layers to scan; default every conv, depthwise and dense kernel. */
  layers?: string[];
  progress?: boolean;
}

/**
 * Prunes each layer alone to each sparsity, measures accuracy, and puts the
 * layer's weights back: which layers tolerate pruning, which do not. The
 * model is unchanged afterwards, also when an interrupt stops the scan.
 * Asynchronous: it yields after each evaluation, so its progress shows live
 * and the kernel's stop button works.
 */
export async function sensitivityScan(model: tf.LayersModel, opts: ScanOptions): Promise<SensitivityRow[]> {
  const kernels = prunableKernels(model).filter((k) => opts.layers === undefined || opts.layers.includes(k.layer));
  const missing = (opts.layers ?? []).filter((l) => !kernels.some((k) => k.layer === l));
  if (missing.length > 0) throw new Error(`sensitivityScan: no prunable layer named ${missing.join(", ")} (layers: ${prunableKernels(model).map((k) => k.layer).join(", ")})`);
  const bar = opts.progress === false ? null : new ProgressBar({ total: kernels.length * opts.sparsities.length, label: "sensitivity scan" });
  const rows: SensitivityRow[] = [];
  const since = workStarted();
  for (const k of kernels) {
    const original = k.read();
    try {
      for (const s of opts.sparsities) {
        const m = opts.mask(original, s);
        k.write(original.map((v, i) => (m[i] === 0 ? 0 : v)));
        rows.push({ layer: k.layer, sparsity: s, accuracy: opts.evaluate(model), params: original.length });
        bar?.update(rows.length, { sparsity: s });
        await yieldOrStop(since, "sensitivity scan");
      }
    } finally {
      k.write(original);
    }
  }
  bar?.done();
  return rows;
}
