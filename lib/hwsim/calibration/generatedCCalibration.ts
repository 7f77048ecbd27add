import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../projectRoot.js';

/** The cores whose generated-C instruction counts were measured on QEMU (mps2-an385, an386, an500). */
export type CalibratedCore = 'm3' | 'm4' | 'm7';

/** Memory of the generated C measured on QEMU for one core and kernel set (datasets/scripts/calibrateHwsim.ts). */
export interface MeasuredMemory {
  /** Largest stack high-water mark over the calibration graphs, bytes (the harness paints the stack). */
  stackBytes: number;
  /** Stack high-water mark of each kernel family's single-operator build, bytes. */
  familyStackBytes: Record<string, number>;
  /** The median over the calibration graphs converted from tfjs of their stack over their deepest family's run alone, bytes. */
  stackOverFamilies: number;
  /** model.o's flash beyond weights and requantization tables: flashBase + flashPerOperator[layer kernel] per layer, bytes (linker map). */
  flashBase: number;
  flashPerOperator: Record<string, number>;
  /** Kernel code: bytes of each linked input section ("object section"), and the sections each kernel family (kernelFeatures' model) needs. */
  kernelSections: Record<string, number>;
  kernelFamilies: Record<string, string[]>;
}

/** lib/hwsim/calibration/generatedC.json: instructions per loop body, and memory, per core and kernel set. */
export interface GeneratedCCalibration {
  coefficients: Record<CalibratedCore, Record<string, Record<string, number>>>;
  memory: Record<CalibratedCore, Record<string, MeasuredMemory>>;
}

let cached: GeneratedCCalibration | null = null;

/** The calibration file, read once. */
export function generatedCCalibration(): GeneratedCCalibration {
  cached ??= JSON.parse(readFileSync(join(projectRoot(), 'lib', 'hwsim', 'calibration', 'generatedC.json'), 'utf8')) as GeneratedCCalibration;
  return cached;
}
