import { strict as assert } from "node:assert";

/**
 * The largest absolute difference between `got` and `want`, over the largest magnitude
 * in `want` (at least `floor`): one number for "equal to float rounding" checks of whole
 * tensors. A floor above 0 keeps a reference that is rounding noise around 0 from
 * making every difference look large.
 */
export function maxRelativeError(got: ArrayLike<number>, want: ArrayLike<number>, floor = 1e-30): number {
  assert.equal(got.length, want.length, "lengths differ");
  let diff = 0;
  let ref = floor;
  for (let i = 0; i < want.length; i++) {
    diff = Math.max(diff, Math.abs(got[i] - want[i]));
    ref = Math.max(ref, Math.abs(want[i]));
  }
  return diff / ref;
}
