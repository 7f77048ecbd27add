import { biasToInt32 } from "../../lib/compression/quantization/biasToInt32.js";
import { chooseBitWidths } from "../../lib/compression/quantization/chooseBitWidths.js";
import { dequantizeLinear } from "../../lib/compression/quantization/dequantizeLinear.js";
import { fixedPointMultiplier } from "../../lib/compression/quantization/fixedPointMultiplier.js";
import { integerFullyConnected } from "../../lib/compression/quantization/integerFullyConnected.js";
import { kmeansQuantize } from "../../lib/compression/quantization/kmeansQuantize.js";
import { kmeansStorageBytes } from "../../lib/compression/quantization/kmeansStorageBytes.js";
import { linearQuantParams } from "../../lib/compression/quantization/linearQuantParams.js";
import { perChannelScales } from "../../lib/compression/quantization/perChannelScales.js";
import { quantizeLinear } from "../../lib/compression/quantization/quantizeLinear.js";
import type { LabSpec } from "../exerciseSpec.js";

const f32 = (...v: number[]) => Float32Array.from(v);

/** A bit-width scan in the shape the lab's scan gives, for the design exercise's public check. */
const PUBLIC_BIT_SCAN = [
  { layer: "stem_conv", bits: 2, accuracy: 0.3, params: 640 }, { layer: "stem_conv", bits: 4, accuracy: 0.93, params: 640 }, { layer: "stem_conv", bits: 8, accuracy: 0.944, params: 640 },
  { layer: "pw1", bits: 2, accuracy: 0.8, params: 4096 }, { layer: "pw1", bits: 4, accuracy: 0.94, params: 4096 }, { layer: "pw1", bits: 8, accuracy: 0.944, params: 4096 },
  { layer: "classifier", bits: 2, accuracy: 0.9, params: 768 }, { layer: "classifier", bits: 4, accuracy: 0.944, params: 768 }, { layer: "classifier", bits: 8, accuracy: 0.944, params: 768 },
];

/** Lab 02's graded exercises: linear and k-means quantization, integer arithmetic, and a mixed-precision plan. */
export const LAB_02: LabSpec = {
  lab: "02",
  master: "notebooks/02-quantization.ipynb",
  libFiles: [
    "lib/compression/quantization/linearQuantParams.ts", "lib/compression/quantization/quantizeLinear.ts", "lib/compression/quantization/dequantizeLinear.ts",
    "lib/compression/quantization/perChannelScales.ts", "lib/compression/quantization/kmeansQuantize.ts", "lib/compression/quantization/kmeansStorageBytes.ts",
    "lib/compression/quantization/chooseBitWidths.ts", "lib/compression/quantization/biasToInt32.ts", "lib/compression/quantization/fixedPointMultiplier.ts",
    "lib/compression/quantization/integerFullyConnected.ts",
  ],
  reference: { linearQuantParams, quantizeLinear, dequantizeLinear, perChannelScales, kmeansQuantize, kmeansStorageBytes, chooseBitWidths, biasToInt32, fixedPointMultiplier, integerFullyConnected },
  exercises: [
    {
      name: "linearQuantParams", points: 2, rule: { kind: "close", rtol: 1e-12, atol: 0 },
      // Every range lies below 0: the zero point's sign shows, and so does a range not widened to include 0.
      public: [{ args: [-1, -0.25, 8] }, { args: [-0.5, -0.2, 4] }],
    },
    {
      name: "quantizeLinear", points: 2, rule: { kind: "exact" },
      // Every case holds a negative half, which Math.round alone gets wrong.
      public: [{ args: [f32(-1.5, -0.5, 0.5, 1.49, 300, -300), 1, 0, 8] }, { args: [f32(0, 1, -1.25, 9), 0.5, 3, 4] }],
    },
    { name: "dequantizeLinear", points: 1, rule: { kind: "close", rtol: 1e-6, atol: 1e-7 }, public: [{ args: [Int8Array.of(3, 5, 1, -8), 0.5, 3] }] },
    {
      name: "perChannelScales", points: 2, rule: { kind: "close", rtol: 1e-9, atol: 0 },
      // Channels of different ranges, so one scale for all shows.
      public: [{ args: [f32(1, -4, 0, -2, 2, 0.5), 3, 4] }, { args: [f32(-1, 3, 0.5, -0.25), 2, 8] }],
    },
    {
      name: "kmeansQuantize", points: 3, rule: { kind: "close", rtol: 1e-5, atol: 1e-7 },
      public: [{ args: [f32(0, 0.1, 0.9, 1), 1] }, { args: [f32(0, 0.5, 1), 1, 1] }, { args: [f32(-1, -0.8, -0.1, 0, 0.2, 0.25, 0.9, 1), 2] }],
    },
    { name: "kmeansStorageBytes", points: 1, rule: { kind: "exact" }, public: [{ args: [10, 3] }, { args: [1000, 4, 8] }] },
    {
      name: "chooseBitWidths", points: 3,
      rule: { kind: "predicate", description: "a scanned bit width for every layer, with the weights within maxBytes and a summed accuracy drop of at most maxDrop" },
      public: [{ args: [PUBLIC_BIT_SCAN, { dense: 0.944, maxBytes: 3000, maxDrop: 0.02 }] }],
      predicate: bitPlanMissesGoal,
    },
    { name: "biasToInt32", points: 1, rule: { kind: "exact" }, public: [{ args: [f32(0.5, -0.25), 0.5, [0.1]] }, { args: [f32(0.5, -0.25), 0.5, [0.1, 0.25]] }] },
    // No case has a shift of 0, so a shift of the wrong sign always shows.
    { name: "fixedPointMultiplier", points: 2, rule: { kind: "exact" }, public: [{ args: [0.3] }, { args: [0.0123] }, { args: [3.75] }] },
    {
      name: "integerFullyConnected", points: 3, rule: { kind: "exact" },
      public: [{
        args: [Int8Array.of(10, -20, 30, 127, -128, 0), {
          weights: Int8Array.of(1, 2, 3, -4, 5, -6), bias: Int32Array.of(100, -50), inputZeroPoint: -3, outputZeroPoint: 5,
          multipliers: Int32Array.of(1518500250), shifts: Int32Array.of(-6), actMin: -128, actMax: 127,
        }],
      }],
    },
  ],
};

/**
 * Why `got` is not a valid plan for chooseBitWidths(scan, goal), or null.
 * Plain arithmetic on the arguments, not the reference: it runs in released notebooks.
 */
function bitPlanMissesGoal(got: unknown, args: unknown[]): string | null {
  const [scan, goal] = args as [{ layer: string; bits: number; accuracy: number; params: number }[], { dense: number; maxBytes: number; maxDrop: number }];
  if (got === null || typeof got !== "object") return "return an object { layerName: bits }";
  const plan = got as Record<string, unknown>;
  const layers = Array.from(new Set(scan.map((row) => row.layer)));
  let bytes = 0, drop = 0;
  for (const l of layers) {
    const b = plan[l];
    if (typeof b !== "number") return `no bit width for layer ${l}`;
    const row = scan.find((r) => r.layer === l && r.bits === b);
    if (row === undefined) return `${l}: ${b} bits was not scanned (${scan.filter((r) => r.layer === l).map((r) => r.bits).join(", ")})`;
    bytes += Math.ceil((row.params * b) / 8);
    drop += Math.max(0, goal.dense - row.accuracy);
  }
  const extra = Object.keys(plan).filter((l) => !layers.includes(l));
  if (extra.length > 0) return `${extra.join(", ")} ${extra.length > 1 ? "are" : "is"} not in the scan`;
  if (bytes > goal.maxBytes) return `the weights take ${bytes} bytes, over the budget of ${goal.maxBytes}`;
  if (drop > goal.maxDrop + 1e-9) return `the summed accuracy drop is ${drop.toFixed(4)}, above ${goal.maxDrop}`;
  return null;
}
