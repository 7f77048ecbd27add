// Trains the keyword-spotting supernet shipped in lib/models/pretrained/kws-supernet, measures
// it for its card, and measures the (architecture, accuracy) pairs lab 04's predictor learns from.
// Deterministic: every random choice is seeded, so a rerun gives the same weights.bin.
//   node --import tsx datasets/scripts/trainKwsSupernet.ts           (about 25 min on 2 cores)
//   node --import tsx datasets/scripts/trainKwsSupernet.ts --quick DIR   (a smoke run into DIR)
// The three networks trained alone for the card run in a second process, on the second core.
import { spawn } from "node:child_process";
import { cpus, platform, tmpdir } from "node:os";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadDataset } from "../../lib/data/loadDataset.js";
import { largestArch, sampleArch, smallestArch } from "../../lib/nas/archSearch.js";
import { searchSpaceSize, type KwsArch } from "../../lib/nas/kwsSearchSpace.js";
import { sandwichSampler, type ShrinkPhase } from "../../lib/nas/sandwichSampler.js";
import { sortChannels } from "../../lib/nas/sortChannels.js";
import { subnetAccuracy } from "../../lib/nas/subnetAccuracy.js";
import { Supernet } from "../../lib/nas/Supernet.js";
import { saveSupernet, SUPERNET_DIR, type InheritedVsAlone } from "../../lib/nas/supernetFiles.js";
import { trainSupernet } from "../../lib/nas/trainSupernet.js";
import { makeRng } from "../../lib/tf/seedEverything.js";
import { tf, tfReady } from "../../lib/tf/tf.js";
import { ProgressBar } from "../../lib/viz/ProgressBar.js";
import type { ArchAccuracyFile } from "../../lib/nas/archAccuracyPairs.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const aloneOut = args.includes("--alone") ? args[args.indexOf("--alone") + 1] : undefined;
const out = quick ? args[args.indexOf("--quick") + 1] : SUPERNET_DIR();
if (out === undefined) throw new Error("--quick needs an output folder");
const WARMUP = quick ? 2 : 60, SANDWICH = quick ? 4 : 700, STEPS = WARMUP + SANDWICH, PAIRS = quick ? 6 : 1000;
const RANDOM = 2, LARGEST_EVERY = 2;
// Once-for-All's order: kernel size, then depth, then expand ratio, then width (and here the stem's stride).
const PHASES: ShrinkPhase[] = quick
  ? [{ from: 0, dims: ["kernels"] }, { from: 1, dims: ["depths"] }, { from: 2, dims: ["expands"] }, { from: 3, dims: ["width", "stemStride"] }]
  : [{ from: 0, dims: ["kernels"] }, { from: 30, dims: ["depths"] }, { from: 60, dims: ["expands"] }, { from: 100, dims: ["width", "stemStride"] }];
const started = performance.now();
const backend = await tfReady();
const train = loadDataset("synthetic-keywords", { split: "train", seed: 1 });
const val = loadDataset("synthetic-keywords", { split: "val" });
const test = loadDataset("synthetic-keywords", { split: "test" });
// BN recalibration clips: a seeded subset of train, the same for every measurement here and in lab 04.
const calibration = loadDataset("synthetic-keywords", { split: "train", seed: 3, limit: 128 });
const MIDDLE: KwsArch = { stemStride: 2, width: 0.75, depths: [2, 2, 2, 2], kernels: Array(12).fill(5), expands: Array(12).fill(2) };
const named: [string, KwsArch][] = [["smallest", smallestArch()], ["middle", MIDDLE], ["largest", largestArch()]];

if (aloneOut !== undefined) {
  // The child: each named network trained alone, from the same initial weights, for as many steps as the supernet.
  const alone: Record<string, number> = {};
  for (const [name, arch] of named) {
    const net = Supernet.init(1);
    await trainSupernet(net, { data: train, steps: STEPS, sampler: () => [arch], seed: 1, label: `${name} alone` });
    alone[name] = subnetAccuracy(net, arch, calibration, test);
    net.dispose();
  }
  writeFileSync(aloneOut, JSON.stringify(alone));
  process.exit(0);
}
const aloneFile = join(mkdtempSync(join(tmpdir(), "tinyml-alone-")), "alone.json");
const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...args, "--alone", aloneFile], { stdio: ["ignore", "ignore", "inherit"] });
const childDone = new Promise<void>((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`the networks trained alone failed (exit ${code})`)))));

// Phase 1 trains the largest network alone; its channels are then sorted by importance (OFA);
// phase 2 opens the elastic dimensions one group at a time, training by the sandwich rule.
const net = Supernet.init(1);
await trainSupernet(net, { data: train, steps: WARMUP, sampler: () => [largestArch()], seed: 1, label: "supernet: largest" });
sortChannels(net);
await trainSupernet(net, { data: train, steps: SANDWICH, sampler: sandwichSampler(RANDOM, PHASES, LARGEST_EVERY), seed: 2, label: "supernet: progressive sandwich" });

const rng = makeRng(2027);
const bar = new ProgressBar({ total: PAIRS, label: "arch-accuracy pairs" });
const pairs: { arch: KwsArch; accuracy: number }[] = [];
for (let i = 0; i < PAIRS; i++) {
  const arch = sampleArch(rng);
  pairs.push({ arch, accuracy: subnetAccuracy(net, arch, calibration, val) });
  bar.update(i + 1);
}
bar.done();

await childDone;
const aloneAccuracy = JSON.parse(readFileSync(aloneFile, "utf8")) as Record<string, number>;
const inheritedVsAlone: InheritedVsAlone[] = named.map(([name, arch]) => ({ name, arch, inherited: subnetAccuracy(net, arch, calibration, test), alone: aloneAccuracy[name], steps: STEPS }));
for (const r of inheritedVsAlone) console.log(JSON.stringify(r));
const runSeconds = Math.round((performance.now() - started) / 1000);
const machine = `${cpus().length} x ${cpus()[0]?.model ?? "unknown CPU"}, ${platform()}, Node ${process.version}, tfjs ${tf.version.tfjs} ${backend}`;
const acc = (name: string) => inheritedVsAlone.find((r) => r.name === name)?.inherited ?? NaN;
mkdirSync(out, { recursive: true });
const sha = saveSupernet(net, out, {
  name: "kws-supernet",
  searchSpace: `lib/nas/kwsSearchSpace: stem stride, width, depth per stage, kernel and expand ratio per block (${searchSpaceSize().toExponential(2)} networks)`,
  dataset: "synthetic-keywords",
  training: `Supernet.init(1); ${WARMUP} Adam steps (lr 3e-3, batch 32) of the largest network alone, sortChannels (expanded channels by the L1 norm of the projection reading them), then ${SANDWICH} steps of the sandwich rule (the smallest and ${RANDOM} random networks per step, the largest on one step in ${LARGEST_EVERY}, losses summed) with progressive shrinking (${PHASES.map((p) => `${p.dims.join(" and ")} from step ${p.from}`).join(", ")}), seeds 1 and 2; depthwise kernels 5 and 3 through learned kernel transformations (OFA). The networks trained alone ran in a second process, from Supernet.init(1), seed 1`,
  command: "node --import tsx datasets/scripts/trainKwsSupernet.ts",
  runSeconds,
  machine,
  largestAccuracy: acc("largest"),
  smallestAccuracy: acc("smallest"),
  testSamples: test.labels.length,
  calibration: `batch-norm recalibrated per architecture on ${calibration.labels.length} train clips (loadDataset("synthetic-keywords", { split: "train", seed: 3, limit: 128 })), one batch`,
  inheritedVsAlone,
});
const file: ArchAccuracyFile = {
  card: {
    what: `${PAIRS} architectures drawn uniformly from the search space (makeRng(2027), sampleArch) with their top-1 accuracy on the ${val.labels.length} clips of synthetic-keywords' val split, inherited supernet weights (SHA-256 ${sha}), batch norm recalibrated as on the supernet's card`,
    command: "node --import tsx datasets/scripts/trainKwsSupernet.ts",
    split: "val",
    samples: val.labels.length,
    supernetSha256: sha,
  },
  pairs,
};
writeFileSync(join(out, "arch-accuracy.json"), JSON.stringify(file) + "\n");
console.log(`kws-supernet: largest ${(100 * acc("largest")).toFixed(1)}%, smallest ${(100 * acc("smallest")).toFixed(1)}% (test); ${PAIRS} pairs; ${runSeconds} s; saved to ${out}`);
