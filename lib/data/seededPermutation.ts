import { makeRng } from "../tf/seedEverything.js";

/** 0..n-1 in a Fisher-Yates order drawn from Alea(seed): the same seed, the same order. */
export function seededPermutation(n: number, seed: number): number[] {
  const rng = makeRng(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
