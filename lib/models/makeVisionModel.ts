import seedrandom from 'seedrandom';
import { convertModel } from '../deploy/convert/convertModel.js';
import type { Graph } from '../ir/Graph.js';
import { tfReady } from '../tf/tf.js';
import { mobileNetV2 } from './mobileNetV2.js';

/**
 * Lab 05's vision model, made from scratch: the course's MobileNetV2 (alpha
 * 0.35, 64x64x3 input, 2 classes, He-initialised weights from seed 3, never
 * trained) converted to int8 on 8 seeded uniform [0, 1) images. Its outputs
 * mean nothing; its shapes are those of a small visual-wake-words network,
 * which is all the memory planners and the generated C look at. Deterministic:
 * the same bytes on every run (datasets/scripts/makeVisionModel.ts writes them
 * to lib/models/lab/mobilenetv2-64.tflite).
 */
export async function makeVisionModel(): Promise<Graph> {
  await tfReady();
  const rng = seedrandom('lab 05 vision model');
  const calibration = Array.from({ length: 8 }, () => Float32Array.from({ length: 64 * 64 * 3 }, () => rng()));
  return convertModel(mobileNetV2({ inputShape: [64, 64, 3], alpha: 0.35, classes: 2, seed: 3 }), { calibration, name: 'mobilenetv2-64' }).int8;
}
