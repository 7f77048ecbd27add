import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Graph } from '../ir/Graph.js';
import { readTflite } from '../ir/tflite/readTflite.js';
import { projectRoot } from '../projectRoot.js';

/** Where lab 05's vision model is shipped (see makeVisionModel). */
export const VISION_MODEL_FILE = (): string => join(projectRoot(), 'lib', 'models', 'lab', 'mobilenetv2-64.tflite');

/**
 * Lab 05's int8 MobileNetV2 (64x64x3 input, 65 operators, untrained: for
 * memory planning and deployment, not accuracy), read from its shipped
 * .tflite without TensorFlow.js.
 */
export function visionModel(): Graph {
  return readTflite(new Uint8Array(readFileSync(VISION_MODEL_FILE())), 'mobilenetv2-64');
}
