import { convMacs } from "../../lib/basics/convMacs.js";
import { peakActivationBytes } from "../../lib/basics/peakActivationBytes.js";
import { designStem } from "../../lib/basics/designStem.js";
import { quantizeRoundTrip } from "../../lib/basics/quantizeRoundTrip.js";
import type { LabSpec } from "../exerciseSpec.js";

/** Lab 00's graded exercises: counting work and memory, and what int8 does to values. */
export const LAB_00: LabSpec = {
  lab: "00",
  master: "notebooks/00-basics.ipynb",
  libFiles: ["lib/basics/convMacs.ts", "lib/basics/peakActivationBytes.ts", "lib/basics/quantizeRoundTrip.ts", "lib/basics/designStem.ts"],
  reference: { convMacs, peakActivationBytes, quantizeRoundTrip, designStem },
  exercises: [
    {
      name: "convMacs", points: 2, rule: { kind: "exact" },
      // DS-CNN's first layer (25x5x64 from 49x10x1 with a 10x4 kernel) and a 3x3 layer.
      public: [{ args: [25, 5, 1, 64, 10, 4] }, { args: [8, 8, 16, 32, 3, 3] }],
    },
    {
      name: "peakActivationBytes", points: 2, rule: { kind: "exact" },
      public: [{ args: [[3072, 16384, 16384, 4096]] }, { args: [[100]] }],
    },
    {
      name: "quantizeRoundTrip", points: 2, rule: { kind: "close", rtol: 1e-6, atol: 1e-7 },
      public: [{ args: [Float32Array.of(0, 0.1, -0.26, 3), 0.02, 0] }, { args: [Float32Array.of(-1, 0.5, 0.05), 0.01, -5] }],
    },
    {
      name: "designStem", points: 2,
      rule: { kind: "predicate", description: "a 3x3 stem on 96x96x3 whose input and output fit the budget and that computes at least minMacs" },
      // 40,000 bytes and 300,000 MACs: stride 1 fits one channel (248,832 MACs), stride 2 fits five (311,040).
      public: [{ args: [65536, 900000] }, { args: [40000, 300000] }],
      predicate: stemMissesGoal,
    },
  ],
};

/**
 * Why `got` is not a valid answer to designStem(budgetBytes, minMacs), or
 * null. Plain arithmetic, not the reference: it runs in released notebooks.
 */
function stemMissesGoal(got: unknown, args: unknown[]): string | null {
  const [budget, minMacs] = args as [number, number];
  if (got === null || typeof got !== "object") return "return an object { stride, channels }";
  const { stride, channels } = got as { stride?: unknown; channels?: unknown };
  if (typeof stride !== "number" || !Number.isInteger(stride) || stride < 1 || stride > 4) return `stride must be an integer from 1 to 4, not ${String(stride)}`;
  if (typeof channels !== "number" || !Number.isInteger(channels) || channels < 1) return `channels must be a positive integer, not ${String(channels)}`;
  const side = Math.ceil(96 / stride);
  const bytes = 96 * 96 * 3 + side * side * channels;
  if (bytes > budget) return `input 27648 + output ${side}x${side}x${channels} = ${bytes} bytes, over the budget of ${budget}`;
  const macs = side * side * channels * 27;
  return macs >= minMacs ? null : `${side}x${side}x${channels} outputs x 27 = ${macs} MACs, fewer than ${minMacs}`;
}
