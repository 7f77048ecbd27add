import type { Graph } from '../../ir/Graph.js';
import { elementCount } from '../../ir/Graph.js';
import { GraphError } from '../../ir/GraphError.js';
import { Interpreter } from '../../ir/Interpreter.js';
import { quantizeTensor } from '../../ir/quantizeTensor.js';

/**
 * Top-1 accuracy of a single-input classifier graph (float32 or int8) on
 * float32 samples `x` (flat, [n, ...input shape without batch]) with class
 * labels in [0, classes). int8 inputs are quantized exactly as QUANTIZE
 * would. Returns the fraction in [0, 1] and the predicted class per sample.
 */
export function graphAccuracy(graph: Graph, x: Float32Array, labels: Int32Array, onProgress?: (done: number, total: number) => void): { accuracy: number; predictions: Int32Array } {
  if (graph.inputs.length !== 1) throw new GraphError('input', `${graph.name} has ${graph.inputs.length} inputs; graphAccuracy takes single-input classifiers`);
  const spec = graph.tensors[graph.inputs[0]];
  const per = elementCount(spec.shape);
  if (x.length !== per * labels.length) throw new GraphError('input', `${labels.length} labels need ${per * labels.length} input values of shape [${spec.shape.join(', ')}], got ${x.length}`);
  const interp = new Interpreter(graph);
  const predictions = new Int32Array(labels.length);
  let right = 0;
  for (let s = 0; s < labels.length; s++) {
    const sample = x.subarray(s * per, (s + 1) * per);
    const out = interp.run([spec.dtype === 'int8' ? quantizeTensor(spec, sample) : sample])[0];
    let best = 0;
    for (let j = 1; j < out.length; j++) if (out[j] > out[best]) best = j;
    predictions[s] = best;
    if (best === labels[s]) right++;
    onProgress?.(s + 1, labels.length);
  }
  return { accuracy: right / labels.length, predictions };
}
