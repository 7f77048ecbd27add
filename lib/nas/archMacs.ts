// tinyml-lab: 04
import { convPadding } from "../ir/convPadding.js";
import { CLASSES, INPUT_SHAPE, MAX_DEPTH, STAGE_STRIDES, STAGE_WIDTHS, STAGES, STEM_WIDTH, scaledWidth, type KwsArch } from "./kwsSearchSpace.js";

/**
 * Multiply-accumulates of one inference of a valid architecture, by formula, no model:
 * a kxk convolution over C_in channels producing H_out x W_out x C_out costs
 * H_out W_out C_out k^2 C_in; a depthwise one H_out W_out C k^2; the classifier C x 12.
 * "Same" padding: H_out = ceil(H_in / stride). Counts the stem, each active block's 1x1
 * expand (C_mid = C_in x ratio, also at ratio 1), depthwise and 1x1 projection,
 * and the classifier; adds, pooling and softmax count 0.
 */
export function archMacs(arch: KwsArch): number {
  // BEGIN SOLUTION
  let [h, w] = [Math.ceil(INPUT_SHAPE[0] / arch.stemStride), Math.ceil(INPUT_SHAPE[1] / arch.stemStride)];
  let c = scaledWidth(STEM_WIDTH, arch.width);
  let macs = h * w * c * 9 * INPUT_SHAPE[2];
  for (let s = 0; s < STAGES; s++) {
    const outC = scaledWidth(STAGE_WIDTHS[s], arch.width);
    for (let b = 0; b < arch.depths[s]; b++) {
      const slot = s * MAX_DEPTH + b, stride = b === 0 ? STAGE_STRIDES[s] : 1, k = arch.kernels[slot];
      const mid = c * arch.expands[slot];
      macs += h * w * c * mid;
      h = convPadding("SAME", h, k, stride, 1).out;
      w = convPadding("SAME", w, k, stride, 1).out;
      macs += h * w * mid * k * k + h * w * mid * outC;
      c = outC;
    }
  }
  return macs + c * CLASSES;
  // END SOLUTION
}
