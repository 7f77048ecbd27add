import { tf } from "../../tf/tf.js";

/** Output channels to keep, by conv layer name: ascending channel indices (your channelsToKeep, say). */
export type KeptChannels = Record<string, ArrayLike<number>>;

/** Copies `data` (shape `shape`, row-major) keeping only `keep` along `axis`. */
function sliceAxis(data: Float32Array, shape: number[], axis: number, keep: ArrayLike<number>): Float32Array {
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = new Float32Array(outer * keep.length * inner);
  let at = 0;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < keep.length; j++) {
      const from = (o * shape[axis] + keep[j]) * inner;
      out.set(data.subarray(from, from + inner), at);
      at += inner;
    }
  }
  return out;
}

const PASS_THROUGH = new Set(["ReLU", "Activation", "Dropout", "AveragePooling2D", "MaxPooling2D", "GlobalAveragePooling2D", "ZeroPadding2D"]);

/**
 * Channel pruning with the channels physically removed: a new, narrower
 * model in which each conv layer named in `keep` has only those output
 * channels, and everything that reads them follows: its bias, the batch
 * norm after it, a depthwise conv (multiplier 1) and its batch norm, and
 * the input channels of the next conv or dense layer (through pooling and
 * Flatten). Works on chains of layers (DS-CNN, VGG-style nets); a branch
 * or a merge is refused by name. The original model is unchanged.
 */
export async function pruneChannels(model: tf.LayersModel, keep: KeptChannels): Promise<tf.LayersModel> {
  const unknown = Object.keys(keep).filter((n) => !model.layers.some((l) => l.name === n && l.getClassName() === "Conv2D"));
  if (unknown.length > 0) throw new Error(`pruneChannels: ${unknown.join(", ")} ${unknown.length > 1 ? "are not conv layers" : "is not a conv layer"} of ${model.name}`);
  // The channels of the tensor flowing between layers (null: all of them), and its shape.
  let kept = null as number[] | null;
  const topology = model.toJSON(null, false) as unknown as { config: { layers: { name: string; config: Record<string, unknown> }[] } };
  const configOf = (name: string) => {
    const c = topology.config.layers.find((l) => l.name === name);
    if (c === undefined) throw new Error(`pruneChannels: ${name} is missing from the model's topology`);
    return c.config;
  };
  const weights = new Map<string, tf.Tensor[]>();
  for (let i = 0; i < model.layers.length; i++) {
    const layer = model.layers[i];
    const cls = layer.getClassName();
    if (i > 0) {
      const inputs = layer.inboundNodes.flatMap((n) => n.inboundLayers);
      if (inputs.length !== 1 || inputs[0] !== model.layers[i - 1]) throw new Error(`pruneChannels: ${layer.name} (${cls}) is not fed by the layer before it alone; only chains of layers are supported`);
    }
    const w = layer.getWeights().map((t) => ({ data: t.dataSync() as Float32Array, shape: t.shape }));
    const sel: number[] | null = kept;
    const lastAxis = (x: { data: Float32Array; shape: number[] }, k: number[] | null, axis = x.shape.length - 1) =>
      k === null ? x.data : sliceAxis(x.data, x.shape, axis, k);
    const shapeWith = (shape: number[], axis: number, n: number | null) => shape.map((d, j) => (j === axis && n !== null ? n : d));
    let out: { data: Float32Array; shape: number[] }[];
    if (cls === "InputLayer" || PASS_THROUGH.has(cls)) {
      out = w;
    } else if (cls === "Conv2D") {
      const own = keep[layer.name] === undefined ? null : Array.from(keep[layer.name]);
      const [kernel, bias] = w;
      const k1 = { data: lastAxis(kernel, sel, 2), shape: shapeWith(kernel.shape, 2, sel?.length ?? null) };
      out = [{ data: lastAxis(k1, own, 3), shape: shapeWith(k1.shape, 3, own?.length ?? null) }];
      if (bias !== undefined) out.push({ data: lastAxis(bias, own), shape: shapeWith(bias.shape, 0, own?.length ?? null) });
      if (own !== null) configOf(layer.name).filters = own.length;
      kept = own;
    } else if (cls === "DepthwiseConv2D") {
      const [kernel, bias] = w;
      if (kernel.shape[3] !== 1 && sel !== null) throw new Error(`pruneChannels: ${layer.name} has depth multiplier ${kernel.shape[3]}; only 1 can follow pruned channels`);
      out = [{ data: lastAxis(kernel, sel, 2), shape: shapeWith(kernel.shape, 2, sel?.length ?? null) }];
      if (bias !== undefined) out.push({ data: lastAxis(bias, sel), shape: shapeWith(bias.shape, 0, sel?.length ?? null) });
    } else if (cls === "BatchNormalization") {
      out = w.map((x) => ({ data: lastAxis(x, sel), shape: shapeWith(x.shape, 0, sel?.length ?? null) }));
    } else if (cls === "Flatten") {
      // Channels-last flattening: feature (y * W + x) * C + c.
      const shape = layer.inputSpec?.[0]?.shape ?? (layer.input as tf.SymbolicTensor).shape;
      const [h, wd, c] = shape.slice(1) as number[];
      if (sel !== null) kept = Array.from({ length: h * wd }, (_, p) => sel.map((ch) => p * c + ch)).flat();
      out = w;
    } else if (cls === "Dense") {
      const [kernel, bias] = w;
      out = [{ data: lastAxis(kernel, sel, 0), shape: shapeWith(kernel.shape, 0, sel?.length ?? null) }];
      if (bias !== undefined) out.push(bias);
      kept = null;
    } else {
      throw new Error(`pruneChannels: cannot carry pruned channels through ${layer.name} (${cls})`);
    }
    weights.set(layer.name, out.map((x) => tf.tensor(x.data, x.shape)));
  }
  const pruned = await tf.models.modelFromJSON({ modelTopology: topology } as unknown as Parameters<typeof tf.models.modelFromJSON>[0]);
  for (const layer of pruned.layers) {
    const ws = weights.get(layer.name);
    if (ws !== undefined && ws.length > 0) layer.setWeights(ws);
    ws?.forEach((t) => t.dispose());
  }
  return pruned;
}
