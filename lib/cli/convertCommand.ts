import { existsSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadDataset } from '../data/loadDataset.js';
import { convertModel } from '../deploy/convert/convertModel.js';
import { graphAccuracy } from '../deploy/convert/graphAccuracy.js';
import { elementCount } from '../ir/Graph.js';
import type { Graph } from '../ir/Graph.js';
import { GraphError } from '../ir/GraphError.js';
import { quantizationReport } from '../deploy/debug/quantizationReport.js';
import { textTable } from './textTable.js';
import { writeTflite } from '../ir/tflite/writeTflite.js';
import { PRETRAINED_MODELS, loadPretrained, type PretrainedName } from '../models/pretrainedModels.js';
import { loadModel } from '../tf/modelFiles.js';
import { tfReady, type tf } from '../tf/tf.js';
import { ProgressBar } from '../viz/ProgressBar.js';

export interface ConvertCommandOptions {
  data: string;
  samples: number;
  method: 'minmax' | 'percentile';
  percentile: number;
  perTensor: boolean;
  floatIo: boolean;
  out: string;
  floatOut?: string;
  evaluate: boolean;
  /** Per-layer float against int8 comparison on this many test samples (TFLite's QuantizationDebugger), with fixes to try. */
  debug?: number;
}

async function openModel(model: string): Promise<tf.LayersModel> {
  if ((PRETRAINED_MODELS as readonly string[]).includes(model)) return (await loadPretrained(model as PretrainedName)).model;
  if (!existsSync(model)) throw new GraphError('input', `${model} is neither a saved model folder nor a shipped model (${PRETRAINED_MODELS.join(', ')})`);
  return loadModel(model);
}

/**
 * `tinyml convert MODEL --data NAME --out M.tflite`: a saved tfjs model (or a
 * shipped one by name) to an int8 .tflite, calibrated on the first `samples`
 * of the dataset's train split (shuffled with seed 0). With `evaluate`, prints
 * float and int8 top-1 accuracy on the test split. Returns the report lines.
 */
export async function convertCommand(model: string, o: ConvertCommandOptions): Promise<string> {
  const { float, int8, samples } = await convertSavedModel(model, o);
  const bytes = writeTflite(int8);
  writeFileSync(o.out, bytes);
  const lines = [`wrote ${o.out}: ${int8.operators.length} operators, ${bytes.length} bytes (${o.method} calibration on ${samples} ${o.data} samples)`];
  if (o.floatOut !== undefined) {
    const fb = writeTflite(float);
    writeFileSync(o.floatOut, fb);
    lines.push(`wrote ${o.floatOut}: float32, ${fb.length} bytes`);
  }
  if (o.evaluate) {
    const test = loadDataset(o.data, { split: 'test' });
    const evalBar = new ProgressBar({ total: 2 * test.labels.length, label: 'evaluating' });
    const f = await graphAccuracy(float, test.x, test.labels, { onProgress: (d) => evalBar.update(d), label: false });
    const q = await graphAccuracy(int8, test.x, test.labels, { onProgress: (d) => evalBar.update(test.labels.length + d), label: false });
    evalBar.done();
    lines.push(`test accuracy on ${test.labels.length} ${o.data} samples: float32 ${(100 * f.accuracy).toFixed(2)}%, int8 ${(100 * q.accuracy).toFixed(2)}% (${(100 * (q.accuracy - f.accuracy)).toFixed(2)} points)`);
  }
  if (o.debug !== undefined) {
    if (o.floatIo) throw new GraphError('input', '--debug compares layer by layer and needs int8 input and output; drop --float-io');
    const test = loadDataset(o.data, { split: 'test', seed: 0, limit: Math.max(1, Math.floor(o.debug)) });
    const per = elementCount(test.shape.slice(1));
    const report = quantizationReport(float, int8, Array.from({ length: test.labels.length }, (_, s) => test.x.slice(s * per, (s + 1) * per)));
    const db = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : 'exact');
    lines.push(`float against int8 on ${test.labels.length} ${o.data} test samples, layer by layer:`);
    lines.push(textTable(['#', 'op', 'SNR dB', 'lost dB', 'RMSE/scale', 'max error', 'clipped'],
      report.layers.map((l) => [l.operator, l.kind, db(l.snrDb), l.lossDb.toFixed(1), l.rmseOverScale.toFixed(2), l.maxError.toPrecision(3), `${(100 * l.clipped).toFixed(2)}%`])));
    lines.push(report.worst.length === 0 ? 'no layer loses more than 8-bit rounding does' : report.worst.map((l) => `layer ${l.operator} (${l.kind}) loses ${l.lossDb.toFixed(1)} dB: ${l.suggestion}`).join('\n'));
  }
  return lines.join('\n');
}

/**
 * Open a saved tfjs model (or a shipped one by name) and convert it, calibrating
 * on the first `samples` of the dataset's train split (shuffled with seed 0).
 */
export async function convertSavedModel(
  model: string, o: Pick<ConvertCommandOptions, 'data' | 'samples' | 'method' | 'percentile' | 'perTensor' | 'floatIo'>,
): Promise<{ float: Graph; int8: Graph; samples: number }> {
  if (!['minmax', 'percentile'].includes(o.method)) throw new GraphError('input', `--method must be minmax or percentile, not ${o.method}`);
  await tfReady();
  const m = await openModel(model);
  const train = loadDataset(o.data, { split: 'train', seed: 0, limit: Math.floor(o.samples) });
  const per = elementCount(train.shape.slice(1));
  const wanted = elementCount((m.inputs[0].shape.slice(1) as number[]));
  if (per !== wanted) throw new GraphError('input', `${o.data} samples have shape [${train.shape.slice(1).join(', ')}] but ${model} takes [${m.inputs[0].shape.slice(1).join(', ')}]`);
  const calibration = Array.from({ length: train.labels.length }, (_, s) => train.x.subarray(s * per, (s + 1) * per));
  const bar = new ProgressBar({ total: calibration.length * (o.method === 'percentile' ? 2 : 1), label: 'calibrating' });
  const { float, int8 } = convertModel(m, {
    name: basename(model), calibration, method: o.method, percentile: o.percentile,
    perChannel: !o.perTensor, io: o.floatIo ? 'float32' : 'int8', onProgress: (d) => bar.update(d),
  });
  bar.done();
  return { float, int8, samples: calibration.length };
}
