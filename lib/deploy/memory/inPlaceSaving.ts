// tinyml-lab: 05

/** A depthwise convolution as the in-place question needs it: NHWC shapes [h, w, c] (batch 1), stride and depth multiplier. */
export interface DepthwiseLayer {
  inShape: [number, number, number];
  outShape: [number, number, number];
  stride: number;
  depthMultiplier: number;
}

/**
 * Bytes (int8) that running this depthwise layer in place saves from its own
 * working set. Normally it holds its input and output at once. In place, the
 * output overwrites the input channel by channel through a one-channel
 * temporary (out_h * out_w bytes), so the working set is the input plus that
 * temporary. It works only when each output channel depends on its input
 * channel alone and the shapes match: stride 1, depth multiplier 1, same
 * shape in and out. Otherwise the saving is 0.
 */
export function inPlaceSaving(layer: DepthwiseLayer): number {
  // BEGIN SOLUTION
  const [h, w, c] = layer.outShape;
  const same = layer.inShape.every((v, i) => v === layer.outShape[i]);
  if (layer.stride !== 1 || layer.depthMultiplier !== 1 || !same) return 0;
  return h * w * c - h * w;
  // END SOLUTION
}
