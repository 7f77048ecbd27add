import { makeRng } from "../tf/seedEverything.js";
import { tf } from "../tf/tf.js";
import { CHOICES, CLASSES, MAX_DEPTH, STAGE_STRIDES, STAGE_WIDTHS, STAGES, STEM_WIDTH, scaledWidth, type KwsArch } from "./kwsSearchSpace.js";

/** Batch-norm epsilon, as tfjs's BatchNormalization layer defaults it, so an extracted subnet computes the same function. */
export const BN_EPSILON = 1e-3;
const MAX_KERNEL = Math.max(...CHOICES.kernel);
const MAX_EXPAND = Math.max(...CHOICES.expand);

/** Mean and variance of one batch-norm layer's active channels, in the order the forward pass meets them. */
export interface BnMoments {
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

/**
 * How batch norm normalises in a forward pass: `batch` with the batch's own moments
 * (training, and recalibration, which records them in `record` when given), or
 * `stats` with moments recorded earlier for the same architecture.
 */
export type BnMode = { kind: "batch"; record?: BnMoments[] } | { kind: "stats"; stats: BnMoments[] };

/** Widest input channels of block `b` of stage `s`: the previous stage's (or the stem's) width for a stage's first block. */
function maxBlockInput(s: number, b: number): number {
  return b > 0 ? STAGE_WIDTHS[s] : s === 0 ? STEM_WIDTH : STAGE_WIDTHS[s - 1];
}

/** Name prefix of block slot (s, b). */
export const slotName = (s: number, b: number): string => `s${s}b${b}`;

/** Every weight tensor of the supernet with its shape, in the fixed order of the weights file. */
export function supernetShapes(): { name: string; shape: number[] }[] {
  const out: { name: string; shape: number[] }[] = [];
  const bn = (p: string, c: number) => out.push({ name: `${p}/gamma`, shape: [c] }, { name: `${p}/beta`, shape: [c] });
  out.push({ name: "stem/kernel", shape: [3, 3, 1, STEM_WIDTH] });
  bn("stem", STEM_WIDTH);
  for (let s = 0; s < STAGES; s++) {
    for (let b = 0; b < MAX_DEPTH; b++) {
      const p = slotName(s, b), inC = maxBlockInput(s, b), mid = inC * MAX_EXPAND;
      out.push({ name: `${p}/expand/kernel`, shape: [1, 1, inC, mid] });
      bn(`${p}/expand`, mid);
      out.push({ name: `${p}/dw/kernel`, shape: [MAX_KERNEL, MAX_KERNEL, mid, 1] });
      // OFA's kernel transformation: a smaller kernel is a learned linear map of the larger one's centre.
      out.push({ name: `${p}/dw/t5`, shape: [25, 25] }, { name: `${p}/dw/t3`, shape: [9, 9] });
      bn(`${p}/dw`, mid);
      out.push({ name: `${p}/project/kernel`, shape: [1, 1, mid, STAGE_WIDTHS[s]] });
      bn(`${p}/project`, STAGE_WIDTHS[s]);
    }
  }
  out.push({ name: "head/kernel", shape: [STAGE_WIDTHS[STAGES - 1], CLASSES] }, { name: "head/bias", shape: [CLASSES] });
  return out;
}

/**
 * One set of shared weights for every network of the keyword-spotting search space
 * (kwsSearchSpace): each architecture runs a slice of it. Channels are taken from the
 * front (so training sorts them by importance), a smaller depthwise kernel is OFA's
 * kernel transformation of the larger kernel's centre, and a shallower stage runs its
 * first blocks. Input float32 [batch, 49, 10, 1] MFCCs; output [batch, 12] logits.
 */
let instances = 0;
/** A tfjs variable name no other supernet in the process uses (tfjs's variable names are global). */
export function uniqueVariableName(name: string): string {
  return `supernet${instances++}/${name}`;
}

export class Supernet {
  /** By weight name (supernetShapes); each variable's tfjs name is unique to this instance. */
  readonly weights: Map<string, tf.Variable>;

  constructor(weights: Map<string, tf.Variable>) {
    for (const { name, shape } of supernetShapes()) {
      const w = weights.get(name);
      if (w === undefined) throw new Error(`supernet weights: "${name}" is missing`);
      if (w.shape.join(",") !== shape.join(",")) throw new Error(`supernet weights: "${name}" has shape [${w.shape.join(", ")}], expected [${shape.join(", ")}]`);
    }
    this.weights = weights;
  }

  /**
   * Fresh weights from `seed`: He-normal kernels (drawn from one seeded generator, not
   * tfjs's), batch-norm scale 1 and shift 0, kernel transformations the identity.
   */
  static init(seed: number): Supernet {
    const rng = makeRng(seed);
    const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const weights = new Map<string, tf.Variable>();
    for (const { name, shape } of supernetShapes()) {
      const n = shape.reduce((a, b) => a * b, 1);
      let values: Float32Array;
      if (name.endsWith("/gamma")) values = new Float32Array(n).fill(1);
      else if (name.endsWith("/beta") || name.endsWith("/bias")) values = new Float32Array(n);
      else if (/\/t[35]$/.test(name)) values = Float32Array.from({ length: n }, (_, i) => (i % (shape[0] + 1) === 0 ? 1 : 0));
      else {
        // Fan-in of one output: all but the last axis, except a depthwise kernel's (kh * kw).
        const fanIn = name.endsWith("dw/kernel") ? shape[0] * shape[1] : n / shape[shape.length - 1];
        const std = Math.sqrt(2 / fanIn);
        values = Float32Array.from({ length: n }, () => std * normal());
      }
      const t = tf.tensor(values, shape);
      weights.set(name, tf.variable(t, true, uniqueVariableName(name)));
      t.dispose();
    }
    return new Supernet(weights);
  }

  w(name: string): tf.Variable {
    const v = this.weights.get(name);
    if (v === undefined) throw new Error(`supernet has no weight "${name}"`);
    return v;
  }

  /** The depthwise kernel [k, k, channels, 1] of slot `p` at size `k`: 7 as stored, 5 and 3 through the kernel transformations. */
  depthwiseKernel(p: string, channels: number, k: number): tf.Tensor4D {
    return tf.tidy(() => {
      let kernel = tf.slice(this.w(`${p}/dw/kernel`), [0, 0, 0, 0], [MAX_KERNEL, MAX_KERNEL, channels, 1]) as tf.Tensor4D;
      for (const [size, t] of [[5, "t5"], [3, "t3"]] as const) {
        if (k > size) break;
        const off = (kernel.shape[0] - size) / 2;
        const centre = tf.slice(kernel, [off, off, 0, 0], [size, size, channels, 1]);
        // [size*size, channels] -> each channel's flattened centre times the shared [size^2, size^2] map.
        const flat = tf.transpose(tf.reshape(centre, [size * size, channels]));
        kernel = tf.reshape(tf.transpose(tf.matMul(flat, this.w(`${p}/dw/${t}`))), [size, size, channels, 1]);
      }
      return kernel;
    });
  }

  /** Logits [batch, 12] of `arch` (assumed valid) for x [batch, 49, 10, 1]. */
  forward(arch: KwsArch, x: tf.Tensor4D, bn: BnMode): tf.Tensor2D {
    let bnIndex = 0;
    const norm = (y: tf.Tensor4D, p: string, c: number): tf.Tensor4D => {
      let m: BnMoments;
      if (bn.kind === "stats") {
        m = bn.stats[bnIndex];
        if (m === undefined || m.mean.shape[0] !== c) throw new Error(`batch-norm statistics do not match this architecture at layer ${bnIndex} (${p})`);
      } else {
        const mo = tf.moments(y, [0, 1, 2]);
        m = { mean: mo.mean as tf.Tensor1D, variance: mo.variance as tf.Tensor1D };
        bn.record?.push({ mean: tf.keep(m.mean), variance: tf.keep(m.variance) });
      }
      bnIndex++;
      const gamma = tf.slice(this.w(`${p}/gamma`), 0, c), beta = tf.slice(this.w(`${p}/beta`), 0, c);
      return tf.batchNorm(y, m.mean, m.variance, beta, gamma, BN_EPSILON) as tf.Tensor4D;
    };
    const conv1x1 = (y: tf.Tensor4D, name: string, inC: number, outC: number) =>
      tf.conv2d(y, tf.slice(this.w(name), [0, 0, 0, 0], [1, 1, inC, outC]) as tf.Tensor4D, 1, "same");
    let c = scaledWidth(STEM_WIDTH, arch.width);
    let y = tf.conv2d(x, tf.slice(this.w("stem/kernel"), [0, 0, 0, 0], [3, 3, 1, c]) as tf.Tensor4D, arch.stemStride, "same");
    y = tf.relu(norm(y, "stem", c));
    for (let s = 0; s < STAGES; s++) {
      const outC = scaledWidth(STAGE_WIDTHS[s], arch.width);
      for (let b = 0; b < arch.depths[s]; b++) {
        const slot = s * MAX_DEPTH + b, p = slotName(s, b);
        const stride = b === 0 ? STAGE_STRIDES[s] : 1;
        const mid = c * arch.expands[slot];
        const input = y;
        let h = input;
        h = tf.relu(norm(conv1x1(h, `${p}/expand/kernel`, c, mid), `${p}/expand`, mid));
        h = tf.depthwiseConv2d(h, this.depthwiseKernel(p, mid, arch.kernels[slot]), stride, "same");
        h = tf.relu(norm(h, `${p}/dw`, mid));
        h = norm(conv1x1(h, `${p}/project/kernel`, mid, outC), `${p}/project`, outC);
        y = stride === 1 && c === outC ? (tf.add(input, h) as tf.Tensor4D) : h;
        c = outC;
      }
    }
    const pooled = tf.mean(y, [1, 2]) as tf.Tensor2D;
    const head = tf.slice(this.w("head/kernel"), [0, 0], [c, CLASSES]) as tf.Tensor2D;
    return tf.add(tf.matMul(pooled, head), this.w("head/bias")) as tf.Tensor2D;
  }

  dispose(): void {
    for (const v of this.weights.values()) v.dispose();
  }
}
