import { tf } from "../tf/tf.js";

export interface LayerProfile {
  name: string;
  /** tfjs layer class, e.g. "Conv2D". */
  type: string;
  /** Output shape without the batch dimension. */
  outputShape: number[];
  /** Trainable and non-trainable parameters, as Keras counts them. */
  params: number;
  /** Multiply-accumulates for one input sample. */
  macs: number;
  /** Bytes of activations live while this layer runs (its inputs still needed, its output, others kept for later), for one sample. */
  liveBytes: number;
  /** True when deployment runs this layer in place: batch norm folds into the conv before it, ReLU fuses, Flatten only renames. */
  inPlace: boolean;
}

export interface ModelProfile {
  name: string;
  layers: LayerProfile[];
  params: number;
  macs: number;
  /** Largest liveBytes over the layers: the activation arena a deployment needs, bytes. */
  peakActivationBytes: number;
  /** Weights at int8 plus one int32 bias per output channel of every conv and dense layer (after BN folding), bytes. */
  int8WeightBytes: number;
  /** Bytes per activation element used above (1 for int8, 4 for float32). */
  bytesPerElement: number;
}

// Layers that produce no new buffer in a deployed int8 graph: BN is folded into the
// preceding conv, activations are fused, Flatten/Reshape only change the shape, and
// Dropout is the identity at inference.
const IN_PLACE = new Set(["BatchNormalization", "ReLU", "Activation", "Dropout", "Flatten", "Reshape", "LeakyReLU"]);

function shapeOf(s: tf.Shape | tf.Shape[]): number[] {
  const one = (Array.isArray(s[0]) ? s[0] : s) as Array<number | null>;
  return one.slice(1).map((d) => d ?? 1);
}

const prod = (a: number[]) => a.reduce((x, y) => x * y, 1);

function macsOf(layer: tf.layers.Layer, out: number[]): number {
  const cfg = layer.getConfig() as { kernelSize?: number | number[]; units?: number; depthMultiplier?: number };
  const k = cfg.kernelSize === undefined ? [1, 1] : Array.isArray(cfg.kernelSize) ? cfg.kernelSize : [cfg.kernelSize, cfg.kernelSize];
  const inShape = () => shapeOf((layer.input as tf.SymbolicTensor).shape);
  switch (layer.getClassName()) {
    case "Conv2D":
      // Each output element sums kh * kw * Cin products.
      return prod(out) * k[0] * k[1] * inShape()[inShape().length - 1];
    case "DepthwiseConv2D":
      // Each output element sums kh * kw products of its one input channel.
      return prod(out) * k[0] * k[1];
    case "Dense":
      return prod(inShape()) * (cfg.units ?? 0);
    default:
      return 0;
  }
}

function int8BytesOf(layer: tf.layers.Layer, out: number[]): number {
  const type = layer.getClassName();
  if (!["Conv2D", "DepthwiseConv2D", "Dense"].includes(type)) return 0;
  const kernel = layer.weights.filter((w) => !w.name.includes("bias")).reduce((n, w) => n + prod(w.shape as number[]), 0);
  return kernel + 4 * out[out.length - 1];
}

/**
 * Profiles a tfjs Layers model layer by layer: parameters, MACs per sample, and the
 * activation memory live at each layer given tensor lifetimes in topological order
 * (a residual input stays live until its add), as a deployed graph would run it.
 */
export function profileModel(model: tf.LayersModel, bytesPerElement = 1): ModelProfile {
  const layers = model.layers;
  const index = new Map(layers.map((l, i) => [l.name, i]));
  // Buffer each layer's output lives in: its own, or (in place) its input's.
  const bufferOf: number[] = [];
  const bytes = new Map<number, number>();
  const lastUse = new Map<number, number>();
  const inputsOf = (l: tf.layers.Layer): number[] =>
    l.inboundNodes.flatMap((n) => n.inboundLayers.map((p) => index.get(p.name) ?? -1)).filter((i) => i >= 0);
  layers.forEach((l, i) => {
    const ins = inputsOf(l);
    const out = shapeOf(l.outputShape);
    if (IN_PLACE.has(l.getClassName()) && ins.length === 1) {
      bufferOf[i] = bufferOf[ins[0]];
    } else {
      bufferOf[i] = i;
      bytes.set(i, prod(out) * bytesPerElement);
    }
    for (const p of ins) lastUse.set(bufferOf[p], Math.max(lastUse.get(bufferOf[p]) ?? 0, i));
    lastUse.set(bufferOf[i], Math.max(lastUse.get(bufferOf[i]) ?? 0, i));
  });
  for (const o of model.outputs) {
    const i = index.get(o.sourceLayer.name);
    if (i !== undefined) lastUse.set(bufferOf[i], layers.length - 1);
  }
  const profiles: LayerProfile[] = layers.map((l, i) => {
    let live = 0;
    for (const [buf, size] of bytes) if (buf <= i && (lastUse.get(buf) ?? buf) >= i) live += size;
    const out = shapeOf(l.outputShape);
    return {
      name: l.name,
      type: l.getClassName(),
      outputShape: out,
      params: l.countParams(),
      macs: macsOf(l, out),
      liveBytes: live,
      inPlace: bufferOf[i] !== i,
    };
  });
  return {
    name: model.name,
    layers: profiles,
    params: profiles.reduce((n, p) => n + p.params, 0),
    macs: profiles.reduce((n, p) => n + p.macs, 0),
    peakActivationBytes: Math.max(...profiles.map((p) => p.liveBytes)),
    int8WeightBytes: layers.reduce((n, l) => n + int8BytesOf(l, shapeOf(l.outputShape)), 0),
    bytesPerElement,
  };
}
