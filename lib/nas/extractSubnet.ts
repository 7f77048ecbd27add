import type { Dataset } from "../data/loadDataset.js";
import { tf } from "../tf/tf.js";
import { clipsTensor } from "./clipsTensor.js";
import { CLASSES, INPUT_SHAPE, MAX_DEPTH, STAGE_STRIDES, STAGE_WIDTHS, STAGES, STEM_WIDTH, scaledWidth, type KwsArch } from "./kwsSearchSpace.js";
import { disposeMoments, recalibrateBn } from "./recalibrateBn.js";
import { BN_EPSILON, slotName, type BnMoments, type Supernet } from "./Supernet.js";
import { validateArch } from "./validateArch.js";

/**
 * `arch` as a standalone tfjs Layers model with the supernet's inherited weights: input
 * float32 [batch, 49, 10, 1] MFCCs ("mfcc"), output [batch, 12] class probabilities.
 * Batch norm's moving statistics are recalibrated on `calibration` (recalibrateBn), so
 * the model in inference computes what `net.forward(arch, x, { kind: "stats" })` does,
 * followed by a softmax. Conv2D, DepthwiseConv2D, BatchNormalization, ReLU, Add,
 * GlobalAveragePooling2D and Dense only: it converts to int8 with lib/deploy/convert and
 * fine-tunes with `fit` like any course model. Throws ArchError for an invalid `arch`.
 */
export function extractSubnet(net: Supernet, arch: KwsArch, calibration: Dataset): tf.LayersModel {
  validateArch(arch);
  const cal = clipsTensor(calibration);
  const stats = recalibrateBn(net, arch, cal);
  cal.dispose();
  try {
    return build(net, arch, stats);
  } finally {
    disposeMoments(stats);
  }
}

function build(net: Supernet, arch: KwsArch, stats: BnMoments[]): tf.LayersModel {
  // Weights are set after the model is built: [layer, values] in creation order.
  const assign: [tf.layers.Layer, tf.Tensor[]][] = [];
  let bnIndex = 0;
  const slice = (name: string, size: number[]) => tf.slice(net.w(name), Array(size.length).fill(0), size);
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[], weights?: tf.Tensor[]) => {
    if (weights !== undefined) assign.push([layer, weights]);
    return layer.apply(x) as tf.SymbolicTensor;
  };
  const bn = (x: tf.SymbolicTensor, p: string, c: number, name: string) => {
    const m = stats[bnIndex++];
    return apply(tf.layers.batchNormalization({ name, epsilon: BN_EPSILON }), x, [slice(`${p}/gamma`, [c]), slice(`${p}/beta`, [c]), m.mean.clone(), m.variance.clone()]);
  };
  const conv = (x: tf.SymbolicTensor, kernelName: string, inC: number, outC: number, k: number, stride: number, name: string) =>
    apply(tf.layers.conv2d({ filters: outC, kernelSize: k, strides: stride, padding: "same", useBias: false, name }), x, [slice(kernelName, [k, k, inC, outC])]);
  const relu = (x: tf.SymbolicTensor, name: string) => apply(tf.layers.reLU({ name }), x);

  const input = tf.input({ shape: [...INPUT_SHAPE], name: "mfcc" });
  let c = scaledWidth(STEM_WIDTH, arch.width);
  let y = relu(bn(conv(input, "stem/kernel", 1, c, 3, arch.stemStride, "stem_conv"), "stem", c, "stem_bn"), "stem_relu");
  for (let s = 0; s < STAGES; s++) {
    const outC = scaledWidth(STAGE_WIDTHS[s], arch.width);
    for (let b = 0; b < arch.depths[s]; b++) {
      const slot = s * MAX_DEPTH + b, p = slotName(s, b), stride = b === 0 ? STAGE_STRIDES[s] : 1;
      const mid = c * arch.expands[slot], k = arch.kernels[slot];
      let h = y;
      h = relu(bn(conv(h, `${p}/expand/kernel`, c, mid, 1, 1, `${p}_expand`), `${p}/expand`, mid, `${p}_expand_bn`), `${p}_expand_relu`);
      h = apply(tf.layers.depthwiseConv2d({ kernelSize: k, strides: stride, padding: "same", useBias: false, name: `${p}_dw` }), h, [net.depthwiseKernel(p, mid, k)]);
      h = relu(bn(h, `${p}/dw`, mid, `${p}_dw_bn`), `${p}_dw_relu`);
      h = bn(conv(h, `${p}/project/kernel`, mid, outC, 1, 1, `${p}_project`), `${p}/project`, outC, `${p}_project_bn`);
      y = stride === 1 && c === outC ? apply(tf.layers.add({ name: `${p}_add` }), [y, h]) : h;
      c = outC;
    }
  }
  y = apply(tf.layers.globalAveragePooling2d({ name: "pool" }), y);
  const out = apply(tf.layers.dense({ units: CLASSES, activation: "softmax", name: "classifier" }), y, [slice("head/kernel", [c, CLASSES]), net.w("head/bias").clone()]);
  const model = tf.model({ inputs: input, outputs: out, name: "kws_subnet" });
  for (const [layer, weights] of assign) {
    layer.setWeights(weights);
    for (const w of weights) w.dispose();
  }
  return model;
}
