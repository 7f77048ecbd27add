import { DatasetError } from "./datasetManifest.js";

/**
 * Parses an IDX file (the MNIST format: big-endian magic 0x0000 08 NN with NN the
 * number of dimensions, then NN big-endian uint32 sizes, then unsigned bytes).
 * @returns dims (for example [60000, 28, 28]) and the bytes after the header.
 * Throws a DatasetError naming `what` for a wrong magic number or a short file.
 */
export function parseIdx(bytes: Uint8Array, what: string): { dims: number[]; data: Uint8Array } {
  if (bytes.length < 4) throw new DatasetError(`${what}: ${bytes.length} bytes is too short for an IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const rank = magic & 0xff;
  if (magic >>> 8 !== 0x08 || rank < 1 || rank > 4) throw new DatasetError(`${what}: magic number 0x${magic.toString(16)} is not an IDX file of unsigned bytes`);
  const header = 4 + 4 * rank;
  if (bytes.length < header) throw new DatasetError(`${what}: truncated IDX header`);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + size) {
    throw new DatasetError(`${what}: IDX header promises ${size} values of ${dims.join("x")}, the file holds ${bytes.length - header}`);
  }
  return { dims, data: bytes.subarray(header) };
}
