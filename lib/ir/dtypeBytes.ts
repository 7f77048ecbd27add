import type { DType } from './Graph.js';

/** Bytes per element of each tensor dtype. */
export const DTYPE_BYTES: Readonly<Record<DType, number>> = { float32: 4, int8: 1, uint8: 1, int16: 2, int32: 4, int64: 8, bool: 1 };
