import { archMacs } from "../../lib/nas/archMacs.js";
import { chosenArch } from "../../lib/nas/chosenArch.js";
import { crossoverArch } from "../../lib/nas/crossoverArch.js";
import { encodeArch } from "../../lib/nas/encodeArch.js";
import type { KwsArch } from "../../lib/nas/kwsSearchSpace.js";
import { mutateArch } from "../../lib/nas/mutateArch.js";
import { archPeakBytes } from "../../lib/nas/archPeakBytes.js";
import { satisfiesConstraints } from "../../lib/nas/satisfiesConstraints.js";
import { selectParents } from "../../lib/nas/selectParents.js";
import { spearman } from "../../lib/nas/spearman.js";
import type { LabSpec } from "../exerciseSpec.js";
import { archMissesBudget, crossoverMisses, mutationMisses } from "./lab04Predicates.js";

const arch = (stemStride: 1 | 2, width: 0.5 | 0.75 | 1, depths: number[], kernels: number[], expands: number[]): KwsArch => ({ stemStride, width, depths, kernels, expands });

/** The design task's budget on nano33-ble, shown in the notebook: latency, peak SRAM, and the accuracy to reach on the test clips. */
export const LAB04_BUDGET = { latencyMs: 40, peakSramBytes: 24 * 1024, minAccuracy: 0.34 };

/** Lab 04's graded exercises: encoding, costs without a model, constraints, rank correlation, the genetic operators, and a design. */
export const LAB_04: LabSpec = {
  lab: "04",
  master: "notebooks/04-nas.ipynb",
  libFiles: [
    "lib/nas/encodeArch.ts", "lib/nas/archMacs.ts", "lib/nas/archPeakBytes.ts", "lib/nas/satisfiesConstraints.ts",
    "lib/nas/spearman.ts", "lib/nas/selectParents.ts", "lib/nas/mutateArch.ts", "lib/nas/crossoverArch.ts", "lib/nas/chosenArch.ts",
  ],
  reference: { encodeArch, archMacs, archPeakBytes, satisfiesConstraints, spearman, selectParents, mutateArch, crossoverArch, chosenArch },
  exercises: [
    // Depths 1, 2 and 3 all appear, so an off-by-one in any group shows.
    { name: "encodeArch", points: 2, rule: { kind: "exact" }, public: [{ args: [arch(2, 0.75, [1, 2, 3, 1], [3, 5, 7, 5, 3, 7, 7, 7, 3, 5, 5, 5], [1, 2, 3, 4, 4, 3, 2, 1, 1, 2, 3, 4])] }] },
    // A stride-1 stem and an expanded block: both change every later layer's size.
    { name: "archMacs", points: 2, rule: { kind: "exact" }, public: [{ args: [arch(1, 0.5, [1, 1, 1, 1], Array(12).fill(3), Array(12).fill(1))] }, { args: [arch(2, 1, [2, 1, 1, 1], [5, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3], [2, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])] }] },
    // Stage 1's second block is residual, so the held input shows.
    { name: "archPeakBytes", points: 3, rule: { kind: "exact" }, public: [{ args: [arch(2, 1, [1, 2, 1, 1], Array(12).fill(3), [1, 1, 1, 1, 4, 1, 1, 1, 1, 1, 1, 1])] }] },
    // One bound exactly met (it counts as met) and one over.
    { name: "satisfiesConstraints", points: 2, rule: { kind: "exact" }, public: [{ args: [{ latencyMs: 50, peakSramBytes: 65536, flashBytes: 1e5, macs: 2e6 }, { latencyMs: 50, macs: 3e6 }] }, { args: [{ latencyMs: 50, peakSramBytes: 65537, flashBytes: 1e5, macs: 2e6 }, { peakSramBytes: 65536 }] }] },
    { name: "spearman", points: 2, rule: { kind: "close", rtol: 1e-9, atol: 1e-12 }, public: [{ args: [[10, 20, 20, 30], [1, 2, 3, 4]] }, { args: [[3, 1, 2], [0.1, 0.9, 0.5]] }] },
    { name: "selectParents", points: 2, rule: { kind: "exact" }, public: [{ args: [[0.5, 0.9, 0.1, 0.9, 0.7, 0.3, 0.2, 0.8], 0.25] }] },
    {
      name: "mutateArch", points: 2,
      rule: { kind: "predicate", description: "a valid architecture; equal to the parent when prob is 0; with prob 1 most fields redrawn, with a small prob only a few" },
      // prob 1 in every case: each field is redrawn, so a draw outside the space shows.
      public: [{ args: [arch(2, 0.5, [1, 1, 1, 1], Array(12).fill(3), Array(12).fill(1)), 1, 7] }, { args: [arch(1, 1, [3, 3, 3, 3], Array(12).fill(7), Array(12).fill(4)), 1, 3] }],
      predicate: mutationMisses,
    },
    {
      name: "crossoverArch", points: 2,
      rule: { kind: "predicate", description: "a valid architecture whose every field comes from one parent or the other, and that takes fields from both" },
      public: [{ args: [arch(2, 0.5, [1, 1, 1, 1], Array(12).fill(3), Array(12).fill(1)), arch(1, 1, [3, 3, 3, 3], Array(12).fill(7), Array(12).fill(4)), 5] }],
      predicate: crossoverMisses,
    },
    {
      name: "chosenArch", points: 4,
      rule: { kind: "predicate", description: `a valid architecture that meets the budget on nano33-ble (hwsim) and, with the supernet's weights and batch norm recalibrated, reaches minAccuracy on the test clips` },
      public: [{ args: [LAB04_BUDGET] }],
      predicate: archMissesBudget,
    },
  ],
};

