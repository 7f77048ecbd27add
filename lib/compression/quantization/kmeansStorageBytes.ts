// tinyml-lab: 02
/**
 * Bytes to store `n` weights clustered to 2^bits centroids: the indices
 * packed at `bits` bits each, ceil(n * bits / 8) bytes, plus the codebook of
 * 2^bits entries at `codebookBits` bits each (float32: 32), rounded up to
 * whole bytes.
 */
export function kmeansStorageBytes(n: number, bits: number, codebookBits = 32): number {
  // BEGIN SOLUTION
  return Math.ceil((n * bits) / 8) + Math.ceil((2 ** bits * codebookBits) / 8);
  // END SOLUTION
}
