import type { HiddenCases } from "../exerciseSpec.js";

const f32 = (...v: number[]) => Float32Array.from(v);
const scan = (rows: [string, number, number, number][]) => rows.map(([layer, sparsity, accuracy, params]) => ({ layer, sparsity, accuracy, params }));

/** Lab 01's hidden cases: never released. */
export const HIDDEN_01: HiddenCases = {
  magnitudeMask: [
    // Each cut falls inside a group of equal magnitudes.
    { args: [f32(-3, 1, -1, 2, 1, 0.5, -0.5, 4), 0.4] },
    { args: [Float32Array.from({ length: 50 }, (_, i) => ((i * 7) % 5) - 2), 0.5] },
    { args: [f32(1, 1, 1, 1, 1, 1, 1), 0.5] },
  ],
  sparsityOf: [{ args: [new Float32Array(0)] }, { args: [f32(-0, 0, 1e-30)] }],
  globalMagnitudeMasks: [
    { args: [[f32(1, 2, 3), f32(0.5), f32(4, -0.25, 3, 0.5)], 0.5] },
    { args: [[f32(0.3, -0.3), f32(0.3, 0.3)], 0.25] },
  ],
  chooseSparsities: [
    { args: [scan([["a", 0.5, 0.88, 1000], ["a", 0.9, 0.8, 1000], ["b", 0.5, 0.9, 200], ["b", 0.9, 0.89, 200], ["c", 0.7, 0.85, 5000]]), { dense: 0.9, minPruned: 0.6, maxDrop: 0.1 }] },
    { args: [scan([["x", 0.25, 0.7, 64], ["x", 0.5, 0.69, 64], ["x", 0.75, 0.6, 64]]), { dense: 0.7, minPruned: 0.4, maxDrop: 0.02 }] },
  ],
  cubicSparsity: [
    { args: [3, { initial: 0, final: 0.5, begin: 0, end: 10 }] },
    { args: [7, { initial: 0.2, final: 0.9, begin: 2, end: 12 }] },
    { args: [90, { initial: 0, final: 0.75, begin: 10, end: 100 }] },
  ],
  sparseStorageBytes: [{ args: [new Uint8Array(17), 4] }, { args: [Uint8Array.from({ length: 33 }, (_, i) => i % 3), 3] }],
  channelL2Norms: [
    { args: [Float32Array.from({ length: 3 * 3 * 2 * 4 }, (_, i) => ((i * 37) % 11) - 5), [3, 3, 2, 4]] },
    { args: [f32(-2, 2), [1, 1, 1, 2]] },
  ],
  channelsToKeep: [
    { args: [f32(1, 1, 1, 1), 2] },
    { args: [f32(0.1, 5, 3, 5, 0.2, 4), 4] },
    { args: [f32(7), 1] },
  ],
  dsCnnMacs: [{ args: [[32, 16, 48, 8, 24], 12] }, { args: [[1, 1, 1, 1, 1], 2] }],
};
