// tinyml-lab: 04
import { makeRng } from "../tf/seedEverything.js";
import { CHOICES, type KwsArch } from "./kwsSearchSpace.js";

/**
 * A mutation of `arch` for evolutionary search: each of its 30 fields (stemStride,
 * width, the 4 depths, the 12 kernels, the 12 expand ratios) is, with probability
 * `prob`, redrawn uniformly from the values it may take (CHOICES); the rest are copied.
 * Draw from `makeRng(seed)`. Always a valid architecture; `arch` is not modified; prob 0
 * returns an equal copy.
 */
export function mutateArch(arch: KwsArch, prob: number, seed: number): KwsArch {
  // BEGIN SOLUTION
  const rng = makeRng(seed);
  const maybe = <T>(v: T, xs: readonly T[]): T => (rng() < prob ? xs[Math.floor(rng() * xs.length)] : v);
  return {
    stemStride: maybe(arch.stemStride, CHOICES.stemStride),
    width: maybe(arch.width, CHOICES.width),
    depths: arch.depths.map((d) => maybe(d, CHOICES.depth)),
    kernels: arch.kernels.map((k) => maybe(k, CHOICES.kernel)),
    expands: arch.expands.map((e) => maybe(e, CHOICES.expand)),
  };
  // END SOLUTION
}
