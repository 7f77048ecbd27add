import type { Dataset } from "../../lib/data/loadDataset.js";
import { deployAndRun } from "../../lib/deploy/deployAndRun.js";
import { missingToolchain } from "../../lib/deploy/runProject.js";
import { MCU_BOARDS } from "../../lib/deploy/deployTargets.js";
import { graphAccuracy } from "../../lib/deploy/convert/graphAccuracy.js";
import { estimate } from "../../lib/hwsim/estimate.js";
import type { SimReport } from "../../lib/hwsim/estimate.js";
import { findDevice } from "../../lib/hwsim/findDevice.js";
import { graphMacs } from "../../lib/ir/countMacs.js";
import type { Graph } from "../../lib/ir/Graph.js";
import { quantizeTensor } from "../../lib/ir/quantizeTensor.js";
import { readTflite } from "../../lib/ir/tflite/readTflite.js";
import type { GradescopeTest, LeaderboardEntry } from "../gradescopeResults.js";
import type { CapstoneSpec, CapstoneTrack } from "../labs/capstone.js";

/** A model's figures on one track's board. */
export interface TrackFigures {
  track: string;
  board: string;
  /** ms per inference: hwsim's, scaled by QEMU's measured instructions where the track is measured. */
  latencyMs: number;
  /** hwsim's prediction before any measurement, ms. */
  predictedMs: number;
  peakSramBytes: number;
  flashBytes: number;
  fits: boolean;
  /** One line per exceeded limit, with the numbers. */
  over: string[];
}

/** What QEMU measured for a measured track. */
export interface QemuFigures {
  track: string;
  machine: string;
  measuredInstructions: number;
  predictedInstructions: number;
  arenaBytes: number;
  predictedArenaBytes: number;
  bitExact: number;
  samples: number;
}

export interface CapstoneGrade {
  tests: GradescopeTest[];
  leaderboard: LeaderboardEntry[];
  /** Top-1 accuracy on the hidden clips, [0, 1]; null when the model was not run. */
  accuracy: number | null;
  macs: number | null;
  tracks: TrackFigures[];
  qemu: QemuFigures[];
  /** Notes for the student and the instructor (what was not measured, and why). */
  notes: string[];
}

export interface CapstoneGradeOptions {
  spec: CapstoneSpec;
  hidden: Dataset;
  /** Deploy to QEMU for tracks that name a board (default true); without the toolchain, a note says so. */
  qemu?: boolean;
  /** Hidden clips run on QEMU (bit-exactness), default 2. */
  qemuSamples?: number;
}

const kb = (b: number) => (b / 1024).toFixed(1);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** Why the model is not a capstone model (dtype, shapes), or null. */
function refusal(g: Graph, spec: CapstoneSpec): string | null {
  if (g.inputs.length !== 1 || g.outputs.length !== 1) return `the model has ${g.inputs.length} inputs and ${g.outputs.length} outputs; the capstone takes one input (MFCCs) and one output (class scores)`;
  const input = g.tensors[g.inputs[0]];
  const output = g.tensors[g.outputs[0]];
  if (input.dtype !== "int8" || output.dtype !== "int8") {
    return `the model's input is ${input.dtype} and its output ${output.dtype}; the capstone takes int8 models: convert with convertModel(model, { calibration }).int8 and write that graph with writeTflite`;
  }
  if (input.shape.join() !== spec.inputShape.join()) return `the input shape is [${input.shape.join(", ")}]; the capstone's input is [${spec.inputShape.join(", ")}] (49 frames x 10 MFCCs, one channel)`;
  if (output.shape.join() !== [1, spec.classes].join()) return `the output shape is [${output.shape.join(", ")}]; the capstone's output is [1, ${spec.classes}] (one score per class)`;
  return null;
}

function trackFigures(t: CapstoneTrack, r: SimReport, latencyMs: number): TrackFigures {
  const over: string[] = [];
  if (latencyMs > t.latencyMs) over.push(`latency ${latencyMs.toFixed(1)} ms, ${(latencyMs - t.latencyMs).toFixed(1)} ms over the budget of ${t.latencyMs} ms`);
  if (r.peakSramBytes > t.peakSramBytes) over.push(`peak SRAM ${fmt(r.peakSramBytes)} bytes, ${fmt(r.peakSramBytes - t.peakSramBytes)} over the budget of ${fmt(t.peakSramBytes)}`);
  if (r.flashBytes > t.flashBytes) over.push(`flash ${fmt(r.flashBytes)} bytes, ${fmt(r.flashBytes - t.flashBytes)} over the budget of ${fmt(t.flashBytes)}`);
  return { track: t.id, board: t.board, latencyMs, predictedMs: r.ms, peakSramBytes: r.peakSramBytes, flashBytes: r.flashBytes, fits: over.length === 0, over };
}

const trackTest = (t: CapstoneTrack) => `Track ${t.id}: fits ${t.board} (${t.latencyMs} ms, ${kb(t.peakSramBytes)} KB SRAM, ${kb(t.flashBytes)} KB flash)`;
const tierTest = (minAccuracy: number) => `hidden-clip accuracy at least ${(100 * minAccuracy).toFixed(0)}%`;
const reportTest = (spec: CapstoneSpec): GradescopeTest => ({ name: "design report", number: String(spec.tracks.length + spec.tiers.length + 1), score: 0, max_score: spec.reportPoints, output: "graded by hand", visibility: "visible" });

/** The grade of a submission that could not be measured: every automatic test at 0 with `why`, the report still to grade. */
export function refusedCapstone(spec: CapstoneSpec, why: string): CapstoneGrade {
  return {
    tests: [
      ...spec.tracks.map((t, i) => ({ name: trackTest(t), number: String(i + 1), score: 0, max_score: t.points, status: "failed" as const, output: why, visibility: "visible" as const })),
      ...spec.tiers.map((tier, i) => ({ name: tierTest(tier.minAccuracy), number: String(spec.tracks.length + i + 1), score: 0, max_score: tier.points, status: "failed" as const, output: why, visibility: "visible" as const })),
      reportTest(spec),
    ],
    leaderboard: [], accuracy: null, macs: null, tracks: [], qemu: [], notes: [why],
  };
}

/**
 * Grades one capstone submission, a .tflite file's bytes (hostile input: the reader is
 * bounds-checked and every refusal becomes feedback, never a crash):
 * 1. reads it and checks it is an int8 [1, 49, 10, 1] → [1, 12] classifier;
 * 2. prices it with hwsim on each track's board (latency, peak SRAM, flash);
 * 3. deploys it to QEMU for tracks that name a board: the measured instruction count
 *    replaces hwsim's in the latency (hwsim's cycles per instruction kept), the arena
 *    and the outputs (bit for bit) are compared with hwsim and the interpreter;
 * 4. runs the hidden clips through the bit-exact interpreter.
 * Points: each track's budget; accuracy tiers once the model fits a track; the report by hand.
 */
export async function gradeCapstoneModel(bytes: Uint8Array, opts: CapstoneGradeOptions): Promise<CapstoneGrade> {
  const { spec, hidden } = opts;
  const notes: string[] = [];
  let graph: Graph;
  try {
    graph = readTflite(bytes, spec.modelFile);
  } catch (e) {
    return refusedCapstone(spec, `${spec.modelFile} could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const why = refusal(graph, spec);
  if (why !== null) return refusedCapstone(spec, `${spec.modelFile}: ${why}`);
  const macs = graphMacs(graph);

  const tracks: TrackFigures[] = [];
  const qemu: QemuFigures[] = [];
  let accuracy: number | null = null;
  let arenaBytes = 0;
  try {
    for (const t of spec.tracks) {
      const device = findDevice(t.board);
      const r = estimate(graph, device, { kernels: t.kernels });
      arenaBytes = Math.max(arenaBytes, r.arenaBytes);
      let latencyMs = r.ms;
      if (t.qemu !== null && opts.qemu !== false) {
        const board = MCU_BOARDS[t.qemu];
        const onQemu = estimate(graph, findDevice(board.machine), { kernels: t.kernels });
        const missing = missingToolchain(t.qemu);
        if (missing !== null) {
          notes.push(`Track ${t.id}: not measured on QEMU (${missing}); hwsim's figures are used`);
        } else if (onQemu.peakSramBytes > board.ramBytes || onQemu.flashBytes > board.flashBytes) {
          notes.push(`Track ${t.id}: not measured on QEMU: the model needs ${fmt(onQemu.peakSramBytes)} bytes of RAM and ${fmt(onQemu.flashBytes)} of flash, and the emulated ${board.machine} has ${fmt(board.ramBytes)} and ${fmt(board.flashBytes)}; hwsim's figures are used`);
        } else {
          const per = hidden.x.length / hidden.labels.length;
          const samples = Array.from({ length: Math.min(opts.qemuSamples ?? 2, hidden.labels.length) }, (_, i) => quantizeTensor(graph.tensors[graph.inputs[0]], hidden.x.subarray(i * per, (i + 1) * per)));
          try {
            const run = deployAndRun(graph, t.qemu, samples, { kernels: t.kernels });
            const q: QemuFigures = {
              track: t.id, machine: board.machine, measuredInstructions: run.total, predictedInstructions: onQemu.instructions,
              arenaBytes: run.arenaBytes, predictedArenaBytes: onQemu.arenaBytes, bitExact: run.bitExact, samples: run.samples,
            };
            qemu.push(q);
            // hwsim's cycles per instruction for the track's core, applied to the measured count.
            latencyMs = r.ms * (run.total / onQemu.instructions);
            const err = onQemu.instructions / run.total - 1;
            notes.push(`Track ${t.id}: QEMU ${board.machine} measured ${fmt(run.total)} instructions, hwsim predicted ${fmt(onQemu.instructions)} (${(100 * err).toFixed(1)}%); the latency uses the measured count`);
            if (Math.abs(err) > spec.simulatorTolerance) notes.push(`Track ${t.id}: hwsim and QEMU differ by more than the simulator's documented ${(100 * spec.simulatorTolerance).toFixed(0)}%: please tell the course staff (it is the simulator's error, not yours)`);
            if (q.arenaBytes !== q.predictedArenaBytes) notes.push(`Track ${t.id}: the generated arena is ${fmt(q.arenaBytes)} bytes and hwsim's plan ${fmt(q.predictedArenaBytes)}: please tell the course staff`);
            if (run.bitExact !== run.samples) notes.push(`Track ${t.id}: QEMU's outputs equal the interpreter's on ${run.bitExact} of ${run.samples} clips only: please tell the course staff`);
          } catch (e) {
            notes.push(`Track ${t.id}: not measured on QEMU (${e instanceof Error ? e.message.split("\n")[0] : String(e)}); hwsim's figures are used`);
          }
        }
      }
      tracks.push(trackFigures(t, r, latencyMs));
    }

    // Within a track's budget a model is cheap to run; outside every track, only within the grader's limits.
    if (!tracks.some((t) => t.fits) && (macs > spec.maxMacs || arenaBytes > spec.maxArenaBytes)) {
      notes.push(`not run on the hidden clips: it fits no track, and ${fmt(macs)} MACs and ${fmt(arenaBytes)} bytes of arena per inference are over the grader's limits (${fmt(spec.maxMacs)} MACs, ${fmt(spec.maxArenaBytes)} bytes)`);
    } else {
      accuracy = (await graphAccuracy(graph, hidden.x, hidden.labels, { label: false })).accuracy;
    }
  } catch (e) {
    // A model the reader accepts but a later step cannot handle is the course's problem, reported, never a crash of the batch.
    return refusedCapstone(spec, `${spec.modelFile} could not be measured: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}; please tell the course staff`);
  }

  const fitsAny = tracks.some((t) => t.fits);
  const tests: GradescopeTest[] = [];
  spec.tracks.forEach((t, i) => {
    const f = tracks[i];
    const figures = `${f.latencyMs.toFixed(1)} ms, ${fmt(f.peakSramBytes)} bytes of peak SRAM, ${fmt(f.flashBytes)} bytes of flash on ${t.board}`;
    tests.push({
      name: trackTest(t), number: String(i + 1), score: f.fits ? t.points : 0, max_score: t.points, status: f.fits ? "passed" : "failed",
      output: f.fits ? `fits: ${figures}` : `over budget: ${f.over.join("; ")} (${figures})`, visibility: "visible",
    });
  });
  spec.tiers.forEach((tier, i) => {
    const reached = accuracy !== null && accuracy >= tier.minAccuracy;
    const got = accuracy === null ? "not measured" : `${(100 * accuracy).toFixed(1)}% on ${hidden.labels.length} hidden clips`;
    const pass = reached && fitsAny;
    tests.push({
      name: tierTest(tier.minAccuracy), number: String(spec.tracks.length + i + 1), score: pass ? tier.points : 0, max_score: tier.points, status: pass ? "passed" : "failed",
      output: reached && !fitsAny ? `${got}: these points count once the model fits a track's budget` : got, visibility: "visible",
    });
  });
  tests.push(reportTest(spec));

  const lead = tracks[0];
  const leaderboard: LeaderboardEntry[] = [
    { name: "Accuracy (%)", value: accuracy === null ? 0 : Math.round(1000 * accuracy) / 10, order: "desc" },
    { name: `Latency on ${lead.board} (ms)`, value: Math.round(10 * lead.latencyMs) / 10, order: "asc" },
    { name: "Peak SRAM (KB)", value: Math.round(10 * lead.peakSramBytes / 1024) / 10, order: "asc" },
    { name: "Flash (KB)", value: Math.round(10 * lead.flashBytes / 1024) / 10, order: "asc" },
  ];
  return { tests, leaderboard, accuracy, macs, tracks, qemu, notes };
}
