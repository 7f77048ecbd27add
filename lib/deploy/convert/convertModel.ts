import type { tf } from '../../tf/tf.js';
import type { Graph } from '../../ir/Graph.js';
import type { CalibrationOptions, CalibrationSample } from './calibrate.js';
import { calibrate } from './calibrate.js';
import { layersToFloatGraph } from './layersToFloatGraph.js';
import type { QuantizeOptions } from './quantizeGraph.js';
import { quantizeGraph } from './quantizeGraph.js';

export interface ConvertOptions extends CalibrationOptions, QuantizeOptions {
  /** Representative inputs (float32, as the tfjs model takes them, one sample each); a few hundred is typical. */
  calibration: readonly CalibrationSample[];
  /** Graph name used in messages and written into the .tflite description; defaults to the model's name. */
  name?: string;
}

/** A converted model: the float32 graph (BN folded, activations fused) and its int8 quantization. */
export interface ConvertedModel {
  float: Graph;
  int8: Graph;
}

/**
 * Convert a tfjs Layers model to the int8 graph in one call:
 * `layersToFloatGraph`, then `calibrate` on the samples (min/max or
 * percentile), then `quantizeGraph` (per-channel weights, int8 input and
 * output by default).
 */
export function convertModel(model: tf.LayersModel, opts: ConvertOptions): ConvertedModel {
  const float = layersToFloatGraph(model, opts.name ?? model.name);
  const ranges = calibrate(float, opts.calibration, opts);
  return { float, int8: quantizeGraph(float, ranges, opts) };
}
