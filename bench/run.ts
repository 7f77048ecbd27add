// npm run bench: speed figures printed as ratios against a peer measured in the same
// run. Nothing here is asserted; tests check behaviour, this measures it.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { MCU_BOARDS } from "../lib/deploy/deployTargets.js";
import { buildProject, missingToolchain, runProject } from "../lib/deploy/runProject.js";
import { writeProject } from "../lib/deploy/writeProject.js";
import { deployAndRun } from "../lib/deploy/deployAndRun.js";
import { cmsisNnSources } from "../lib/deploy/cmsisNnLibrary.js";
import { countsByKernelKind } from "../lib/deploy/kernelKinds.js";
import { join } from "node:path";
import { KernelClient } from "../lib/notebook/KernelClient.js";
import { installKernelSpec } from "../lib/notebook/installKernelSpec.js";
import { runNotebook } from "../lib/notebook/runNotebook.js";
import { tslabKernelArgv } from "../lib/notebook/tslabKernelArgv.js";
import { dsCnn } from "../lib/models/dsCnn.js";
import { tf, tfReady } from "../lib/tf/tf.js";
import { benchNotebook } from "./fixtures.js";
import { KwsFrontEnd } from "../lib/dsp/KwsFrontEnd.js";
import { loadDataset } from "../lib/data/loadDataset.js";
import { SHIPPED_DATASETS } from "../lib/data/datasetRegistry.js";
import { readFileSync } from "node:fs";
import { graphMacs } from "../lib/ir/countMacs.js";
import { elementCount } from "../lib/ir/Graph.js";
import type { Graph } from "../lib/ir/Graph.js";
import { Interpreter } from "../lib/ir/Interpreter.js";
import { readTflite } from "../lib/ir/tflite/readTflite.js";
import { FETCH_MODELS_COMMAND, findThirdPartyModel, THIRD_PARTY_MODELS } from "../lib/data/thirdPartyModels.js";
import seedrandom from "seedrandom";
import { archLayers } from "../lib/nas/archLayers.js";
import { sampleArch } from "../lib/nas/archSearch.js";
import { convertModel } from "../lib/deploy/convert/convertModel.js";
import { estimate } from "../lib/hwsim/estimate.js";
import { findDevice } from "../lib/hwsim/findDevice.js";
import type { CalibratedCore } from "../lib/hwsim/predictInstructions.js";
import { predictInstructions } from "../lib/hwsim/predictInstructions.js";
import { planOperator } from "../lib/ir/kernels/prepareOperator.js";
import { mobileNetV2 } from "../lib/models/mobileNetV2.js";
import { courseModels } from "../tests/support/courseModels.js";

const ROOT = process.cwd();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows: string[][] = [];
function report(what: string, ours: number, peerName: string, peer: number | null, unit = "ms", higherIsBetter = false) {
  // Always "how many times better we are": above 1 beats the peer.
  const ratio = peer === null ? "peer missing" : higherIsBetter ? `${(ours / peer).toFixed(2)}x (ours / peer)` : `${(peer / ours).toFixed(2)}x (peer / ours)`;
  rows.push([what, `${ours.toFixed(1)} ${unit}`, peerName, peer === null ? "-" : `${peer.toFixed(1)} ${unit}`, ratio]);
  console.log(`${what}: ours ${ours.toFixed(1)} ${unit}, ${peerName} ${peer === null ? "n/a" : `${peer.toFixed(1)} ${unit}`} -> ${ratio}`);
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

async function kernelStart(): Promise<void> {
  const ours: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const k = await KernelClient.start({ argv: tslabKernelArgv(), cwd: ROOT });
    ours.push(performance.now() - t);
    await k.shutdown();
  }
  // Peer: a bare Node start, the floor any Node kernel pays.
  const peer = median(Array.from({ length: 5 }, () => time(() => spawnSync(process.execPath, ["-e", "0"]))));
  report("kernel start to first reply (median of 5)", median(ours), "node -e 0", peer);
}

const NBCONVERT = "/usr/bin/jupyter-nbconvert";

/** Median ms of `runs` executions of `nb` by `jupyter nbconvert --execute` on the project's kernelspec; null where nbconvert is missing. */
function nbconvertMs(nb: string, runs: number): number | null {
  if (!existsSync(NBCONVERT)) return null;
  const jupyterPath = join(ROOT, ".jupyter");
  installKernelSpec(jupyterPath);
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(NBCONVERT, ["--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=tslab", "--ExecutePreprocessor.timeout=600", "--output", "/tmp/tinyml-bench-nbconvert.ipynb", nb], {
      env: { ...process.env, JUPYTER_PATH: jupyterPath },
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`nbconvert failed: ${r.stderr.slice(-2000)}`);
    xs.push(performance.now() - t);
  }
  return median(xs);
}

async function runnerVsNbconvert(): Promise<void> {
  const nb = benchNotebook(20);
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const r = await runNotebook(nb, { timeoutS: 60 });
    if (r.failures.length > 0) throw new Error(`bench notebook failed: ${r.failures[0].message}`);
    runs.push(performance.now() - t);
  }
  const ours = median(runs);
  const peer = nbconvertMs(nb, 3);
  if (peer === null) console.log("  (jupyter nbconvert missing: sudo apt-get install jupyter-nbconvert python3-nbclient)");
  report("execute a 20-cell notebook (median of 3)", ours, "jupyter nbconvert --execute", peer);
}

/** Median ms of a DS-CNN training step (batch 32, Adam) and inference samples/s, on the current tfjs backend and kernel set. */
async function dsCnnSpeed(): Promise<{ stepMs: number; inferPerS: number; model: tf.LayersModel; x: tf.Tensor; y: tf.Tensor }> {
  const model = dsCnn({ seed: 1 });
  model.compile({ optimizer: tf.train.adam(0.001), loss: "categoricalCrossentropy" });
  const x = tf.randomNormal([32, 49, 10, 1], 0, 1, "float32", 1);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 12), "int32"), 12);
  for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
  const steps: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await model.trainOnBatch(x, y);
    steps.push(performance.now() - t);
  }
  const predict = async () => {
    const out = model.predict(x) as tf.Tensor;
    await out.data();
    out.dispose();
  };
  for (let i = 0; i < 3; i++) await predict();
  const batches = 50;
  const t = performance.now();
  for (let i = 0; i < batches; i++) await predict();
  return { stepMs: median(steps), inferPerS: (batches * 32) / ((performance.now() - t) / 1000), model, x, y };
}

/**
 * Issue 25's figures, all measured in this run: ms per DS-CNN training step and
 * inference samples/s, ours (optimised kernels, then the JS reference kernels alone)
 * against PyTorch CPU with two threads, and the per-kernel breakdown of one step.
 */
async function trainingStep(): Promise<void> {
  await tfReady();
  const { setWasmFastKernels } = await import("../lib/tf/wasmFastKernels.js");
  const wasm = tf.getBackend() === "wasm";
  let reference: { stepMs: number; inferPerS: number } | null = null;
  if (wasm) {
    setWasmFastKernels(false);
    const r = await dsCnnSpeed();
    tf.dispose([r.x, r.y]);
    r.model.dispose();
    reference = r;
    setWasmFastKernels(true);
  }
  const ours = await dsCnnSpeed();
  const torch = spawnSync("/usr/bin/python3", [join(ROOT, "bench", "torchDsCnnStep.py")], { encoding: "utf8" });
  const peer = torch.status === 0 ? (JSON.parse(torch.stdout.trim().split("\n").at(-1) ?? "{}") as { step_ms: number; infer_per_s: number }) : null;
  if (peer === null) console.log("  (PyTorch peer missing: sudo apt-get install python3-torch)");
  const peerName = "PyTorch CPU, 2 threads (Debian python3-torch)";
  const backend = `tfjs ${tf.getBackend()}`;
  report(`DS-CNN training step, batch 32, Adam, ${backend} (median of 20; goal: peer / ours >= 0.33)`, ours.stepMs, peerName, peer?.step_ms ?? null);
  if (reference !== null) report(`DS-CNN training step, ${backend} with the JS reference kernels only`, reference.stepMs, peerName, peer?.step_ms ?? null);
  report(`DS-CNN inference, batch 32, ${backend} (goal: ours / peer >= 0.5)`, ours.inferPerS, peerName, peer?.infer_per_s ?? null, "samples/s", true);
  if (reference !== null) report(`DS-CNN inference, ${backend} with the JS reference kernels only`, reference.inferPerS, peerName, peer?.infer_per_s ?? null, "samples/s", true);
  if (wasm) {
    // Every core: the batch split between this thread and worker threads.
    const { predictParallel, stopPredictWorkers } = await import("../lib/tf/predictParallel.js");
    const once = async () => (await predictParallel(ours.model, ours.x)).dispose();
    for (let i = 0; i < 5; i++) await once();
    const batches = 50;
    const t = performance.now();
    for (let i = 0; i < batches; i++) await once();
    const perS = (batches * 32) / ((performance.now() - t) / 1000);
    await stopPredictWorkers();
    report(`DS-CNN inference, batch 32, ${backend}, predictParallel on ${availableParallelism()} cores (goal: ours / peer >= 0.5)`, perS, peerName, peer?.infer_per_s ?? null, "samples/s", true);
  }
  // One step, kernel by kernel (ms; nested kernels of a fused op count once, under the op).
  const byKernel = new Map<string, number>();
  const runs = 5;
  for (let i = 0; i < runs; i++) {
    const info = await tf.profile(async () => void (await ours.model.trainOnBatch(ours.x, ours.y)));
    for (const k of info.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number) / runs);
  }
  console.log(`one training step by kernel (${backend}, mean of ${runs}, ms):`);
  for (const [name, ms] of [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${ms.toFixed(2).padStart(7)}  ${name}`);
  // Memory: 1,000 more steps must not grow the tensor count or the process's RSS
  // (wasm memory only grows, so a leak shows as RSS growth).
  const steps = Number(process.env.BENCH_TRAIN_LEAK_STEPS ?? 1000);
  const [tensors0, rss0] = [tf.memory().numTensors, process.memoryUsage().rss];
  for (let i = 0; i < steps; i++) await ours.model.trainOnBatch(ours.x, ours.y);
  const [tensors1, rss1] = [tf.memory().numTensors, process.memoryUsage().rss];
  console.log(`${steps} more training steps: tensors ${tensors0} -> ${tensors1}, RSS ${(rss0 / 2 ** 20).toFixed(0)} -> ${(rss1 / 2 ** 20).toFixed(0)} MiB`);
  tf.dispose([ours.x, ours.y]);
  ours.model.dispose();
}

async function frontEnd(): Promise<void> {
  const fe = new KwsFrontEnd();
  const clips = 500;
  const audio = Float32Array.from({ length: 16000 }, (_, i) => 0.5 * Math.sin(i * 0.07) + 0.1 * Math.sin(i * 1.3));
  for (let i = 0; i < 20; i++) fe.mfcc(audio);
  const t = performance.now();
  for (let i = 0; i < clips; i++) fe.mfcc(audio);
  const ours = clips / ((performance.now() - t) / 1000);
  // Peer: the NumPy oracle of tests/dsp on the same number of clips, one thread.
  const input = Buffer.from(new Float32Array(clips * 16000).map((_, i) => audio[i % 16000]).buffer);
  const r = spawnSync("/usr/bin/python3", ["-c", "import time,sys,runpy; t=time.time(); sys.argv=['x']; runpy.run_path('tests/dsp/kwsFrontEndOracle.py'); sys.stderr.write(str(time.time()-t))"], { input, env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1" }, maxBuffer: 1 << 28 });
  const peer = r.status === 0 ? clips / Number(r.stderr.toString().trim().split("\n").at(-1)) : null;
  report("MFCC front end, 49x10 per 1 s clip, one core", ours, "NumPy (Debian python3-numpy), one thread", peer, "clips/s", true);
  for (const name of SHIPPED_DATASETS) {
    const t0 = performance.now();
    loadDataset(name, { split: "train" });
    console.log(`load ${name} (train split, checksums verified): ${(performance.now() - t0).toFixed(0)} ms`);
  }
}

/** MLPerf Tiny's keyword-spotting and ResNet-8 models, where present; a missing one is named with the fetch command. */
function calibrationModels(): { name: string; path: string; graph: Graph }[] {
  const found: { name: string; path: string; graph: Graph }[] = [];
  for (const name of ["kws_ref_model.tflite", "pretrainedResnet_quant.tflite"]) {
    const path = findThirdPartyModel(name);
    if (path === null) console.log(`${name} missing: get it with ${FETCH_MODELS_COMMAND}`);
    else found.push({ name, path, graph: readTflite(new Uint8Array(readFileSync(path)), name) });
  }
  return found;
}

async function interpreter(): Promise<void> {
  for (const { name, path, graph } of calibrationModels()) {
    const interp = new Interpreter(graph);
    const x = new Int8Array(elementCount(graph.tensors[graph.inputs[0]].shape));
    for (let i = 0; i < 3; i++) interp.run([x]);
    const ms = median(Array.from({ length: 30 }, () => time(() => interp.run([x]))));
    const mmac = graphMacs(graph) / 1e6;
    const r = spawnSync("/usr/bin/python3", ["bench/armnnTiming.py", path, "30"], { encoding: "utf8" });
    const peerMs = r.status === 0 ? Number(r.stdout.trim().split("\n").at(-1)) : null;
    report(`${name} int8 reference interpreter, one core (${mmac.toFixed(2)} MMAC, median of 30)`, mmac / (ms / 1000), "Arm NN 22 CpuRef", peerMs === null ? null : mmac / (peerMs / 1000), "MMAC/s", true);
  }
}

/** SIMD kernels against the reference kernels, as instructions per inference on QEMU (-icount, so exact). */
async function deployKernels(): Promise<void> {
  if (missingToolchain("m4") !== null) {
    console.log(`deploy: ${missingToolchain("m4")}`);
    return;
  }
  for (const { name, graph } of calibrationModels()) {
    const x = [Int8Array.from({ length: elementCount(graph.tensors[graph.inputs[0]].shape) }, (_, i) => ((i * 37) % 256) - 128)];
    for (const target of ["m4", "m7"] as const) {
      const count = (kernels: "reference" | "simd"): number => {
        const dir = mkdtempSync(join(tmpdir(), "bench-deploy-"));
        try {
          writeProject(graph, target, dir, x, kernels);
          buildProject(dir, target);
          return runProject(dir, target).layerCounts.reduce((a, b) => a + b, 0);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      };
      const mega = (n: number) => n / 1e6;
      report(`${name} on ${MCU_BOARDS[target].core} (QEMU), SIMD kernels`, mega(count("simd")), "reference kernels", mega(count("reference")), "M instructions");
    }
  }
}

/**
 * The generated code with the course's SIMD kernels against the same code calling Arm's CMSIS-NN (the kernels
 * TensorFlow Lite Micro runs on Cortex-M), on QEMU's M4 and M7: instructions per model and per kernel kind, and
 * whether both equal the interpreter. CMSIS-NN comes from $TINYML_CMSIS_NN or ../shared/peers (built once, cached).
 */
async function deployPeer(): Promise<void> {
  if (missingToolchain("m4") !== null) {
    console.log(`deploy-peer: ${missingToolchain("m4")}`);
    return;
  }
  try {
    cmsisNnSources();
  } catch (e) {
    console.log(`deploy-peer: ${(e as Error).message}`);
    return;
  }
  const models = [...calibrationModels(), ...["vww_96_int8.tflite"].flatMap((name) => {
    const path = findThirdPartyModel(name);
    return path === null ? [] : [{ name, path, graph: readTflite(new Uint8Array(readFileSync(path)), name) }];
  })];
  for (const { name, graph } of models) {
    const x = [Int8Array.from({ length: elementCount(graph.tensors[graph.inputs[0]].shape) }, (_, i) => ((i * 37) % 256) - 128)];
    for (const target of ["m4", "m7"] as const) {
      const ours = deployAndRun(graph, target, x, { kernels: "simd" });
      const peer = deployAndRun(graph, target, x, { kernels: "cmsis-nn" });
      report(`${name} on ${MCU_BOARDS[target].core} (QEMU), course SIMD kernels`, ours.total / 1e6, "CMSIS-NN", peer.total / 1e6, "M instructions");
      const theirs = new Map(countsByKernelKind(graph, peer.layerCounts, true).map((t) => [t.kind, t.count]));
      console.log(`    per kernel kind, ours / CMSIS-NN: ${countsByKernelKind(graph, ours.layerCounts, true).filter((t) => t.kind !== "RESHAPE").map((t) => `${t.kind} ${(t.count / (theirs.get(t.kind) ?? NaN)).toFixed(2)} (${Math.round(t.count / 1e3)}k / ${Math.round((theirs.get(t.kind) ?? NaN) / 1e3)}k)`).join(", ")}; outputs equal the interpreter's: ours ${ours.bitExact}/1, CMSIS-NN ${peer.bitExact}/1`);
    }
  }
}

/** estimate's speed on a MobileNetV2 (alpha 0.35, 96x96x3, int8), as a search would call it, against executing the model once. */
async function hwsimSpeed(): Promise<void> {
  await tfReady();
  const rng = seedrandom("bench mobilenetv2");
  const model = mobileNetV2({ inputShape: [96, 96, 3], alpha: 0.35, classes: 2 });
  const graph = convertModel(model, { calibration: Array.from({ length: 4 }, () => Float32Array.from({ length: 96 * 96 * 3 }, () => rng())), name: "mobilenetv2-0.35" }).int8;
  const layers = graph.operators.map((_, k) => planOperator(graph, k));
  const device = findDevice("nucleo-h743zi");
  const perSecond = (fn: () => void) => {
    for (let i = 0; i < 50; i++) fn();
    const n = 2000;
    return n / (time(() => { for (let i = 0; i < n; i++) fn(); }) / 1000);
  };
  const x = new Int8Array(elementCount(graph.tensors[graph.inputs[0]].shape));
  const interp = new Interpreter(graph);
  interp.run([x]);
  const runsPerSecond = 1000 / median(Array.from({ length: 5 }, () => time(() => interp.run([x]))));
  const arch = perSecond(() => estimate(layers, device));
  const withPlan = perSecond(() => estimate(graph, device));
  console.log(`${graph.name}: ${graph.operators.length} operators, ${(graphMacs(graph) / 1e6).toFixed(1)} MMAC; target >= 5000 estimates/s: architecture ${arch >= 5000 ? "met" : "NOT met"}, graph ${withPlan >= 5000 ? "met" : "NOT met"}`);
  report(`hwsim estimate, ${graph.name} as an architecture (layers), one core`, arch, "simulate (bit-exact interpreter run)", runsPerSecond, "per s", true);
  report(`hwsim estimate, ${graph.name} as a graph (with the greedy arena plan), one core`, withPlan, "simulate (bit-exact interpreter run)", runsPerSecond, "per s", true);
  // The NAS inner loop: a sampled architecture of lib/nas's keyword-spotting space, to layers, to an estimate on nano33-ble.
  const archRng = seedrandom.alea("bench nas");
  const nano = findDevice("nano33-ble");
  const nas = perSecond(() => estimate(archLayers(sampleArch(archRng)), nano));
  console.log(`lib/nas keyword-spotting space: target >= 5000 estimates/s ${nas >= 5000 ? "met" : "NOT met"}`);
  report("nas: sample a KWS architecture, price it on nano33-ble, one core", nas, "simulate (bit-exact interpreter run)", runsPerSecond, "per s", true);
}

/** Predicted against QEMU-measured instructions for every course and shared model, on each core and kernel set QEMU runs. */
async function hwsimVsQemu(): Promise<void> {
  if (missingToolchain("m4") !== null) {
    console.log(`hwsim vs QEMU: ${missingToolchain("m4")}`);
    return;
  }
  const models: Graph[] = [];
  for (const name of THIRD_PARTY_MODELS.map((m) => m.name)) {
    const path = findThirdPartyModel(name);
    if (path === null) console.log(`${name} missing: get it with ${FETCH_MODELS_COMMAND}`);
    else models.push(readTflite(new Uint8Array(readFileSync(path)), name));
  }
  for (const { graph } of await courseModels()) models.push(graph);
  const runs: [CalibratedCore, "reference" | "simd"][] = [["m3", "reference"], ["m4", "reference"], ["m4", "simd"], ["m7", "reference"], ["m7", "simd"]];
  for (const graph of models) {
    const x = [Int8Array.from({ length: elementCount(graph.tensors[graph.inputs[0]].shape) }, (_, i) => ((i * 29) % 256) - 128)];
    for (const [core, kernels] of runs) {
      const dir = mkdtempSync(join(tmpdir(), "bench-hwsim-"));
      try {
        writeProject(graph, core, dir, x, kernels);
        buildProject(dir, core);
        const measured = runProject(dir, core).layerCounts.reduce((a, b) => a + b, 0);
        const predicted = graph.operators.reduce((a, _, k) => a + predictInstructions(planOperator(graph, k), kernels, core), 0);
        report(`${graph.name} ${MCU_BOARDS[core].core} ${kernels}: predicted instructions`, predicted / 1e3, "QEMU -icount", measured / 1e3, "k", true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
}

/**
 * Seconds per submission for every graded lab: tinyml grade as instructors run it (sandboxed
 * where bubblewrap exists, demo cells skipped, exercises called by the grader) with 1 and 2
 * jobs, against executing the whole master as nbgrader's autograde does (jupyter nbconvert
 * --execute on every cell), or our runner on the whole notebook where nbconvert is missing.
 * BENCH_GRADING_LABS=01,02 limits the labs.
 */
async function gradingSpeed(): Promise<void> {
  const { gradeClass } = await import("../grading/gradeClass.js");
  const { LABS } = await import("../grading/labs/labRegistry.js");
  const { HIDDEN } = await import("../grading/hidden/hiddenRegistry.js");
  const sandbox = spawnSync("bwrap", ["--version"]).status === 0;
  const wanted = process.env.BENCH_GRADING_LABS?.split(",");
  for (const lab of Object.values(LABS).filter((l) => wanted === undefined || wanted.includes(l.lab))) {
    const master = join(ROOT, lab.master);
    const n = 2;
    const auto = lab.exercises.reduce((a, e) => a + e.points, 0);
    const subs = mkdtempSync(join(tmpdir(), "bench-subs-"));
    for (let i = 0; i < n; i++) writeFileSync(join(subs, `student${i}.ipynb`), readFileSync(master));
    const perSubmission = async (jobs: number): Promise<number> => {
      const out = mkdtempSync(join(tmpdir(), "bench-grades-"));
      const t = performance.now();
      const r = await gradeClass(lab, Object.values(LABS), HIDDEN[lab.lab], [subs], { out, jobs, timeoutS: 300, sandbox, force: true });
      const s = (performance.now() - t) / 1000 / n;
      const full = [...r.results.values()].filter((x) => x.score === auto).length;
      if (full !== n) throw new Error(`bench: only ${full}/${n} copies of lab ${lab.lab}'s master scored full automatic marks`);
      rmSync(out, { recursive: true, force: true });
      return s;
    };
    const one = await perSubmission(1);
    const two = await perSubmission(2);
    // nbgrader's autograde executes every cell of the notebook through nbconvert's ExecutePreprocessor.
    let peerName = "jupyter nbconvert --execute, whole notebook (as nbgrader)";
    let whole = nbconvertMs(master, 1);
    if (whole === null) {
      peerName = "tinyml run, whole notebook (nbconvert missing)";
      const t = performance.now();
      const r = await runNotebook(master, { timeoutS: 900 });
      if (r.failures.length > 0) throw new Error(`bench: the master failed: ${r.failures[0].message}`);
      whole = performance.now() - t;
    }
    rmSync(subs, { recursive: true, force: true });
    const how = sandbox ? "sandboxed" : "no bubblewrap: unsandboxed";
    report(`grade lab ${lab.lab}, --jobs 1 (${n} submissions, ${how})`, one, peerName, whole / 1000, "s/submission");
    report(`grade lab ${lab.lab}, --jobs 2 (${n} submissions, ${how})`, two, peerName, whole / 1000, "s/submission");
  }
}

const only = process.argv[2];
if (only === undefined || only === "kernel") await kernelStart();
if (only === undefined || only === "runner") await runnerVsNbconvert();
if (only === undefined || only === "train") await trainingStep();
if (only === undefined || only === "data") await frontEnd();
if (only === undefined || only === "interp") await interpreter();
if (only === undefined || only === "deploy") await deployKernels();
if (only === undefined || only === "deploy-peer") await deployPeer();
if (only === undefined || only === "hwsim") await hwsimSpeed();
if (only === undefined || only === "hwsim-qemu") await hwsimVsQemu();
if (only === undefined || only === "grading") await gradingSpeed();
console.log("\n| benchmark | ours | peer | peer time | ratio |\n|---|---|---|---|---|");
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
