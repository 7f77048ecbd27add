import { tf } from "../../lib/tf/tf.js";

/**
 * A functional model with every layer the newer operators serve: two branches
 * multiplied, compared elementwise, a per-channel Add broadcast from a pooled
 * branch (Reshape to [1, 1, C]), then upsampled three ways (nearest, bilinear
 * and a strided Conv2DTranspose with a fused ReLU), summed and permuted to
 * channels first.
 */
export function newerLayersModel(): tf.LayersModel {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const input = tf.input({ shape: [6, 5, 3] });
  const a = tf.layers.leakyReLU({ alpha: 0.2 }).apply(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: "same", kernelInitializer: init(1) }).apply(input)) as tf.SymbolicTensor;
  // Slopes from a seeded initializer, shared over rows and columns: one per channel.
  const pr = tf.layers.prelu({ sharedAxes: [1, 2], alphaInitializer: tf.initializers.randomUniform({ minval: 0.05, maxval: 0.5, seed: 4 }) }).apply(a) as tf.SymbolicTensor;
  const b = tf.layers.conv2d({ filters: 4, kernelSize: 1, activation: "tanh", kernelInitializer: init(2) }).apply(input) as tf.SymbolicTensor;
  const m = tf.layers.multiply().apply([a, b]) as tf.SymbolicTensor;
  const mx = tf.layers.maximum().apply([m, b]) as tf.SymbolicTensor;
  const mn = tf.layers.minimum().apply([mx, pr]) as tf.SymbolicTensor;
  const pooled = tf.layers.reshape({ targetShape: [1, 1, 4] }).apply(tf.layers.globalAveragePooling2d({}).apply(mn)) as tf.SymbolicTensor;
  const sum = tf.layers.add().apply([mn, pooled]) as tf.SymbolicTensor;
  const up = tf.layers.upSampling2d({ size: [2, 3] }).apply(sum) as tf.SymbolicTensor;
  const bilinear = tf.layers.upSampling2d({ size: [2, 3], interpolation: "bilinear" }).apply(sum) as tf.SymbolicTensor;
  const deconv = tf.layers.conv2dTranspose({ filters: 4, kernelSize: 3, strides: [2, 3], padding: "same", activation: "relu", kernelInitializer: init(5) }).apply(sum) as tf.SymbolicTensor;
  const ups = tf.layers.add().apply([tf.layers.add().apply([up, bilinear]) as tf.SymbolicTensor, deconv]) as tf.SymbolicTensor;
  const perm = tf.layers.permute({ dims: [3, 1, 2] }).apply(ups) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 5, kernelInitializer: init(3) }).apply(tf.layers.flatten().apply(perm)) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}
