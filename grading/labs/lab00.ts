import { convMacs } from "../../lib/basics/convMacs.js";
import { peakActivationBytes } from "../../lib/basics/peakActivationBytes.js";
import { quantizeRoundTrip } from "../../lib/basics/quantizeRoundTrip.js";
import type { LabSpec } from "../exerciseSpec.js";

/** Lab 00's graded exercises: counting work and memory, and what int8 does to values. */
export const LAB_00: LabSpec = {
  lab: "00",
  master: "notebooks/00-basics.ipynb",
  libFiles: ["lib/basics/convMacs.ts", "lib/basics/peakActivationBytes.ts", "lib/basics/quantizeRoundTrip.ts"],
  reference: { convMacs, peakActivationBytes, quantizeRoundTrip },
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
  ],
};
