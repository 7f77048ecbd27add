import type { KernelImpl } from "../../lib/hwsim/kernelFeatures.js";
import type { DeployTarget } from "../../lib/deploy/deployTargets.js";

/** One capstone track: a catalog board and the budget a model must fit on it. */
export interface CapstoneTrack {
  /** "A", "B", ...: how the notebook, the feedback and the leaderboard name it. */
  id: string;
  /** A device id of lib/hwsim's catalog. */
  board: string;
  /** Kernel set the latency is priced with (simd needs the DSP extension). */
  kernels: KernelImpl;
  /** Budget: latency of one inference, ms; peak SRAM (arena + scratch + stack) and flash (weights + requantization tables + code), bytes. */
  latencyMs: number;
  peakSramBytes: number;
  flashBytes: number;
  /**
   * The QEMU board the grader deploys to and measures on (same core family), or null
   * for a track priced by hwsim only (no emulated Cortex-M0+ here).
   */
  qemu: Exclude<DeployTarget, "host"> | null;
  /** Points for a model that fits this budget. */
  points: number;
}

/** The capstone: what a submission is, its tracks, and how it scores. Instructors edit this file. */
export interface CapstoneSpec {
  lab: string;
  master: string;
  /** The file the notebook writes and the grader reads, beside the notebook. */
  modelFile: string;
  /** Input [1, 49, 10, 1] int8 MFCCs; output [1, 12] int8 scores (synthetic-keywords' classes). */
  inputShape: number[];
  classes: number;
  tracks: CapstoneTrack[];
  /** Accuracy on the hidden clips (fraction in [0, 1]) and the points each tier adds; tiers count once the model fits a track. */
  tiers: { minAccuracy: number; points: number }[];
  /** The design report, graded by hand. */
  reportPoints: number;
  /**
   * A model that fits no track is still run on the hidden clips (its feedback and the leaderboard show the
   * accuracy) unless it exceeds these: MACs per inference (the grader's time) or arena bytes (the grader's memory).
   */
  maxMacs: number;
  maxArenaBytes: number;
  /** hwsim's documented error against QEMU (lib/hwsim/README.md: within 3% per model), as a fraction. */
  simulatorTolerance: number;
}

const KB = 1024;

/**
 * The default tracks. Track A is the Arduino Nano 33 BLE Sense of the Harvard/edX kit
 * (nRF52840, Cortex-M4F at 64 MHz, SIMD kernels), measured on QEMU's Cortex-M4. Track B
 * is the Raspberry Pi Pico (RP2040, Cortex-M0+ at 133 MHz, no DSP): the labs' DS-CNN
 * takes 679 ms there, so it does not fit as it is (tests/grading/capstoneGrading.test.ts).
 */
export const CAPSTONE: CapstoneSpec = {
  lab: "06",
  master: "notebooks/06-capstone.ipynb",
  modelFile: "capstone.tflite",
  inputShape: [1, 49, 10, 1],
  classes: 12,
  tracks: [
    { id: "A", board: "nano33-ble", kernels: "simd", latencyMs: 100, peakSramBytes: 64 * KB, flashBytes: 256 * KB, qemu: "m4", points: 4 },
    { id: "B", board: "rp2040-pico", kernels: "reference", latencyMs: 200, peakSramBytes: 32 * KB, flashBytes: 2048 * KB, qemu: null, points: 4 },
  ],
  tiers: [
    { minAccuracy: 0.85, points: 2 },
    { minAccuracy: 0.88, points: 2 },
    { minAccuracy: 0.9, points: 2 },
    { minAccuracy: 0.91, points: 2 },
  ],
  reportPoints: 4,
  maxMacs: 20e6,
  maxArenaBytes: 1024 * 1024,
  simulatorTolerance: 0.03,
};
