import seedrandom from "seedrandom";
import type { TensorSpec } from "../../lib/ir/Graph.js";
import type { CaseSpec, OperatorCase } from "./operatorCases.js";
import { buildCase } from "./operatorCases.js";

/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM graphs in TFLite's 8x8->16 scheme (int8
 * activations and weights, int32 biases, an int16 cell state) and its 16x8
 * one (int16 activations with zero point 0, int64 biases): batch- and
 * time-major inputs, one and two sequences, cell states whose power-of-two
 * scale reaches the tanh table by a left shift, none, or a right shift, and a
 * cell clip. Seeded; scales float32 as a .tflite stores them. The hidden and
 * cell states are variable tensors, so they carry from one sample to the next.
 */
export function lstmCases(seed: string): OperatorCase[] {
  const rng = seedrandom(seed);
  const f = Math.fround;
  let n = 0;
  const q = (scale: number, zp = 0) => ({ scale: [f(scale)], zeroPoint: [zp], axis: 0 });
  const ints = (count: number, m: number) => Array.from({ length: count }, () => Math.floor(rng() * (2 * m + 1)) - m);
  const weights = (shape: number[], scale: number): TensorSpec => ({ name: `w${n++}`, shape, dtype: "int8", quantization: q(scale), data: Int8Array.from(ints(shape[0] * shape[1], 127)) });
  const cases: CaseSpec[] = [];
  const lstm = (label: string, batch: number, time: number, inputs: number, units: number, cellScale: number, o: { timeMajor?: boolean; cellClip?: number; wide?: boolean } = {}) => {
    const timeMajor = o.timeMajor ?? false, wide = o.wide ?? false;
    const act = wide ? "int16" : "int8";
    // The same real ranges either way: int16 spends its extra bits on resolution.
    const [inScale, inZp, hScale, hZp] = wide ? [6.4 / 32768, 0, 1 / 32768, 0] : [0.05, -3, 1 / 128, 2];
    const [d0, d1] = timeMajor ? [time, batch] : [batch, time];
    const tensors: TensorSpec[] = [{ name: `x${n++}`, shape: [d0, d1, inputs], dtype: act, quantization: q(inScale, inZp) }];
    // Gate weights per gate (input, forget, cell, output), then recurrent weights. Their scales keep a gate's input
    // near 2 in standard deviation: saturated gates (sigmoid 0 or 1) would hide which gate is which.
    for (let g = 0; g < 4; g++) tensors.push(weights([units, inputs], (0.002 + 0.002 * rng()) * Math.sqrt(8 / inputs)));
    for (let g = 0; g < 4; g++) tensors.push(weights([units, units], (0.004 + 0.004 * rng()) * Math.sqrt(6 / units)));
    // Biases at the input FC's scale (input scale times weight scale): up to about +-1.5 at the gate.
    for (let g = 0; g < 4; g++) {
      const s = f(inScale * (tensors[1 + g].quantization?.scale[0] ?? 0));
      const values = ints(units, Math.round(1.5 / s));
      tensors.push(wide ? { name: `b${n++}`, shape: [units], dtype: "int64", quantization: q(s), data: BigInt64Array.from(values, BigInt) }
        : { name: `b${n++}`, shape: [units], dtype: "int32", quantization: q(s), data: Int32Array.from(values) });
    }
    tensors.push({ name: `h${n++}`, shape: [batch, units], dtype: act, quantization: q(hScale, hZp), variable: true });
    tensors.push({ name: `c${n++}`, shape: [batch, units], dtype: "int16", quantization: q(cellScale), variable: true });
    tensors.push({ name: `y${n++}`, shape: [d0, d1, units], dtype: act, quantization: q(hScale, hZp) });
    // TFLite's 24 inputs: 9-11 peepholes, 16-17 projection and 20-23 layer norm absent.
    const operands = [0, 1, 2, 3, 4, 5, 6, 7, 8, -1, -1, -1, 9, 10, 11, 12, -1, -1, 13, 14, -1, -1, -1, -1];
    cases.push({ label: `UNIDIRECTIONAL_SEQUENCE_LSTM ${label}`, tensors, op: { kind: "UNIDIRECTIONAL_SEQUENCE_LSTM", inputs: operands, options: { cellClip: o.cellClip ?? 0, timeMajor } } });
  };
  lstm("batch 1, 5 steps, 8 inputs, 6 units, cell 2^-11", 1, 5, 8, 6, 2 ** -11);
  lstm("batch 2, 4 steps, time-major, cell 2^-12, cell clip 3", 2, 4, 5, 7, 2 ** -12, { timeMajor: true, cellClip: 3 });
  lstm("batch 2, 3 steps, cell 2^-15 (tanh by a right shift)", 2, 3, 6, 4, 2 ** -15);
  lstm("batch 1, 6 steps, 10 inputs, 12 units, cell 2^-9, cell clip 0.9", 1, 6, 10, 12, 2 ** -9, { cellClip: 0.9 });
  lstm("16x8, batch 2, 4 steps, cell 2^-11", 2, 4, 8, 6, 2 ** -11, { wide: true });
  lstm("16x8, batch 1, 5 steps, time-major, cell 2^-12, cell clip 2.5", 1, 5, 6, 9, 2 ** -12, { wide: true, timeMajor: true, cellClip: 2.5 });
  return cases.map(buildCase);
}
