import type { HiddenCases } from "../exerciseSpec.js";

const f32 = (...v: number[]) => Float32Array.from(v);
const wave = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k) * (1 + (i % 7)) / 8);
const bitScan = (rows: [string, number, number, number][]) => rows.map(([layer, bits, accuracy, params]) => ({ layer, bits, accuracy, params }));

/** Lab 02's hidden cases: never released. */
export const HIDDEN_02: HiddenCases = {
  linearQuantParams: [
    { args: [-0.7, -0.3, 8] }, { args: [-6, -2, 3] }, { args: [-2.5, -0.5, 2] }, { args: [-4.2, -1.1, 6] }, { args: [-5, -0.05, 8] },
  ],
  quantizeLinear: [
    { args: [f32(-2.5, 2.5, 0.25, -0.25, 7), 0.5, -3, 3] },
    { args: [Float32Array.from([...wave(40, 1.7), -2.5 / 64]), 1 / 64, -20, 8] },
    { args: [f32(1e9, -1e9, 0, -1.5 / 1024), 1 / 1024, 0, 2] },
  ],
  dequantizeLinear: [{ args: [Int8Array.of(-128, 127, 0), 0.02, -128] }, { args: [new Int8Array(0), 1, 0] }],
  perChannelScales: [
    { args: [wave(3 * 3 * 2 * 4, 0.9), 4, 8] },
    { args: [f32(0.25, 1, 0.5, -2, 0, -3), 2, 2] },
    { args: [wave(24, 2.3), 24, 4] },
  ],
  kmeansQuantize: [
    { args: [wave(64, 1.3), 3] },
    { args: [f32(5, 5, 5, 5), 2] },
    { args: [wave(200, 0.37), 4, 5] },
  ],
  kmeansStorageBytes: [{ args: [0, 2] }, { args: [24576, 4] }, { args: [17, 5, 16] }],
  chooseBitWidths: [
    { args: [bitScan([["a", 2, 0.6, 1000], ["a", 4, 0.88, 1000], ["a", 8, 0.9, 1000], ["b", 2, 0.9, 300], ["b", 8, 0.9, 300], ["c", 4, 0.8, 50], ["c", 8, 0.89, 50]]), { dense: 0.9, maxBytes: 700, maxDrop: 0.05 }] },
    { args: [bitScan([["x", 3, 0.5, 64], ["x", 6, 0.69, 64], ["y", 3, 0.7, 9], ["y", 8, 0.7, 9]]), { dense: 0.7, maxBytes: 55, maxDrop: 0.02 }] },
  ],
  biasToInt32: [
    { args: [f32(1.23, -4.56, 0, 1e12), 0.0039, [0.002, 0.01, 0.5, 0.001]] },
    { args: [f32(0.0625, -0.0625), 0.25, [0.5]] },
  ],
  fixedPointMultiplier: [{ args: [1] }, { args: [1 - 2 ** -40] }, { args: [2.3e-7] }, { args: [1.5] }, { args: [0.2] }, { args: [7e-3] }],
  integerFullyConnected: [
    {
      args: [Int8Array.from({ length: 2 * 5 }, (_, i) => ((i * 53) % 256) - 128), {
        weights: Int8Array.from({ length: 3 * 5 }, (_, i) => ((i * 29) % 255) - 127), bias: Int32Array.of(-1000, 0, 2500), inputZeroPoint: 12, outputZeroPoint: -7,
        multipliers: Int32Array.of(1288490189, 1717986918, 1099511628), shifts: Int32Array.of(-8, -9, -7), actMin: -7, actMax: 127,
      }],
    },
    {
      args: [Int8Array.of(-128, -128, -128, -128), {
        weights: Int8Array.of(127, 127, 127, 127), bias: Int32Array.of(0), inputZeroPoint: 127, outputZeroPoint: 0,
        multipliers: Int32Array.of(1073741824), shifts: Int32Array.of(-12), actMin: -128, actMax: 127,
      }],
    },
  ],
};
