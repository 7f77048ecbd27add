import type { CostedLayer } from "../hwsim/kernelFeatures.js";
import { convPadding } from "../ir/convPadding.js";
import { CLASSES, INPUT_SHAPE, MAX_DEPTH, STAGE_STRIDES, STAGE_WIDTHS, STAGES, STEM_WIDTH, scaledWidth, type KwsArch } from "./kwsSearchSpace.js";

/** A "same"-padded convolution (standard or depthwise) of a kxk kernel over an inH x inW x inC map. */
function conv(kernel: "conv2d" | "depthwise_conv2d", inH: number, inW: number, inC: number, outC: number, k: number, stride: number): { layer: CostedLayer; outH: number; outW: number } {
  const y = convPadding("SAME", inH, k, stride, 1);
  const x = convPadding("SAME", inW, k, stride, 1);
  const g = { batch: 1, inH, inW, inC, outH: y.out, outW: x.out, outC, kH: k, kW: k, strideH: stride, strideW: stride, dilationH: 1, dilationW: 1, padTop: y.before, padLeft: x.before };
  return { layer: { kernel, g }, outH: y.out, outW: x.out };
}

/**
 * The layers `arch` runs, in order, as lib/hwsim prices them (no model is built): the
 * stem, each active block's 1x1 expand (to C x ratio channels, also at ratio 1), depthwise and 1x1
 * projection, its residual add (stride 1 and equal widths), the global average pool, the
 * classifier and the softmax. Feed it to `estimate` for MACs, latency, SRAM and flash on
 * any catalog device. `arch` must be valid (validateArch).
 */
export function archLayers(arch: KwsArch): CostedLayer[] {
  const layers: CostedLayer[] = [];
  let [h, w, c] = INPUT_SHAPE as readonly number[];
  const stem = conv("conv2d", h, w, c, scaledWidth(STEM_WIDTH, arch.width), 3, arch.stemStride);
  layers.push(stem.layer);
  [h, w, c] = [stem.outH, stem.outW, scaledWidth(STEM_WIDTH, arch.width)];
  for (let s = 0; s < STAGES; s++) {
    const outC = scaledWidth(STAGE_WIDTHS[s], arch.width);
    for (let b = 0; b < arch.depths[s]; b++) {
      const slot = s * MAX_DEPTH + b;
      const stride = b === 0 ? STAGE_STRIDES[s] : 1;
      const mid = c * arch.expands[slot];
      layers.push(conv("conv2d", h, w, c, mid, 1, 1).layer);
      const { layer: dw, outH, outW } = conv("depthwise_conv2d", h, w, mid, mid, arch.kernels[slot], stride);
      layers.push(dw);
      layers.push(conv("conv2d", outH, outW, mid, outC, 1, 1).layer);
      if (stride === 1 && c === outC) layers.push({ kernel: "add", count: outH * outW * outC });
      [h, w, c] = [outH, outW, outC];
    }
  }
  layers.push({ kernel: "average_pool2d", g: { batch: 1, inH: h, inW: w, channels: c, outH: 1, outW: 1, filterH: h, filterW: w, strideH: h, strideW: w, padTop: 0, padLeft: 0 } });
  layers.push({ kernel: "fully_connected", g: { batch: 1, inDepth: c, outDepth: CLASSES }, weightOffset: 0 });
  layers.push({ kernel: "softmax", rows: 1, depth: CLASSES });
  return layers;
}
