// tinyml-lab: 01
/**
 * Bytes to store a pruned tensor as a bitmask plus its kept values:
 * ceil(n / 8) bytes of mask (one bit per weight) and ceil(kept * bits / 8)
 * bytes of values at `bits` bits each. `mask` is 1 keep, 0 prune.
 */
export function sparseStorageBytes(mask: Uint8Array, bits: number): number {
  // BEGIN SOLUTION
  let kept = 0;
  for (const m of mask) if (m !== 0) kept++;
  return Math.ceil(mask.length / 8) + Math.ceil((kept * bits) / 8);
  // END SOLUTION
}
