// tinyml-lab: 05
import { patchWork, planPatchStage } from '../../hwsim/planMemory.js';
import { visionModel } from '../../models/visionModel.js';

/** A patch-based first stage: operators 0..lastOperator run on a grid x grid split of the stage output. */
export interface PatchChoice {
  lastOperator: number;
  grid: number;
}

/** Grids lab 05 lets a stage use: 2x2 to 8x8 patches. */
export const PATCH_GRID_CHOICES = [2, 3, 4, 5, 6, 7, 8];

/**
 * Lab 05's design: the patch-based stage for the lab's vision model
 * (visionModel()) whose arena (planPatchStage(...).arenaBytes) fits
 * `budget.arenaBytes` with the least recomputation (patchWork: operator runs,
 * halos counted), over every stage end and the grids of PATCH_GRID_CHOICES.
 */
export function choosePatchPlan(budget: { arenaBytes: number }): PatchChoice {
  // BEGIN SOLUTION
  const g = visionModel();
  let best: { choice: PatchChoice; work: number } | null = null;
  for (let last = 0; last < g.operators.length - 1; last++) {
    for (const grid of PATCH_GRID_CHOICES) {
      const plan = planPatchStage(g, last, grid);
      if (plan === null || plan.arenaBytes > budget.arenaBytes) continue;
      const work = patchWork(g, plan);
      if (best === null || work < best.work) best = { choice: { lastOperator: last, grid }, work };
    }
  }
  if (best === null) throw new RangeError(`no patch stage fits ${budget.arenaBytes} bytes`);
  return best.choice;
  // END SOLUTION
}
