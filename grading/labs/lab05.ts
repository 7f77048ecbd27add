import { gainError } from "../../lib/deploy/debug/gainError.js";
import { firstDivergentLayer } from "../../lib/deploy/debug/firstDivergentLayer.js";
import { layerSnrDb } from "../../lib/deploy/debug/layerSnrDb.js";
import { dotProductKernel } from "../../lib/deploy/kernels/dotProductKernel.js";
import { requantizeKernel } from "../../lib/deploy/kernels/requantizeKernel.js";
import { choosePatchPlan } from "../../lib/deploy/memory/choosePatchPlan.js";
import { greedyBySize } from "../../lib/deploy/memory/greedyBySize.js";
import { inPlaceSaving } from "../../lib/deploy/memory/inPlaceSaving.js";
import { liveRanges } from "../../lib/deploy/memory/liveRanges.js";
import { peakLiveBytes } from "../../lib/deploy/memory/peakLiveBytes.js";
import { receptiveField } from "../../lib/deploy/memory/receptiveField.js";
import type { Schedule } from "../../lib/deploy/memory/Schedule.js";
import type { LabSpec } from "../exerciseSpec.js";
import { DOT_INSTRUCTIONS_PER_MAC, dotMisses, patchPlanMisses, requantizeMisses } from "./lab05Predicates.js";

const f32 = (...v: number[]) => Float32Array.from(v);

/** A small graph: input 0, a conv (weights 1, bias 2) to 3, a depthwise (4) to 5, an ADD of 3 and 5 to 6, output 6. */
const SMALL: Schedule = {
  tensors: [
    { name: "in", bytes: 400, constant: false }, { name: "w0", bytes: 72, constant: true }, { name: "b0", bytes: 32, constant: true },
    { name: "a", bytes: 800, constant: false }, { name: "w1", bytes: 72, constant: true }, { name: "b", bytes: 800, constant: false },
    { name: "out", bytes: 800, constant: false },
  ],
  operators: [
    { kind: "CONV_2D", inputs: [0, 1, 2], outputs: [3] },
    { kind: "DEPTHWISE_CONV_2D", inputs: [3, 4, -1], outputs: [5] },
    { kind: "ADD", inputs: [3, 5], outputs: [6] },
  ],
  inputs: [0],
  outputs: [6],
};

const range = (tensor: number, bytes: number, firstUse: number, lastUse: number) => ({ tensor, bytes, firstUse, lastUse });

/** One requantization case: acc, multiplier (Q31), shift, zero point, clamp range. */
const rq = (acc: number, multiplier: number, shift: number, zeroPoint: number, actMin = -128, actMax = 127) => ({ acc, multiplier, shift, zeroPoint, actMin, actMax });

/** A dot-product case of n values from a small linear congruential sequence (no RNG needed to read it). */
export function dotCase(n: number, xOffset: number, seed: number): { x: Int8Array; w: Int8Array; xOffset: number } {
  let s = seed;
  const next = () => { s = (s * 1103515245 + 12345) % 2147483648; return (s >> 16) % 256 - 128; };
  return { x: Int8Array.from({ length: n }, next), w: Int8Array.from({ length: n }, next), xOffset };
}

/** Lab 05's graded exercises: the arena, in-place and patch-based memory, two kernels in C, and layer-by-layer debugging. */
export const LAB_05: LabSpec = {
  lab: "05",
  master: "notebooks/05-deployment.ipynb",
  libFiles: [
    "lib/deploy/memory/liveRanges.ts", "lib/deploy/memory/greedyBySize.ts", "lib/deploy/memory/peakLiveBytes.ts", "lib/deploy/memory/inPlaceSaving.ts",
    "lib/deploy/memory/receptiveField.ts", "lib/deploy/memory/choosePatchPlan.ts", "lib/deploy/kernels/requantizeKernel.ts", "lib/deploy/kernels/dotProductKernel.ts",
    "lib/deploy/debug/layerSnrDb.ts", "lib/deploy/debug/firstDivergentLayer.ts", "lib/deploy/debug/gainError.ts",
  ],
  reference: { liveRanges, greedyBySize, peakLiveBytes, inPlaceSaving, receptiveField, choosePatchPlan, requantizeKernel, dotProductKernel, layerSnrDb, firstDivergentLayer, gainError },
  exercises: [
    // Tensor 3 is read by two operators and 0 is the graph input: a lifetime off by one shows on both.
    { name: "liveRanges", points: 2, rule: { kind: "exact" }, public: [{ args: [SMALL] }] },
    // Equal sizes broken by first use, and a hole that a small tensor fits in.
    {
      name: "greedyBySize", points: 3, rule: { kind: "exact" },
      public: [{ args: [[range(0, 400, -1, 0), range(3, 800, 0, 2), range(5, 800, 1, 2), range(6, 800, 2, 3)], 16] }, { args: [[range(1, 100, 0, 1), range(2, 300, 0, 0), range(3, 50, 1, 2), range(4, 200, 2, 3)], 16] }],
    },
    { name: "peakLiveBytes", points: 2, rule: { kind: "exact" }, public: [{ args: [[range(0, 400, -1, 0), range(3, 800, 0, 2), range(5, 800, 1, 2), range(6, 800, 2, 3)], 3] }] },
    {
      name: "inPlaceSaving", points: 2, rule: { kind: "exact" },
      public: [{ args: [{ inShape: [25, 5, 64], outShape: [25, 5, 64], stride: 1, depthMultiplier: 1 }] }, { args: [{ inShape: [32, 32, 48], outShape: [16, 16, 48], stride: 2, depthMultiplier: 1 }] }],
    },
    // Padding 1 and 3 on interior rows: a field that ignores padding is shifted.
    {
      name: "receptiveField", points: 3, rule: { kind: "exact" },
      public: [{ args: [[{ kernel: 3, stride: 2, pad: 1, dilation: 1, inSize: 64 }, { kernel: 3, stride: 1, pad: 1, dilation: 1, inSize: 32 }], [4, 7]] }, { args: [[{ kernel: 7, stride: 1, pad: 3, dilation: 1, inSize: 20 }], [10, 12]] }],
    },
    {
      name: "choosePatchPlan", points: 3,
      rule: { kind: "predicate", description: "a stage of the vision model that planPatchStage can run, whose arena fits the budget, with the least patchWork of all that fit (grids 2 to 8)" },
      public: [{ args: [{ arenaBytes: 28 * 1024 }] }],
      predicate: patchPlanMisses,
    },
    {
      name: "requantizeKernel", points: 3,
      rule: { kind: "predicate", description: "C that compiles and gives TFLite's requantization, bit for bit, on every case (host)" },
      // A tie (remainder exactly half) in both signs, a left shift, and a clamp.
      public: [{ args: [[rq(1000, 1 << 30, -3, 4), rq(-1000, 1 << 30, -3, -2), rq(24, 1 << 30, -4, 0), rq(-24, 1 << 30, -4, 0), rq(300, 1518500250, 1, 0), rq(5000, 1518500250, 0, 10, 0, 127)]] }],
      predicate: requantizeMisses,
    },
    {
      name: "dotProductKernel", points: 4,
      rule: { kind: "predicate", description: `C that compiles, equals the exact sum on every case, and costs at most ${DOT_INSTRUCTIONS_PER_MAC} instructions per MAC on QEMU's Cortex-M4 for n >= 256` },
      public: [{ args: [[dotCase(8, 5, 1), dotCase(256, -3, 2)]] }],
      predicate: dotMisses,
    },
    { name: "layerSnrDb", points: 2, rule: { kind: "close", rtol: 1e-4, atol: 1e-6 }, public: [{ args: [f32(1, -2, 3, 0.5), f32(1.1, -2, 2.9, 0.5)] }] },
    // The worst SNR comes after the drop in every case: the first drop is the answer.
    { name: "firstDivergentLayer", points: 2, rule: { kind: "exact" }, public: [{ args: [[38, 36, 37, 21, 14, 9, 12], 10] }, { args: [[30, 29, 31, 18, 15, 16], 10] }] },
    { name: "gainError", points: 2, rule: { kind: "close", rtol: 1e-5, atol: 1e-9 }, public: [{ args: [f32(1, -2, 3, 0.5), f32(0.26, -0.5, 0.74, 0.13)] }] },
  ],
};
