// tinyml-lab: 04
import { CHOICES, MAX_DEPTH, STAGES, type KwsArch } from "./kwsSearchSpace.js";

/** Length of encodeArch's vector: 2 strides + 3 widths + 4 stages x 3 depths + 12 slots x 3 kernels + 12 slots x 4 expand ratios. */
export const ENCODING_LENGTH = 2 + 3 + STAGES * 3 + STAGES * MAX_DEPTH * 3 + STAGES * MAX_DEPTH * 4;

/**
 * The one-hot feature vector of a valid architecture, float32 [101], for the accuracy
 * predictor. In order: stemStride (1, 2); width (0.5, 0.75, 1); each stage's depth
 * (1, 2, 3); each block slot's kernel (3, 5, 7), stage-major; each slot's expand ratio
 * (1, 2, 3, 4). A slot past its stage's depth does not run, so its kernel and expand
 * groups stay all zero: two architectures that differ only in skipped blocks encode alike.
 */
export function encodeArch(arch: KwsArch): Float32Array {
  // BEGIN SOLUTION
  const out = new Float32Array(ENCODING_LENGTH);
  let at = 0;
  const hot = (choices: readonly number[], v: number | null) => {
    if (v !== null) out[at + choices.indexOf(v)] = 1;
    at += choices.length;
  };
  hot(CHOICES.stemStride, arch.stemStride);
  hot(CHOICES.width, arch.width);
  for (let s = 0; s < STAGES; s++) hot(CHOICES.depth, arch.depths[s]);
  const active = (slot: number) => slot % MAX_DEPTH < arch.depths[Math.floor(slot / MAX_DEPTH)];
  for (let slot = 0; slot < STAGES * MAX_DEPTH; slot++) hot(CHOICES.kernel, active(slot) ? arch.kernels[slot] : null);
  for (let slot = 0; slot < STAGES * MAX_DEPTH; slot++) hot(CHOICES.expand, active(slot) ? arch.expands[slot] : null);
  return out;
  // END SOLUTION
}
