import type { DType, TensorData } from '../ir/Graph.js';
import { DTYPE_BYTES } from '../ir/dtypeBytes.js';

/** An n-dimensional array as stored in a NumPy .npy file (C order, little-endian). */
export interface NpyArray {
  dtype: DType;
  shape: number[];
  data: TensorData;
}

/** Thrown for a malformed or unsupported .npy file; the message names the problem. */
export class NpyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NpyError';
  }
}

const DESCR: Record<string, DType> = {
  '|i1': 'int8', 'i1': 'int8', '|u1': 'uint8', 'u1': 'uint8', '|b1': 'bool',
  '<f4': 'float32', '<i2': 'int16', '<i4': 'int32', '<i8': 'int64',
};
const DESCR_OF: Record<DType, string> = {
  int8: '|i1', uint8: '|u1', bool: '|b1', float32: '<f4', int16: '<i2', int32: '<i4', int64: '<i8',
};
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/**
 * Parse a .npy file (format versions 1-3). Supports int8, uint8, bool,
 * int16, int32, int64 and float32 in C order; `what` names the file in errors.
 */
export function parseNpy(bytes: Uint8Array, what = '.npy file'): NpyArray {
  if (bytes.byteLength < 10 || MAGIC.some((m, i) => bytes[i] !== m)) throw new NpyError(`${what} is not a NumPy .npy file (bad magic)`);
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerStart: number, headerLength: number;
  if (major === 1) { headerLength = view.getUint16(8, true); headerStart = 10; } else if (major === 2 || major === 3) {
    if (bytes.byteLength < 12) throw new NpyError(`${what} is truncated`);
    headerLength = view.getUint32(8, true); headerStart = 12;
  } else throw new NpyError(`${what} has .npy format version ${major}, which is not supported`);
  if (headerStart + headerLength > bytes.byteLength) throw new NpyError(`${what} is truncated inside its header`);
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new NpyError(`${what} has an unreadable header: ${header.trim()}`);
  const dtype = DESCR[descr];
  if (dtype === undefined) {
    throw new NpyError(`${what} has dtype ${descr}; supported: int8, uint8, bool, int16, int32, int64 and float32, little-endian`);
  }
  if (fortran === 'True') throw new NpyError(`${what} is in Fortran order; save it with numpy.ascontiguousarray first`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new NpyError(`${what} has an invalid shape (${shapeText})`);
  const count = shape.reduce((a, d) => a * d, 1);
  const start = headerStart + headerLength;
  const need = count * DTYPE_BYTES[dtype];
  if (bytes.byteLength - start < need) {
    throw new NpyError(`${what} is truncated: shape (${shape.join(', ')}) of ${dtype} needs ${need} data bytes, found ${bytes.byteLength - start}`);
  }
  const copy = bytes.slice(start, start + need);
  return { dtype, shape, data: typedArray(dtype, copy.buffer, count) };
}

function typedArray(dtype: DType, buffer: ArrayBuffer, count: number): TensorData {
  switch (dtype) {
    case 'int8': return new Int8Array(buffer, 0, count);
    case 'uint8': case 'bool': return new Uint8Array(buffer, 0, count);
    case 'float32': return new Float32Array(buffer, 0, count);
    case 'int16': return new Int16Array(buffer, 0, count);
    case 'int32': return new Int32Array(buffer, 0, count);
    case 'int64': return new BigInt64Array(buffer, 0, count);
  }
}

/** Serialise an array as a version 1.0 .npy file (header padded to 64 bytes). */
export function formatNpy(array: NpyArray): Uint8Array {
  const count = array.shape.reduce((a, d) => a * d, 1);
  if (count !== array.data.length) throw new NpyError(`shape (${array.shape.join(', ')}) holds ${count} values, data has ${array.data.length}`);
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${DESCR_OF[array.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = new Uint8Array(10 + header.length);
  head.set(MAGIC, 0);
  head[6] = 1;
  head[7] = 0;
  new DataView(head.buffer).setUint16(8, header.length, true);
  head.set(new TextEncoder().encode(header), 10);
  const body = new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength);
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}
