import type { Graph } from '../../ir/Graph.js';
import { elementCount } from '../../ir/Graph.js';
import { GraphError } from '../../ir/GraphError.js';
import { Interpreter } from '../../ir/Interpreter.js';
import { quantizeTensor } from '../../ir/quantizeTensor.js';
import { inKernel } from '../../viz/kernelDisplay.js';
import { workStarted, yieldOrStop } from '../../viz/kernelInterrupts.js';
import { ProgressBar } from '../../viz/ProgressBar.js';

export interface GraphAccuracyOptions {
  /** Called after each sample with how many are done, of `total`. */
  onProgress?: (done: number, total: number) => void;
  /** The progress bar's label, or false for none; default: a bar inside a notebook, none elsewhere. */
  label?: string | false;
}

/**
 * Top-1 accuracy of a single-input classifier graph (float32 or int8) on
 * float32 samples `x` (flat, [n, ...input shape without batch]) with class
 * labels in [0, classes). int8 inputs are quantized exactly as QUANTIZE
 * would. Returns the fraction in [0, 1] and the predicted class per sample.
 * Asynchronous: the reference interpreter takes seconds for a test split, so
 * it yields every few samples (live progress; an interrupt stops it).
 */
export async function graphAccuracy(graph: Graph, x: Float32Array, labels: Int32Array, opts: GraphAccuracyOptions = {}): Promise<{ accuracy: number; predictions: Int32Array }> {
  if (graph.inputs.length !== 1) throw new GraphError('input', `${graph.name} has ${graph.inputs.length} inputs; graphAccuracy takes single-input classifiers`);
  const spec = graph.tensors[graph.inputs[0]];
  const per = elementCount(spec.shape);
  if (x.length !== per * labels.length) throw new GraphError('input', `${labels.length} labels need ${per * labels.length} input values of shape [${spec.shape.join(', ')}], got ${x.length}`);
  const interp = new Interpreter(graph);
  const predictions = new Int32Array(labels.length);
  const label = opts.label === undefined ? (inKernel() ? `accuracy of ${graph.name}` : false) : opts.label;
  const bar = label === false || labels.length === 0 ? null : new ProgressBar({ total: labels.length, label });
  const since = workStarted();
  let right = 0;
  let lastYield = performance.now();
  for (let s = 0; s < labels.length; s++) {
    const sample = x.subarray(s * per, (s + 1) * per);
    const out = interp.run([spec.dtype === 'int8' ? quantizeTensor(spec, sample) : sample])[0];
    let best = 0;
    for (let j = 1; j < out.length; j++) if (out[j] > out[best]) best = j;
    predictions[s] = best;
    if (best === labels[s]) right++;
    opts.onProgress?.(s + 1, labels.length);
    if (performance.now() - lastYield > 100) {
      bar?.update(s + 1, { accuracy: right / (s + 1) });
      await yieldOrStop(since, label === false ? 'graphAccuracy' : label);
      lastYield = performance.now();
    }
  }
  bar?.done({ accuracy: labels.length === 0 ? 0 : right / labels.length });
  return { accuracy: right / labels.length, predictions };
}
