import type { HiddenCases } from "../exerciseSpec.js";

const f32 = (...v: number[]) => Float32Array.from(v);
const i32 = (...v: number[]) => Int32Array.from(v);
const wave = (n: number, k: number, a = 3) => Float32Array.from({ length: n }, (_, i) => a * Math.sin(i * k + 0.3));
const labelsOf = (n: number, classes: number) => Int32Array.from({ length: n }, (_, i) => (i * 7) % classes);

/** Lab 03's hidden cases: never released. */
export const HIDDEN_03: HiddenCases = {
  // T differs from 1 in every case, so a softmax that ignores T loses them all.
  softmaxWithTemperature: [{ args: [wave(36, 1.3, 6), 12, 2.5] }, { args: [f32(-500, -501, -499), 3, 0.5] }, { args: [f32(7, 1), 2, 3] }],
  // Logits large enough that exp overflows in every case: a cross-entropy without the max subtraction returns Infinity or NaN.
  crossEntropyFromLogits: [{ args: [wave(48, 0.7, 5).map((v) => v + 800), labelsOf(4, 12), 12] }, { args: [f32(1000, -1000), i32(1), 2] }],
  klDivergence: [
    { args: [f32(0.1, 0.2, 0.7, 0, 0.5, 0.5), f32(0.3, 0.3, 0.4, 0.2, 0.2, 0.6), 3] },
    { args: [f32(1, 0, 0), f32(0.2, 0.3, 0.5), 3] },
  ],
  distillationLoss: [
    { args: [wave(48, 0.9), wave(48, 1.7, 4), labelsOf(4, 12), 12, { temperature: 3, alpha: 0.9 }] },
    { args: [f32(2, -1, 0.5, 0, 0, 1), f32(-1, 2, 0, 1, 1, 1), i32(2, 0), 3, { temperature: 8, alpha: 0.5 }] },
    { args: [wave(20, 2.1), wave(20, 0.4, 2), labelsOf(5, 4), 4, { temperature: 2, alpha: 1 }] },
  ],
  kdGradient: [
    { args: [wave(48, 0.9), wave(48, 1.7, 4), labelsOf(4, 12), 12, { temperature: 3, alpha: 0.9 }] },
    { args: [f32(2, -1, 0.5, 0, 0, 1), f32(-1, 2, 0, 1, 1, 1), i32(2, 0), 3, { temperature: 8, alpha: 0.5 }] },
    { args: [wave(20, 2.1), wave(20, 0.4, 2), labelsOf(5, 4), 4, { temperature: 2, alpha: 0.25 }] },
  ],
  hintLoss: [
    { args: [wave(3 * 4, 0.8), wave(3 * 6, 1.1), wave(4 * 6, 0.35, 0.5), 4] },
    { args: [f32(0, 0), f32(1, -1, 2, -2), f32(5, 5), 1] },
  ],
  topOneAgreement: [
    { args: [wave(60, 0.77), wave(60, 0.77).map((v, i) => (i % 12 === 0 ? v + 10 : v)), 12] },
    { args: [f32(1, 1, 1), f32(0, 0, 2), 3] },
  ],
  studentChannels: [{ args: [{ maxMacs: 700_000, maxWeights: 5000 }] }, { args: [{ maxMacs: 2_000_000, maxWeights: 15_000 }] }, { args: [{ maxMacs: 450_000, maxWeights: 3000 }] }],
};
