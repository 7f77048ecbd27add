import type { tf } from "../../tf/tf.js";
import type { FineTuneOptions } from "../shared/fineTune.js";
import { fineTune } from "../shared/fineTune.js";
import type { LabelledData } from "../shared/modelAccuracy.js";
import type { PrunableKernel } from "../shared/prunableKernels.js";
import { prunableKernels } from "../shared/prunableKernels.js";

/**
 * Quantization-aware training of the weights with the straight-through
 * estimator. Float "shadow" weights are kept aside; before each step the
 * model gets fakeQuantize(shadow) (quantize then dequantize, your functions),
 * so the forward pass and the gradient see the quantized network; after the
 * step, the update the optimizer made to the quantized weights is added to
 * the shadow weights: rounding is treated as the identity in the backward
 * pass (Bengio et al. 2013; Jacob et al. 2018). `fakeQuantize(kernel,
 * weights)` returns the fake-quantized float32 values, or null to train a
 * layer in float. The model ends on fakeQuantize of the final shadow weights.
 */
export async function qatFineTune(
  model: tf.LayersModel, data: LabelledData,
  fakeQuantize: (kernel: PrunableKernel, weights: Float32Array) => Float32Array | null,
  opts: Omit<FineTuneOptions, "beforeStep" | "afterStep" | "gradual" | "masks">,
): Promise<{ epochLoss: number[] }> {
  const shadow = new Map<string, Float32Array>();
  const quantized = new Map<string, Float32Array>();
  for (const k of prunableKernels(model)) {
    const w = k.read();
    if (fakeQuantize(k, w) !== null) shadow.set(k.layer, w);
  }
  const putQuantized = (m: tf.LayersModel): void => {
    for (const k of prunableKernels(m)) {
      const s = shadow.get(k.layer);
      if (s === undefined) continue;
      const q = fakeQuantize(k, s);
      if (q === null || q.length !== s.length) throw new RangeError(`${k.layer}: fakeQuantize must keep returning ${s.length} values`);
      k.write(q);
      quantized.set(k.layer, q);
    }
  };
  const straightThrough = (m: tf.LayersModel): void => {
    for (const k of prunableKernels(m)) {
      const s = shadow.get(k.layer), q = quantized.get(k.layer);
      if (s === undefined || q === undefined) continue;
      const w = k.read();
      for (let i = 0; i < s.length; i++) s[i] += w[i] - q[i];
    }
  };
  const { epochLoss } = await fineTune(model, data, { ...opts, label: opts.label ?? "quantization-aware training", beforeStep: putQuantized, afterStep: straightThrough });
  putQuantized(model);
  return { epochLoss };
}
