import seedrandom from "seedrandom";

export type Rng = () => number;

/** A seeded generator of floats in [0, 1) (Alea), for library code that must be reproducible. */
export function makeRng(seed: number | string): Rng {
  return seedrandom.alea(String(seed));
}

/**
 * Makes a notebook's results repeatable: tfjs draws weight initialisers, dropout masks
 * and `fit`'s shuffling from Math.random when no seed is passed, so Math.random is
 * replaced by a seeded generator. Call it at the top of a notebook and before each
 * experiment that must repeat. Returns the generator.
 */
export function seedEverything(seed: number): Rng {
  const rng = makeRng(seed);
  Math.random = rng;
  return rng;
}
