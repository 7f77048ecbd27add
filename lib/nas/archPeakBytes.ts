// tinyml-lab: 04
import { CLASSES, INPUT_SHAPE, MAX_DEPTH, STAGE_STRIDES, STAGE_WIDTHS, STAGES, STEM_WIDTH, scaledWidth, type KwsArch } from "./kwsSearchSpace.js";

/**
 * Peak int8 activation memory of a valid architecture, in bytes (one byte per element),
 * if every layer's input and output must be alive while it runs: the maximum over layers
 * of input + output bytes, where inside a residual block (stride 1 and equal widths) the
 * block's input also stays alive until the add, so the depthwise and projection layers
 * count it too, and the add counts its two inputs and its output. Layers, in order: the
 * stem (its input is the 49x10x1 MFCC map), each active block's expand,
 * depthwise, projection and add, the global average pool (to 1x1xC), the classifier
 * (C to 12) and the softmax (12 to 12).
 */
export function archPeakBytes(arch: KwsArch): number {
  // BEGIN SOLUTION
  let [h, w, c] = INPUT_SHAPE as readonly number[];
  const stemC = scaledWidth(STEM_WIDTH, arch.width);
  const [sh, sw] = [Math.ceil(h / arch.stemStride), Math.ceil(w / arch.stemStride)];
  let peak = h * w * c + sh * sw * stemC;
  [h, w, c] = [sh, sw, stemC];
  for (let s = 0; s < STAGES; s++) {
    const outC = scaledWidth(STAGE_WIDTHS[s], arch.width);
    for (let b = 0; b < arch.depths[s]; b++) {
      const slot = s * MAX_DEPTH + b, stride = b === 0 ? STAGE_STRIDES[s] : 1;
      const mid = c * arch.expands[slot];
      const residual = stride === 1 && c === outC;
      const input = h * w * c, held = residual ? input : 0;
      const [oh, ow] = [Math.ceil(h / stride), Math.ceil(w / stride)];
      peak = Math.max(peak, input + h * w * mid);
      peak = Math.max(peak, h * w * mid + held + oh * ow * mid);
      peak = Math.max(peak, oh * ow * mid + oh * ow * outC + held);
      if (residual) peak = Math.max(peak, 3 * oh * ow * outC);
      [h, w, c] = [oh, ow, outC];
    }
  }
  return Math.max(peak, h * w * c + c, c + CLASSES, 2 * CLASSES);
  // END SOLUTION
}
