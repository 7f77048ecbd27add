import { channelL2Norms } from "../../lib/compression/pruning/channelL2Norms.js";
import { channelsToKeep } from "../../lib/compression/pruning/channelsToKeep.js";
import { chooseSparsities } from "../../lib/compression/pruning/chooseSparsities.js";
import { cubicSparsity } from "../../lib/compression/pruning/cubicSparsity.js";
import { dsCnnMacs } from "../../lib/compression/pruning/dsCnnMacs.js";
import { globalMagnitudeMasks } from "../../lib/compression/pruning/globalMagnitudeMasks.js";
import { magnitudeMask } from "../../lib/compression/pruning/magnitudeMask.js";
import { sparseStorageBytes } from "../../lib/compression/pruning/sparseStorageBytes.js";
import { sparsityOf } from "../../lib/compression/pruning/sparsityOf.js";
import type { LabSpec } from "../exerciseSpec.js";

const f32 = (...v: number[]) => Float32Array.from(v);

/** A small sensitivity scan in the shape sensitivityScan returns, for the design exercise's public checks. */
const PUBLIC_SCAN = [
  { layer: "stem_conv", sparsity: 0.5, accuracy: 0.9, params: 2560 }, { layer: "stem_conv", sparsity: 0.8, accuracy: 0.7, params: 2560 },
  { layer: "pw1", sparsity: 0.5, accuracy: 0.94, params: 4096 }, { layer: "pw1", sparsity: 0.8, accuracy: 0.93, params: 4096 },
  { layer: "pw4", sparsity: 0.5, accuracy: 0.94, params: 4096 }, { layer: "pw4", sparsity: 0.8, accuracy: 0.92, params: 4096 },
];

/** Lab 01's graded exercises: fine-grained and channel pruning, schedules, storage, and a sparsity plan. */
export const LAB_01: LabSpec = {
  lab: "01",
  master: "notebooks/01-pruning.ipynb",
  libFiles: [
    "lib/compression/pruning/magnitudeMask.ts", "lib/compression/pruning/sparsityOf.ts", "lib/compression/pruning/globalMagnitudeMasks.ts",
    "lib/compression/pruning/chooseSparsities.ts", "lib/compression/pruning/cubicSparsity.ts", "lib/compression/pruning/sparseStorageBytes.ts",
    "lib/compression/pruning/channelL2Norms.ts", "lib/compression/pruning/channelsToKeep.ts", "lib/compression/pruning/dsCnnMacs.ts",
  ],
  reference: { magnitudeMask, sparsityOf, globalMagnitudeMasks, chooseSparsities, cubicSparsity, sparseStorageBytes, channelL2Norms, channelsToKeep, dsCnnMacs },
  exercises: [
    {
      name: "magnitudeMask", points: 3, rule: { kind: "exact" },
      // Every case prunes at least one weight and keeps at least one, so pruning one too many or too few always shows,
      // and cuts through a group of equal magnitudes, so breaking ties toward the later position always shows.
      public: [{ args: [f32(0.5, -0.1, 0.3, -0.9, 0.3), 0.4] }, { args: [f32(0.2, -0.2, 0.2, 1, 0), 0.4] }],
    },
    { name: "sparsityOf", points: 1, rule: { kind: "close", rtol: 1e-12, atol: 0 }, public: [{ args: [f32(0, 1, 0, 2)] }, { args: [f32(3)] }] },
    {
      name: "globalMagnitudeMasks", points: 2, rule: { kind: "exact" },
      // Tensors of very different magnitudes: pruning each tensor at the same sparsity (per tensor, not global) always differs.
      public: [{ args: [[f32(0.1, 0.2, 0.3), f32(5, 6, 7, 8)], 0.4] }],
    },
    {
      name: "chooseSparsities", points: 3,
      rule: { kind: "predicate", description: "a scanned sparsity (or 0) for every layer, pruning at least minPruned of the weights with a summed accuracy drop of at most maxDrop" },
      public: [{ args: [PUBLIC_SCAN, { dense: 0.944, minPruned: 0.5, maxDrop: 0.05 }] }],
      predicate: planMissesGoal,
    },
    {
      name: "cubicSparsity", points: 2, rule: { kind: "close", rtol: 1e-9, atol: 1e-12 },
      // Every step is inside the schedule, so a wrong exponent always shows.
      public: [{ args: [150, { initial: 0, final: 0.8, begin: 100, end: 200 }] }, { args: [130, { initial: 0.1, final: 0.9, begin: 100, end: 200 }] }],
    },
    { name: "sparseStorageBytes", points: 1, rule: { kind: "exact" }, public: [{ args: [Uint8Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1, 1), 8] }] },
    {
      name: "channelL2Norms", points: 2, rule: { kind: "close", rtol: 1e-6, atol: 1e-7 },
      public: [{ args: [f32(3, 0, 1, 4, 0, 0), [1, 1, 2, 3]] }],
    },
    { name: "channelsToKeep", points: 2, rule: { kind: "exact" }, public: [{ args: [f32(0.5, 2, 0.5, 1), 2] }, { args: [f32(0.5, 2, 0.5, 1), 3] }] },
    { name: "dsCnnMacs", points: 2, rule: { kind: "exact" }, public: [{ args: [[64, 64, 64, 64, 64], 12] }] },
  ],
};

/**
 * Why `got` is not a valid plan for chooseSparsities(scan, goal), or null.
 * Plain arithmetic on the arguments, not the reference: it runs in released notebooks.
 */
function planMissesGoal(got: unknown, args: unknown[]): string | null {
  const [scan, goal] = args as [{ layer: string; sparsity: number; accuracy: number; params: number }[], { dense: number; minPruned: number; maxDrop: number }];
  if (got === null || typeof got !== "object") return "return an object { layerName: sparsity }";
  const plan = got as Record<string, unknown>;
  const layers = Array.from(new Set(scan.map((row) => row.layer)));
  let pruned = 0, total = 0, drop = 0;
  for (const l of layers) {
    const s = plan[l];
    const params = scan.find((r) => r.layer === l)?.params ?? 0;
    total += params;
    if (typeof s !== "number") return `no sparsity for layer ${l}`;
    if (s === 0) continue;
    const row = scan.find((r) => r.layer === l && r.sparsity === s);
    if (row === undefined) return `${l}: ${s} is not a scanned sparsity (${scan.filter((r) => r.layer === l).map((r) => r.sparsity).join(", ")}, or 0)`;
    pruned += s * params;
    drop += Math.max(0, goal.dense - row.accuracy);
  }
  const extra = Object.keys(plan).filter((l) => !layers.includes(l));
  if (extra.length > 0) return `${extra.join(", ")} ${extra.length > 1 ? "are" : "is"} not in the scan`;
  if (pruned < goal.minPruned * total - 1e-9) return `prunes ${(100 * pruned / total).toFixed(1)}% of the weights, below ${(100 * goal.minPruned).toFixed(1)}%`;
  if (drop > goal.maxDrop + 1e-9) return `the summed accuracy drop is ${drop.toFixed(4)}, above ${goal.maxDrop}`;
  return null;
}
