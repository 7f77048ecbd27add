import { tf } from "../tf/tf.js";

export interface MobileNetV2Options {
  /** Input [height, width, channels]; Visual Wake Words uses 96 x 96 x 3. */
  inputShape?: [number, number, number];
  /** Width multiplier (0.35 is the smallest published MobileNetV2). */
  alpha?: number;
  classes?: number;
  seed?: number;
}

/** Rounds channels to a multiple of 8, never more than 10% below v (MobileNetV2's rule, Sandler et al. 2018). */
export function makeDivisible(v: number, divisor = 8): number {
  const rounded = Math.max(divisor, Math.floor((v + divisor / 2) / divisor) * divisor);
  return rounded < 0.9 * v ? rounded + divisor : rounded;
}

// (expansion t, channels c, repeats n, first stride s), Table 2 of Sandler et al. 2018.
const BLOCKS: Array<[number, number, number, number]> = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

/**
 * MobileNetV2 with width multiplier alpha: a 3x3 stride-2 stem, inverted residual
 * blocks (1x1 expansion, 3x3 depthwise, linear 1x1 projection; a residual add when the
 * shape is kept), a 1x1 conv to 1280 channels, global average pooling and a dense
 * softmax. Input float32 [batch, H, W, 3]; output [batch, classes].
 */
export function mobileNetV2(opts: MobileNetV2Options = {}): tf.LayersModel {
  const alpha = opts.alpha ?? 0.35;
  let s = opts.seed ?? 1;
  const init = () => tf.initializers.heNormal({ seed: s++ });
  const st = (l: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => l.apply(x) as tf.SymbolicTensor;
  const convBn = (x: tf.SymbolicTensor, filters: number, k: number, stride: number, name: string, relu6: boolean) => {
    let y = st(tf.layers.conv2d({ filters, kernelSize: k, strides: stride, padding: "same", useBias: false, kernelInitializer: init(), name }), x);
    y = st(tf.layers.batchNormalization({ name: `${name}_bn` }), y);
    return relu6 ? st(tf.layers.reLU({ maxValue: 6, name: `${name}_relu6` }), y) : y;
  };
  const input = tf.input({ shape: opts.inputShape ?? [96, 96, 3], name: "image" });
  let x = convBn(input, makeDivisible(32 * alpha), 3, 2, "stem", true);
  let inC = makeDivisible(32 * alpha);
  let id = 0;
  for (const [t, c, n, s0] of BLOCKS) {
    const outC = makeDivisible(c * alpha);
    for (let r = 0; r < n; r++) {
      const stride = r === 0 ? s0 : 1;
      const name = `block${id++}`;
      let y = t === 1 ? x : convBn(x, inC * t, 1, 1, `${name}_expand`, true);
      y = st(tf.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: "same", useBias: false, depthwiseInitializer: init(), name: `${name}_dw` }), y);
      y = st(tf.layers.batchNormalization({ name: `${name}_dw_bn` }), y);
      y = st(tf.layers.reLU({ maxValue: 6, name: `${name}_dw_relu6` }), y);
      y = convBn(y, outC, 1, 1, `${name}_project`, false);
      x = stride === 1 && inC === outC ? st(tf.layers.add({ name: `${name}_add` }), [x, y]) : y;
      inC = outC;
    }
  }
  x = convBn(x, 1280, 1, 1, "head", true);
  x = st(tf.layers.globalAveragePooling2d({ name: "avg_pool" }), x);
  const out = st(tf.layers.dense({ units: opts.classes ?? 2, activation: "softmax", kernelInitializer: init(), name: "classifier" }), x);
  return tf.model({ inputs: input, outputs: out, name: `mobilenetv2_${alpha}` });
}
