import type { CalibratedCore } from './calibration/generatedCCalibration.js';
import { generatedCCalibration } from './calibration/generatedCCalibration.js';
import { applyCostModel } from './calibration/fitCostModel.js';
import type { CostedLayer, KernelFeatures, KernelImpl } from './kernelFeatures.js';
import { kernelFeatures } from './kernelFeatures.js';

export type { CalibratedCore } from './calibration/generatedCCalibration.js';

/**
 * Instructions the generated C (lib/deploy/c, arm-none-eabi-gcc -O2) executes
 * for one layer on `core`, from its loop-iteration counts times the
 * instructions per loop body measured on QEMU for the calibration graphs.
 * Throws for a kernel model with no calibration (e.g. `simd` on the M3).
 */
export function predictInstructions(layer: CostedLayer, impl: KernelImpl, core: CalibratedCore): number {
  return instructionsFromFeatures(kernelFeatures(layer, impl), core);
}

/** The same from a layer's already computed loop counts (`kernelFeatures`), for callers that need them too. */
export function instructionsFromFeatures(f: KernelFeatures, core: CalibratedCore): number {
  const coefficients = generatedCCalibration().coefficients[core][f.model];
  if (coefficients === undefined) {
    const why = f.model.endsWith('/simd') && core === 'm3' ? ': the Cortex-M3 has no SIMD kernels' : f.model.includes('/cmsis-nn') ? ": CMSIS-NN's cost models were fitted on the M4 and M7 only" : '';
    throw new Error(`no ${core} calibration for ${f.model}${why}`);
  }
  return applyCostModel(coefficients, f.features);
}
