import { tf } from "../tf/tf.js";

export interface ResNet8Options {
  /** Input [height, width, channels]; CIFAR-10 is 32 x 32 x 3. */
  inputShape?: [number, number, number];
  classes?: number;
  seed?: number;
}

/**
 * ResNet-8 as in the MLPerf Tiny image-classification reference: a 3x3 conv of 16
 * channels, then three residual stacks of 16, 32 and 64 channels (the last two halve
 * the resolution and use a 1x1 stride-2 shortcut), global average pooling and a dense
 * softmax. Input float32 [batch, 32, 32, 3]; output [batch, classes].
 */
export function resnet8(opts: ResNet8Options = {}): tf.LayersModel {
  let s = opts.seed ?? 1;
  const init = () => tf.initializers.heNormal({ seed: s++ });
  const conv = (x: tf.SymbolicTensor, filters: number, k: number, stride: number, name: string) =>
    tf.layers.conv2d({ filters, kernelSize: k, strides: stride, padding: "same", kernelInitializer: init(), name }).apply(x) as tf.SymbolicTensor;
  const bn = (x: tf.SymbolicTensor, name: string) => tf.layers.batchNormalization({ name }).apply(x) as tf.SymbolicTensor;
  const relu = (x: tf.SymbolicTensor, name: string) => tf.layers.reLU({ name }).apply(x) as tf.SymbolicTensor;

  const input = tf.input({ shape: opts.inputShape ?? [32, 32, 3], name: "image" });
  let x = relu(bn(conv(input, 16, 3, 1, "stem_conv"), "stem_bn"), "stem_relu");
  for (const [i, filters, stride] of [[1, 16, 1], [2, 32, 2], [3, 64, 2]] as const) {
    let y = relu(bn(conv(x, filters, 3, stride, `s${i}_conv1`), `s${i}_bn1`), `s${i}_relu1`);
    y = bn(conv(y, filters, 3, 1, `s${i}_conv2`), `s${i}_bn2`);
    const shortcut = stride === 1 ? x : conv(x, filters, 1, stride, `s${i}_shortcut`);
    x = relu(tf.layers.add({ name: `s${i}_add` }).apply([shortcut, y]) as tf.SymbolicTensor, `s${i}_relu2`);
  }
  const [h, w] = x.shape.slice(1, 3) as number[];
  x = tf.layers.averagePooling2d({ poolSize: [h, w], name: "avg_pool" }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten({ name: "flatten" }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: opts.classes ?? 10, activation: "softmax", kernelInitializer: init(), name: "classifier" }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: "resnet8" });
}
