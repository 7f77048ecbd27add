import type { Rng } from "../tf/seedEverything.js";
import { largestArch, sampleArch, smallestArch } from "./archSearch.js";
import type { KwsArch } from "./kwsSearchSpace.js";

/** An elastic dimension of the search space. */
export type ElasticDim = "kernels" | "depths" | "expands" | "width" | "stemStride";

/** From step `from` on, these dimensions (and those of earlier phases) vary; the others stay at the largest network's values. */
export interface ShrinkPhase {
  from: number;
  dims: ElasticDim[];
}

/** `arch` with every dimension outside `open` set back to the largest network's value. */
function within(arch: KwsArch, open: ReadonlySet<ElasticDim>): KwsArch {
  const largest = largestArch();
  return {
    stemStride: open.has("stemStride") ? arch.stemStride : largest.stemStride,
    width: open.has("width") ? arch.width : largest.width,
    depths: open.has("depths") ? arch.depths : largest.depths,
    kernels: open.has("kernels") ? arch.kernels : largest.kernels,
    expands: open.has("expands") ? arch.expands : largest.expands,
  };
}

/**
 * The sandwich rule (Yu et al., BigNAS) inside Once-for-All's progressive shrinking:
 * every step trains the largest network, the smallest network of the dimensions opened
 * so far, and `random` networks drawn uniformly over those dimensions. Phases open the
 * dimensions one group at a time (OFA: kernel size, then depth, then expand ratio, then
 * width), so the shared weights learn to serve smaller networks gradually. Before the
 * first phase, only the largest network trains. Every phase's dimensions stay open.
 * With `largestEvery` > 1 the largest network trains on every n-th step only: it costs
 * as much as several random networks, which need the steps more.
 */
export function sandwichSampler(random: number, phases: ShrinkPhase[] = [{ from: 0, dims: ["kernels", "depths", "expands", "width", "stemStride"] }], largestEvery = 1): (step: number, rng: Rng) => KwsArch[] {
  return (step, rng) => {
    const open = new Set(phases.filter((p) => p.from <= step).flatMap((p) => p.dims));
    if (open.size === 0) return [largestArch()];
    const largest = step % largestEvery === 0 ? [largestArch()] : [];
    return [...largest, within(smallestArch(), open), ...Array.from({ length: random }, () => within(sampleArch(rng), open))];
  };
}
