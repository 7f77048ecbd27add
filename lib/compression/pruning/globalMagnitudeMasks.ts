// tinyml-lab: 01
/**
 * Global magnitude pruning: one threshold over all `tensors` together.
 * Prunes exactly round(sparsity * total) weights of smallest |w| across
 * every tensor; ties go to the earlier tensor, then the earlier position.
 * Returns one mask per tensor (1 keep, 0 prune). `sparsity` in [0, 1].
 */
export function globalMagnitudeMasks(tensors: Float32Array[], sparsity: number): Uint8Array[] {
  // BEGIN SOLUTION
  if (!(sparsity >= 0 && sparsity <= 1)) throw new RangeError(`sparsity must be in [0, 1], got ${sparsity}`);
  const all: { t: number; i: number; a: number }[] = [];
  tensors.forEach((w, t) => w.forEach((v, i) => all.push({ t, i, a: Math.abs(v) })));
  all.sort((x, y) => x.a - y.a || x.t - y.t || x.i - y.i);
  const masks = tensors.map((w) => new Uint8Array(w.length).fill(1));
  const k = Math.round(sparsity * all.length);
  for (let j = 0; j < k; j++) masks[all[j].t][all[j].i] = 0;
  return masks;
  // END SOLUTION
}
