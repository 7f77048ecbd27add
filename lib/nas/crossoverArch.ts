// tinyml-lab: 04
import { makeRng } from "../tf/seedEverything.js";
import type { KwsArch } from "./kwsSearchSpace.js";

/**
 * Uniform crossover of two parents: each of the 30 fields (stemStride, width, each
 * depth, each kernel, each expand ratio) comes from `a` or from `b` with equal
 * probability, drawn from `makeRng(seed)`. Valid whenever both parents are; neither
 * parent is modified.
 */
export function crossoverArch(a: KwsArch, b: KwsArch, seed: number): KwsArch {
  // BEGIN SOLUTION
  const rng = makeRng(seed);
  const either = <T>(x: T, y: T): T => (rng() < 0.5 ? x : y);
  return {
    stemStride: either(a.stemStride, b.stemStride),
    width: either(a.width, b.width),
    depths: a.depths.map((d, i) => either(d, b.depths[i])),
    kernels: a.kernels.map((k, i) => either(k, b.kernels[i])),
    expands: a.expands.map((e, i) => either(e, b.expands[i])),
  };
  // END SOLUTION
}
