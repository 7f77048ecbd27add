// The predicates of lab 05's design and C exercises. They run in the grader's process and in
// released notebooks, so they use lib machinery only (never a lab reference): hwsim's patch
// planner on the shipped vision model, the interpreter's fixed-point arithmetic as the
// requantization oracle, and plain sums for the dot product. Student C is compiled and run
// by runCKernel, inside bubblewrap where it is installed.
import { CKernelError, runCKernel } from "../../lib/deploy/kernels/runCKernel.js";
import type { DotCase, RequantizeCase } from "../../lib/deploy/kernels/runCKernel.js";
import { missingToolchain } from "../../lib/deploy/runProject.js";
import { patchWork, planPatchStage } from "../../lib/hwsim/planMemory.js";
import { multiplyByQuantizedMultiplier } from "../../lib/ir/fixedPoint.js";
import { visionModel } from "../../lib/models/visionModel.js";

/** Instructions per MAC the dot product may cost on QEMU's Cortex-M4 (calls of 256 MACs or more): a plain loop takes about 6, a word-at-a-time SMLAD loop about 3.4. */
export const DOT_INSTRUCTIONS_PER_MAC = 3.5;

const GRIDS = [2, 3, 4, 5, 6, 7, 8];
let candidates: { lastOperator: number; grid: number; arenaBytes: number; work: number }[] | null = null;

/** Every patch stage of the vision model: its arena and its work (operator runs). */
function patchCandidates(): { lastOperator: number; grid: number; arenaBytes: number; work: number }[] {
  if (candidates !== null) return candidates;
  const g = visionModel();
  const all: { lastOperator: number; grid: number; arenaBytes: number; work: number }[] = [];
  for (let lastOperator = 0; lastOperator < g.operators.length - 1; lastOperator++) {
    for (const grid of GRIDS) {
      const plan = planPatchStage(g, lastOperator, grid);
      if (plan !== null) all.push({ lastOperator, grid, arenaBytes: plan.arenaBytes, work: patchWork(g, plan) });
    }
  }
  candidates = all;
  return all;
}

/** Why `got` is not a least-recomputation patch stage within choosePatchPlan's budget, or null. */
export function patchPlanMisses(got: unknown, args: unknown[]): string | null {
  const [budget] = args as [{ arenaBytes: number }];
  const c = got as { lastOperator?: unknown; grid?: unknown } | null;
  if (c === null || typeof c !== "object" || !Number.isInteger(c.lastOperator) || !Number.isInteger(c.grid)) return "return { lastOperator, grid } with two integers";
  if (!GRIDS.includes(c.grid as number)) return `grid ${String(c.grid)} is not one of ${GRIDS.join(", ")}`;
  const all = patchCandidates();
  const mine = all.find((x) => x.lastOperator === c.lastOperator && x.grid === c.grid);
  if (mine === undefined) return `operators 0..${String(c.lastOperator)} cannot run patch by patch (planPatchStage gives null)`;
  if (mine.arenaBytes > budget.arenaBytes) return `that stage needs a ${mine.arenaBytes}-byte arena, over the budget of ${budget.arenaBytes}`;
  const least = Math.min(...all.filter((x) => x.arenaBytes <= budget.arenaBytes).map((x) => x.work));
  if (mine.work > least + 1e-9) return `it fits, but recomputes more than needed: ${mine.work.toFixed(2)} operator runs, where another stage within the budget needs ${least.toFixed(2)}`;
  return null;
}

function cSource(got: unknown): string | string[] {
  return typeof got === "string" ? got : ["return the C source as a string"];
}

/** Why the C of requantizeKernel() is not TFLite's requantization on these cases (run on the host), or null. */
export function requantizeMisses(got: unknown, args: unknown[]): string | null {
  const source = cSource(got);
  if (typeof source !== "string") return source[0];
  const [cases] = args as [RequantizeCase[]];
  let results: number[];
  try {
    results = runCKernel(source, { kind: "requantize", cases }, "host").results;
  } catch (e) {
    if (e instanceof CKernelError) return e.message;
    throw e;
  }
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    const want = Math.min(c.actMax, Math.max(c.actMin, multiplyByQuantizedMultiplier(c.acc, c.multiplier, c.shift) + c.zeroPoint));
    if (results[i] !== want) return `acc ${c.acc}, multiplier ${c.multiplier}, shift ${c.shift}, zero point ${c.zeroPoint}, range [${c.actMin}, ${c.actMax}]: your C gives ${results[i]}, TFLite gives ${want}`;
  }
  return null;
}

/** Why the C of dotProductKernel() is wrong on these cases (host) or too slow on the Cortex-M4 (QEMU), or null. */
export function dotMisses(got: unknown, args: unknown[]): string | null {
  const source = cSource(got);
  if (typeof source !== "string") return source[0];
  const [cases] = args as [DotCase[]];
  try {
    const host = runCKernel(source, { kind: "dot", cases }, "host").results;
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i];
      let want = 0;
      for (let j = 0; j < c.x.length; j++) want += (c.x[j] + c.xOffset) * c.w[j];
      if (host[i] !== want) return `n = ${c.x.length}, x_offset = ${c.xOffset}: your C gives ${host[i]}, the sum is ${want}`;
    }
    const missing = missingToolchain("m4");
    if (missing !== null) return `exact on the host, but instructions per MAC need QEMU's Cortex-M4: ${missing}`;
    const board = runCKernel(source, { kind: "dot", cases }, "m4");
    for (let i = 0; i < cases.length; i++) {
      const n = cases[i].x.length;
      if (board.results[i] !== host[i]) return `n = ${n}: your C gives ${board.results[i]} on the Cortex-M4 but ${host[i]} on the host`;
      const perMac = (board.instructions?.[i] ?? 0) / n;
      if (n >= 256 && perMac > DOT_INSTRUCTIONS_PER_MAC) return `exact, but ${perMac.toFixed(2)} instructions per MAC on the Cortex-M4 for n = ${n}, over ${DOT_INSTRUCTIONS_PER_MAC}: load a word at a time and use SMLAD`;
    }
  } catch (e) {
    if (e instanceof CKernelError) return e.message;
    throw e;
  }
  return null;
}
