import { tf } from "../../tf/tf.js";
import type { LabelledData } from "./modelAccuracy.js";
import { predictRows } from "./predictRows.js";

/** A classifier split before its last layer: the body up to the features, and that softmax Dense layer. */
export interface ClassifierSplit {
  /** Outputs the features [batch, width] first, then the outputs of any `extra` tensors. */
  body: tf.LayersModel;
  head: tf.layers.Layer;
}

/**
 * Splits a model whose last layer is a softmax Dense, so its logits can be
 * computed exactly (not as log-probabilities, which underflow for a
 * confident model): logits = features * kernel + bias. `extra` tensors of
 * the model are added to the body's outputs (hint features, say).
 */
export function splitAtClassifier(model: tf.LayersModel, extra: tf.SymbolicTensor[] = []): ClassifierSplit {
  const head = model.layers[model.layers.length - 1];
  const config = head.getConfig();
  if (head.getClassName() !== "Dense" || config.activation !== "softmax") {
    throw new Error(`${model.name}: logits need a last layer Dense with softmax, found ${head.getClassName()} (${String(config.activation)})`);
  }
  return { body: tf.model({ inputs: model.inputs, outputs: [head.input as tf.SymbolicTensor, ...extra] }), head };
}

/** Logits [batch, classes] from `features` [batch, width] through the head's own variables (so gradients reach them). */
export function headLogits(split: ClassifierSplit, features: tf.Tensor): tf.Tensor {
  const [kernel, bias] = split.head.trainableWeights.map((w) => w.read());
  return bias === undefined ? tf.matMul(features, kernel) : tf.add(tf.matMul(features, kernel), bias);
}

/** Inference on `split`'s body: its outputs as a list, whether it has one or several. */
export function bodyOutputs(split: ClassifierSplit, x: tf.Tensor): tf.Tensor[] {
  const p = split.body.predict(x);
  return Array.isArray(p) ? p : [p];
}

/** The exact logits of a softmax-Dense classifier on `data`: [n, classes] float32, row-major. */
export function classifierLogits(model: tf.LayersModel, data: LabelledData): Float32Array {
  const split = splitAtClassifier(model);
  return predictRows(data, (x) => [headLogits(split, bodyOutputs(split, x)[0])])[0];
}
