import type { HiddenCases } from "../exerciseSpec.js";

/** Lab 00's hidden cases: never released (tinyml release leaves grading/hidden out). */
export const HIDDEN_00: HiddenCases = {
  convMacs: [{ args: [48, 48, 3, 8, 3, 3] }, { args: [1, 1, 1280, 2, 1, 1] }, { args: [13, 7, 5, 9, 2, 5] }],
  peakActivationBytes: [{ args: [[9216, 36864, 18432, 18432, 9216, 2]] }, { args: [[1, 2, 3, 1000, 1]] }],
  quantizeRoundTrip: [{ args: [Float32Array.of(1e3, -1e3, 0.015, -0.015, 0.0049), 0.01, 3] }],
  designStem: [{ args: [32768, 100000] }, { args: [131072, 2000000] }, { args: [30000, 60000] }],
};
