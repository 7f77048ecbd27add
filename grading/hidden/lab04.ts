import type { HiddenCases } from "../exerciseSpec.js";
import type { KwsArch } from "../../lib/nas/kwsSearchSpace.js";
import { LAB04_BUDGET } from "../labs/lab04.js";

const arch = (stemStride: 1 | 2, width: 0.5 | 0.75 | 1, depths: number[], kernels: number[], expands: number[]): KwsArch => ({ stemStride, width, depths, kernels, expands });
const A = arch(1, 1, [3, 1, 2, 3], [7, 5, 3, 3, 5, 7, 5, 5, 3, 7, 3, 5], [4, 1, 2, 3, 3, 1, 2, 4, 1, 1, 2, 3]);
const B = arch(2, 0.5, [2, 3, 1, 2], [3, 3, 5, 7, 7, 7, 5, 3, 3, 3, 5, 7], [1, 4, 4, 2, 1, 3, 1, 1, 2, 4, 3, 2]);
const C = arch(2, 0.75, [1, 1, 3, 1], [5, 7, 7, 3, 3, 3, 7, 5, 3, 5, 5, 5], [3, 3, 3, 2, 2, 2, 1, 2, 4, 1, 1, 1]);
const ALL_DIFFERENT_A = arch(2, 0.5, [1, 1, 1, 1], Array(12).fill(3), Array(12).fill(1));
const ALL_DIFFERENT_B = arch(1, 0.75, [2, 3, 2, 3], [5, 7, 5, 7, 5, 7, 5, 7, 5, 7, 5, 7], [2, 3, 4, 2, 3, 4, 2, 3, 4, 2, 3, 4]);

/** Lab 04's hidden cases: never released. */
export const HIDDEN_04: HiddenCases = {
  encodeArch: [{ args: [A] }, { args: [B] }, { args: [C] }],
  archMacs: [{ args: [A] }, { args: [B] }, { args: [C] }],
  archPeakBytes: [{ args: [A] }, { args: [B] }, { args: [C] }],
  // A bound met exactly next to one with room, a bound met exactly next to one just missed, and flash alone: in every
  // case comparing the wrong way round gives the other answer.
  satisfiesConstraints: [
    { args: [{ latencyMs: 99.5, peakSramBytes: 30000, flashBytes: 200000, macs: 1e6 }, { latencyMs: 99.5, peakSramBytes: 30001 }] },
    { args: [{ latencyMs: 10, peakSramBytes: 30000, flashBytes: 200000, macs: 1e6 }, { latencyMs: 10, macs: 999999 }] },
    { args: [{ latencyMs: 10, peakSramBytes: 30000, flashBytes: 200001, macs: 1e6 }, { flashBytes: 200000 }] },
  ],
  spearman: [
    { args: [[1, 2, 3, 4, 5], [5, 6, 7, 8, 7]] },
    { args: [[0.8, 0.8, 0.8, 0.1, 0.5, 0.9], [3, 1, 2, 6, 5, 4]] },
    { args: [[1, 2, 3, 4], [4, 3, 2, 1]] },
  ],
  selectParents: [
    { args: [[0.3, 0.3, 0.3, 0.3, 0.1, 0.5], 0.5] },
    { args: [[0.1, 0.2, 0.3], 0.1] },
    { args: [[5, 4, 3, 2, 1, 0, 9, 8, 7, 6, 5, 4], 0.3] },
  ],
  mutateArch: [{ args: [B, 1, 11] }, { args: [ALL_DIFFERENT_B, 1, 12] }, { args: [C, 1, 13] }, { args: [A, 1, 14] }],
  crossoverArch: [{ args: [ALL_DIFFERENT_B, ALL_DIFFERENT_A, 21] }, { args: [ALL_DIFFERENT_A, ALL_DIFFERENT_B, 22] }],
  // The same budget: what is hidden is the clips (the test split, which the lab's search never uses).
  chosenArch: [{ args: [LAB04_BUDGET] }],
};
