import seedrandom from "seedrandom";
import type { Device } from "../hwsim/deviceCatalog.js";
import { estimate, type SimReport } from "../hwsim/estimate.js";
import type { KernelImpl } from "../hwsim/kernelFeatures.js";
import { workStarted, yieldOrStop } from "../viz/kernelInterrupts.js";
import { ProgressBar } from "../viz/ProgressBar.js";
import { archLayers } from "./archLayers.js";
import { constraintExcess, measured, validateConstraints, type Constraints } from "./constraints.js";
import { CHOICES, MAX_DEPTH, STAGES, type KwsArch } from "./kwsSearchSpace.js";
import { validateArch } from "./validateArch.js";

/** A random source in [0, 1). */
export type Rng = () => number;

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
/** A seed for an operator that draws from makeRng(seed). */
const seedFrom = (rng: Rng): number => Math.floor(rng() * 2 ** 31);

/** A uniformly random architecture (every field drawn independently). */
export function sampleArch(rng: Rng): KwsArch {
  return {
    stemStride: pick(rng, CHOICES.stemStride),
    width: pick(rng, CHOICES.width),
    depths: Array.from({ length: STAGES }, () => pick(rng, CHOICES.depth)),
    kernels: Array.from({ length: STAGES * MAX_DEPTH }, () => pick(rng, CHOICES.kernel)),
    expands: Array.from({ length: STAGES * MAX_DEPTH }, () => pick(rng, CHOICES.expand)),
  };
}

/** The smallest network of the space (stride-2 stem, half width, one 3x3 block with expand ratio 1 per stage). */
export function smallestArch(): KwsArch {
  return { stemStride: 2, width: 0.5, depths: Array(STAGES).fill(1), kernels: Array(STAGES * MAX_DEPTH).fill(3), expands: Array(STAGES * MAX_DEPTH).fill(1) };
}

/** The largest network of the space (stride-1 stem, full width, three 7x7 blocks with expand ratio 4 per stage). */
export function largestArch(): KwsArch {
  return { stemStride: 1, width: 1, depths: Array(STAGES).fill(MAX_DEPTH), kernels: Array(STAGES * MAX_DEPTH).fill(7), expands: Array(STAGES * MAX_DEPTH).fill(4) };
}

export interface Candidate {
  arch: KwsArch;
  /** The search's objective (predicted accuracy, say): higher is better. */
  score: number;
  macs: number;
  latencyMs: number;
  peakSramBytes: number;
  flashBytes: number;
}

export interface SearchOptions {
  device: Device;
  constraints: Constraints;
  /** The objective of a network that meets the constraints (an accuracy predictor, say); higher is better. */
  score: (arch: KwsArch) => number;
  /** How many networks meeting the constraints are scored. */
  evaluations: number;
  seed: number;
  kernels?: KernelImpl;
  /** Progress bar label; false for none. */
  label?: string | false;
}

export interface SearchResult {
  best: Candidate;
  /** The best score after each evaluation (for best-so-far plots). */
  bestSoFar: number[];
  /** Every scored candidate, in order. */
  evaluated: Candidate[];
}

/** A search's bookkeeping: prices candidates, scores those that meet the constraints, tracks the best, reports progress. */
class Evaluator {
  readonly evaluated: Candidate[] = [];
  readonly bestSoFar: number[] = [];
  private readonly bar: ProgressBar | null;
  private readonly since = workStarted();
  private readonly label: string;

  constructor(private readonly o: SearchOptions, label: string) {
    if (!Number.isInteger(o.evaluations) || o.evaluations < 1) throw new RangeError(`${label}: evaluations must be a whole number of at least 1, got ${o.evaluations}`);
    this.label = o.label === false ? label : o.label ?? label;
    this.bar = o.label === false ? null : new ProgressBar({ total: o.evaluations, label: this.label });
  }

  get done(): boolean {
    return this.evaluated.length >= this.o.evaluations;
  }

  report(arch: KwsArch): SimReport {
    return estimate(archLayers(arch), this.o.device, { kernels: this.o.kernels });
  }

  /** Scores `arch` if it meets the constraints; null otherwise. Yields every 16 candidates (progress, interrupts). */
  async consider(arch: KwsArch): Promise<Candidate | null> {
    const r = this.report(arch);
    if (Object.keys(constraintExcess(r, this.o.constraints)).length > 0) return null;
    const m = measured(r);
    const c: Candidate = { arch, score: this.o.score(arch), macs: m.macs, latencyMs: m.latencyMs, peakSramBytes: m.peakSramBytes, flashBytes: m.flashBytes };
    this.evaluated.push(c);
    this.bestSoFar.push(Math.max(c.score, this.bestSoFar.at(-1) ?? -Infinity));
    if (this.evaluated.length % 16 === 0) {
      this.bar?.update(this.evaluated.length, { best: this.bestSoFar.at(-1) ?? 0 });
      await yieldOrStop(this.since, this.label);
    }
    return c;
  }

  result(): SearchResult {
    this.bar?.done({ best: this.bestSoFar.at(-1) ?? 0 });
    const best = this.evaluated.reduce((a, c) => (c.score > a.score ? c : a));
    return { best, bestSoFar: this.bestSoFar, evaluated: this.evaluated };
  }
}

/** Throws when even the smallest network misses a bound, saying by how much on each: then nothing in the space can meet them. */
function checkFeasible(ev: Evaluator, o: SearchOptions): void {
  const over = constraintExcess(ev.report(smallestArch()), o.constraints);
  const keys = Object.keys(over) as (keyof typeof over)[];
  if (keys.length === 0) return;
  throw new RangeError(`no network of the search space meets these constraints on ${o.device.board}: the smallest one is over by ${keys.map((k) => `${(over[k] ?? 0).toFixed(k === "latencyMs" ? 2 : 0)} (${k})`).join(", ")}`);
}

const MAX_DRAWS_PER_EVALUATION = 200;

/**
 * Random search: draws architectures uniformly, scores those that meet `constraints` on
 * `device` (priced by lib/hwsim, no model built), until `evaluations` have been scored.
 * Seeded; asynchronous (progress bar, interruptible). Throws when nothing can meet the
 * constraints, or when they are so tight that random draws almost never do.
 */
export async function randomSearch(o: SearchOptions): Promise<SearchResult> {
  validateConstraints(o.constraints);
  const rng = seedrandom.alea(String(o.seed));
  const ev = new Evaluator(o, "random search");
  checkFeasible(ev, o);
  for (let draws = 0; !ev.done; draws++) {
    if (draws > MAX_DRAWS_PER_EVALUATION * o.evaluations) throw new RangeError(`random search: ${draws} draws met the constraints only ${ev.evaluated.length} times; loosen them or use evolutionarySearch`);
    await ev.consider(sampleArch(rng));
  }
  return ev.result();
}

/** The genetic operators evolutionary search calls: lab 04's exercises, or their references. */
export interface GeneticOperators {
  /** Each field redrawn with probability `prob`, from makeRng(seed); always valid. */
  mutate: (arch: KwsArch, prob: number, seed: number) => KwsArch;
  /** Each field from one parent or the other, from makeRng(seed). */
  crossover: (a: KwsArch, b: KwsArch, seed: number) => KwsArch;
  /** Indices of the best round(n x ratio) scores (at least 2), best first. */
  selectParents: (scores: ArrayLike<number>, parentRatio: number) => number[];
}

export interface EvolutionOptions extends SearchOptions {
  operators: GeneticOperators;
  /** Networks per generation. Default 32. */
  population?: number;
  /** Share of the population kept as parents, in (0, 1). Default 0.25. */
  parentRatio?: number;
  /** Share of each new generation made by mutation (the rest by crossover), in [0, 1]. Default 0.5. */
  mutationRatio?: number;
  /** Probability of redrawing each field in a mutation. Default 0.1. */
  mutateProb?: number;
}

/**
 * Evolutionary search (Once-for-All's): a random first population that meets the
 * constraints, then per generation the best `parentRatio` survive and the rest are
 * refilled by mutating parents and crossing pairs of them, keeping only children that
 * meet the constraints, until `evaluations` networks have been scored. Seeded;
 * asynchronous (progress bar, interruptible).
 */
export async function evolutionarySearch(o: EvolutionOptions): Promise<SearchResult> {
  validateConstraints(o.constraints);
  const population = o.population ?? 32;
  const parentRatio = o.parentRatio ?? 0.25;
  const parents = Math.max(2, Math.round(population * parentRatio));
  const mutations = Math.round((population - parents) * (o.mutationRatio ?? 0.5));
  const mutateProb = o.mutateProb ?? 0.1;
  if (!(population >= 4) || parents >= population) throw new RangeError(`evolutionarySearch: population ${population} with ${parents} parents leaves no room for children`);
  const rng = seedrandom.alea(String(o.seed));
  const ev = new Evaluator(o, "evolutionary search");
  checkFeasible(ev, o);
  const limit = MAX_DRAWS_PER_EVALUATION * o.evaluations;
  let draws = 0;
  const draw = async (make: () => KwsArch): Promise<Candidate | null> => {
    if (++draws > limit) throw new RangeError(`evolutionary search: ${draws} candidates met the constraints only ${ev.evaluated.length} times; loosen them`);
    return ev.consider(make());
  };
  let pop: Candidate[] = [];
  while (pop.length < population && !ev.done) {
    const c = await draw(() => sampleArch(rng));
    if (c !== null) pop.push(c);
  }
  while (!ev.done) {
    const chosen = o.operators.selectParents(pop.map((c) => c.score), parentRatio);
    const kept = chosen.map((i) => pop[i]);
    if (kept.length < 2 || kept.some((c) => c === undefined)) throw new RangeError(`selectParents returned [${chosen.join(", ")}] for ${pop.length} candidates: expected at least 2 valid indices`);
    const next = [...kept];
    while (next.length < parents + mutations && !ev.done) {
      const c = await draw(() => validateArch(o.operators.mutate(pick(rng, kept).arch, mutateProb, seedFrom(rng))));
      if (c !== null) next.push(c);
    }
    while (next.length < population && !ev.done) {
      const c = await draw(() => validateArch(o.operators.crossover(pick(rng, kept).arch, pick(rng, kept).arch, seedFrom(rng))));
      if (c !== null) next.push(c);
    }
    pop = next;
  }
  return ev.result();
}
