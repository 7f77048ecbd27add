import { unzipSync, zipSync } from 'fflate';
import type { NpyArray } from './npyFile.js';
import { formatNpy, NpyError, parseNpy } from './npyFile.js';

/**
 * The arrays of a NumPy .npz archive (np.savez: a zip of .npy files, stored
 * or deflated), by name without ".npy", in the archive's order. `what` names
 * the file in errors.
 */
export function parseNpz(bytes: Uint8Array, what = '.npz file'): Map<string, NpyArray> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (e) {
    throw new NpyError(`${what} is not a NumPy .npz archive (${(e as Error).message})`);
  }
  const arrays = new Map<string, NpyArray>();
  for (const [name, data] of Object.entries(entries)) {
    if (!name.endsWith('.npy')) throw new NpyError(`${what} holds ${name}, which is not a .npy array`);
    arrays.set(name.slice(0, -4), parseNpy(data, `${what}:${name}`));
  }
  if (arrays.size === 0) throw new NpyError(`${what} holds no arrays`);
  return arrays;
}

/** A .npz archive (uncompressed, as np.savez writes it) of `arrays` in order; names are used as given plus ".npy". */
export function formatNpz(arrays: readonly (readonly [string, NpyArray])[]): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const [name, array] of arrays) {
    if (`${name}.npy` in files) throw new NpyError(`two arrays are named ${name}`);
    files[`${name}.npy`] = [formatNpy(array), { level: 0 }];
  }
  return zipSync(files);
}
