import { tf } from "../tf/tf.js";

export interface DsCnnOptions {
  /** Input [frames, coefficients]: 49 x 10 MFCCs for 1 s of 16 kHz audio in the MLPerf Tiny KWS benchmark. */
  inputShape?: [number, number];
  classes?: number;
  /** Channels of every layer (64 in the benchmark's DS-CNN-S). */
  filters?: number;
  /** Channels per layer instead: [stem, pw1, ..., pwN], one more than `blocks` (a distillation student, a channel-pruned plan). */
  channels?: number[];
  /** Depthwise-separable blocks after the stem (4 in the benchmark). */
  blocks?: number;
  seed?: number;
  /** Batch-norm moving-average momentum (Keras default 0.99; lower settles faster in short runs). */
  bnMomentum?: number;
}

/**
 * DS-CNN for keyword spotting, as in the MLPerf Tiny KWS reference (Zhang et al. 2017,
 * "Hello Edge", DS-CNN-S): a 10x4 stride-2 conv stem, depthwise-separable blocks
 * (3x3 depthwise + 1x1 pointwise, each with batch norm and ReLU), average pooling and
 * a dense softmax. Input float32 [batch, 49, 10, 1]; output [batch, classes] probabilities.
 */
export function dsCnn(opts: DsCnnOptions = {}): tf.LayersModel {
  const [frames, coeffs] = opts.inputShape ?? [49, 10];
  const blocks = opts.blocks ?? 4;
  const widths = opts.channels ?? Array.from({ length: blocks + 1 }, () => opts.filters ?? 64);
  if (widths.length !== blocks + 1 || widths.some((c) => !Number.isInteger(c) || c < 1)) {
    throw new RangeError(`dsCnn: channels must be ${blocks + 1} positive integers (stem and ${blocks} blocks), got [${widths.join(", ")}]`);
  }
  const seed = opts.seed ?? 1;
  let s = seed;
  const bn = opts.bnMomentum ?? 0.99;
  const init = () => tf.initializers.glorotUniform({ seed: s++ });
  const input = tf.input({ shape: [frames, coeffs, 1], name: "mfcc" });
  let x = tf.layers.conv2d({ filters: widths[0], kernelSize: [10, 4], strides: 2, padding: "same", useBias: false, kernelInitializer: init(), name: "stem_conv" }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ name: "stem_bn", momentum: bn }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ name: "stem_relu" }).apply(x) as tf.SymbolicTensor;
  for (let b = 1; b <= blocks; b++) {
    x = tf.layers.depthwiseConv2d({ kernelSize: 3, padding: "same", useBias: false, depthwiseInitializer: init(), name: `dw${b}` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ name: `dw${b}_bn`, momentum: bn }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ name: `dw${b}_relu` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.conv2d({ filters: widths[b], kernelSize: 1, useBias: false, kernelInitializer: init(), name: `pw${b}` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ name: `pw${b}_bn`, momentum: bn }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ name: `pw${b}_relu` }).apply(x) as tf.SymbolicTensor;
  }
  const [h, w] = x.shape.slice(1, 3) as number[];
  x = tf.layers.averagePooling2d({ poolSize: [h, w], name: "avg_pool" }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten({ name: "flatten" }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: opts.classes ?? 12, activation: "softmax", kernelInitializer: init(), name: "classifier" }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: "ds_cnn" });
}
