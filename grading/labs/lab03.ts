import { crossEntropyFromLogits } from "../../lib/compression/distillation/crossEntropyFromLogits.js";
import { distillationLoss } from "../../lib/compression/distillation/distillationLoss.js";
import { hintLoss } from "../../lib/compression/distillation/hintLoss.js";
import { kdGradient } from "../../lib/compression/distillation/kdGradient.js";
import { klDivergence } from "../../lib/compression/distillation/klDivergence.js";
import { softmaxWithTemperature } from "../../lib/compression/distillation/softmaxWithTemperature.js";
import { studentChannels } from "../../lib/compression/distillation/studentChannels.js";
import { topOneAgreement } from "../../lib/compression/distillation/topOneAgreement.js";
import type { LabSpec } from "../exerciseSpec.js";

const f32 = (...v: number[]) => Float32Array.from(v);
const i32 = (...v: number[]) => Int32Array.from(v);

/** Lab 03's graded exercises: soft targets, the distillation loss and its gradient, hints, agreement, and a student design. */
export const LAB_03: LabSpec = {
  lab: "03",
  master: "notebooks/03-distillation.ipynb",
  libFiles: [
    "lib/compression/distillation/softmaxWithTemperature.ts", "lib/compression/distillation/crossEntropyFromLogits.ts", "lib/compression/distillation/klDivergence.ts",
    "lib/compression/distillation/distillationLoss.ts", "lib/compression/distillation/kdGradient.ts", "lib/compression/distillation/hintLoss.ts",
    "lib/compression/distillation/topOneAgreement.ts", "lib/compression/distillation/studentChannels.ts",
  ],
  reference: { softmaxWithTemperature, crossEntropyFromLogits, klDivergence, distillationLoss, kdGradient, hintLoss, topOneAgreement, studentChannels },
  exercises: [
    {
      name: "softmaxWithTemperature", points: 2, rule: { kind: "close", rtol: 1e-5, atol: 1e-7 },
      // T is never 1, so a softmax that ignores it fails every case.
      public: [{ args: [f32(0, Math.log(2), 1, 2, 3, 4), 3, 2] }, { args: [f32(1000, 0, 2, -1), 2, 4] }],
    },
    // The second row's logits overflow exp() unless the row's maximum is subtracted first.
    { name: "crossEntropyFromLogits", points: 2, rule: { kind: "close", rtol: 1e-6, atol: 1e-9 }, public: [{ args: [f32(0, 0, 5, 801, 802, 803), i32(0, 2), 3] }] },
    { name: "klDivergence", points: 2, rule: { kind: "close", rtol: 1e-6, atol: 1e-9 }, public: [{ args: [f32(0.5, 0.5, 0, 1), f32(0.25, 0.75, 0.5, 0.5), 2] }] },
    {
      name: "distillationLoss", points: 3, rule: { kind: "close", rtol: 1e-5, atol: 1e-8 },
      helpers: ["softmaxWithTemperature", "crossEntropyFromLogits", "klDivergence"],
      // T above 1 in every case, so a missing T^2 shows.
      public: [{ args: [f32(0, 1.1, -2, 0.3, 2, 1), f32(1, 0, 0.5, -1, 3, 0), i32(1, 0), 3, { temperature: 4, alpha: 0.7 }] }],
    },
    {
      name: "kdGradient", points: 3, rule: { kind: "close", rtol: 1e-4, atol: 1e-7 },
      helpers: ["softmaxWithTemperature"],
      public: [{ args: [f32(0, 1.1, -2, 0.3, 2, 1), f32(1, 0, 0.5, -1, 3, 0), i32(1, 0), 3, { temperature: 4, alpha: 0.7 }] }],
    },
    { name: "hintLoss", points: 2, rule: { kind: "close", rtol: 1e-6, atol: 1e-9 }, public: [{ args: [f32(1, 2, 0.5, -1), f32(4, 1, 0, 2), f32(1, 0, 1, 2), 2] }] },
    { name: "topOneAgreement", points: 1, rule: { kind: "close", rtol: 1e-12, atol: 0 }, public: [{ args: [f32(0.9, 0.1, 0.5, 0.5, 0.2, 0.8), f32(3, 1, 1, 1, 5, 4), 2] }] },
    {
      name: "studentChannels", points: 3,
      rule: { kind: "predicate", description: "five channel counts, multiples of 4 in [4, 64], within maxMacs and maxWeights and using at least 70% of maxMacs" },
      // The weight budget binds in every case: the widest student under the MAC budget alone is too heavy.
      public: [{ args: [{ maxMacs: 1_000_000, maxWeights: 7000 }] }],
      predicate: studentMissesBudget,
    },
  ],
};

/**
 * Why `got` is not a valid student for studentChannels(budget), or null.
 * Plain arithmetic on the arguments, not the reference: it runs in released notebooks.
 */
function studentMissesBudget(got: unknown, args: unknown[]): string | null {
  const [budget] = args as [{ maxMacs: number; maxWeights: number }];
  if (!Array.isArray(got) || got.length !== 5) return "return five channel counts [stem, pw1, pw2, pw3, pw4]";
  const c = got as unknown[];
  const bad = c.find((x) => typeof x !== "number" || !Number.isInteger(x) || x % 4 !== 0 || x < 4 || x > 64);
  if (bad !== undefined) return `${String(bad)} is not a multiple of 4 in [4, 64]`;
  const w = c as number[];
  const macs = 5000 * w[0] + w.slice(1).reduce((a, x, i) => a + 125 * (9 * w[i] + w[i] * x), 0) + 12 * w[4];
  const weights = 40 * w[0] + w.slice(1).reduce((a, x, i) => a + 9 * w[i] + w[i] * x, 0) + 12 * w[4];
  if (macs > budget.maxMacs) return `[${w.join(", ")}] needs ${macs} MACs, over the budget of ${budget.maxMacs}`;
  if (weights > budget.maxWeights) return `[${w.join(", ")}] has ${weights} weights, over the budget of ${budget.maxWeights}`;
  if (macs < 0.7 * budget.maxMacs) return `[${w.join(", ")}] uses ${macs} MACs, under 70% of the budget of ${budget.maxMacs}`;
  return null;
}
