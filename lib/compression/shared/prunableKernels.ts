import { tf } from "../../tf/tf.js";

/** A weight tensor pruning may act on: a conv, depthwise or dense kernel of a Layers model. */
export interface PrunableKernel {
  /** The layer's name. */
  layer: string;
  kind: "conv" | "depthwise" | "dense";
  /** TensorFlow layout: conv [kh, kw, inC, outC], depthwise [kh, kw, inC, multiplier], dense [in, out]. */
  shape: number[];
  /** The kernel's float32 values (a copy). */
  read(): Float32Array;
  /** Replaces the kernel's values (same length); the layer's other weights are kept. */
  write(values: Float32Array): void;
}

const KINDS: Record<string, PrunableKernel["kind"]> = { Conv2D: "conv", DepthwiseConv2D: "depthwise", Dense: "dense" };

/** Every conv, depthwise and dense kernel of `model`, in layer order. Biases and batch-norm parameters are not pruned. */
export function prunableKernels(model: tf.LayersModel): PrunableKernel[] {
  return model.layers.flatMap((layer): PrunableKernel[] => {
    const kind = KINDS[layer.getClassName()];
    if (kind === undefined) return [];
    const shape = layer.getWeights()[0].shape;
    return [{
      layer: layer.name, kind, shape,
      read: () => layer.getWeights()[0].dataSync() as Float32Array,
      write: (values) => {
        const size = shape.reduce((a, b) => a * b, 1);
        if (values.length !== size) throw new RangeError(`${layer.name}: ${values.length} values for a kernel of ${size}`);
        const next = tf.tensor(values, shape);
        layer.setWeights([next, ...layer.getWeights().slice(1)]);
        next.dispose();
      },
    }];
  });
}
