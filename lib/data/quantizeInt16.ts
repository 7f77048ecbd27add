import { DatasetError } from "./datasetManifest.js";

/**
 * Stores float features as int16 (value = stored x scale), writing `values` into `out`
 * from `offset`. Throws rather than clip: a feature that does not fit says the scale
 * is wrong for this data, and a silently clipped dataset would look complete.
 * @param what names the sample in the error, for example a file path.
 */
export function quantizeInt16(values: Float32Array, scale: number, out: Int16Array, offset: number, what: string): void {
  for (let j = 0; j < values.length; j++) {
    const q = Math.round(values[j] / scale);
    if (q > 32767 || q < -32768 || Number.isNaN(q)) {
      throw new DatasetError(`${what}: the feature value ${values[j]} does not fit int16 at a scale of ${scale}`);
    }
    out[offset + j] = q;
  }
}
