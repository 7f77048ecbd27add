import { multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplier64, quantizeMultiplier } from '../fixedPoint.js';
import type { OpContext, OpRunner } from './OpContext.js';
import type { MulParams } from './mul.js';
import { mulInt8, mulParams } from './mul.js';
import type { Sigmoid16Params } from './sigmoid16.js';
import { checkedLog2, logisticInt16, tanhInt16 } from './sigmoid16.js';

/** The gates in the order of TFLite's inputs: weights 1-4, recurrent weights 5-8, biases 12-15. */
const GATES = ['input', 'forget', 'cell', 'output'] as const;

/** Sizes of an LSTM: `batch` sequences of `time` steps, `inputs` features in, `units` out. */
export interface LstmGeometry {
  batch: number;
  time: number;
  inputs: number;
  units: number;
  timeMajor: boolean;
}

/** One gate's two fully connected layers into int16 at 2^-12 (Q3.12), the sigmoid or tanh input. */
interface GateParams {
  weights: Int8Array;
  weightOffset: number;
  recurrent: Int8Array;
  recurrentOffset: number;
  /** [units]: int32, or int64 in the 16x8 scheme (exact as doubles below 2^53). */
  bias: Float64Array;
  inMultiplier: number;
  inShift: number;
  recMultiplier: number;
  recShift: number;
}

/** What an integer LSTM precomputes (TFLM PrepareGateParametersInteger). */
export interface LstmParams {
  /** TFLite's 16x8 scheme: int16 activations and hidden state, int64 biases and accumulators; otherwise 8x8->16 (int32). */
  wide: boolean;
  inputOffset: number;
  hiddenOffset: number;
  gates: GateParams[];
  /** forget (Q0.15) * cell -> cell. */
  forgetMul: MulParams;
  /** input (Q0.15) * cell gate (Q0.15) -> cell. */
  inputMul: MulParams;
  /** tanh(cell) (Q0.15) * output gate (Q0.15) -> hidden (int8, or int16 when wide). */
  outputMul: MulParams;
  /** The cell state's clip in its int16 units (truncated, so possibly 0); null: none. */
  cellClip: number | null;
  /** tanh of the cell state: its power-of-two scale reaches the table. */
  cellTanh: Sigmoid16Params;
}

const Q0_15: Sigmoid16Params = { multiplier: 3, shift: 0 };
const sat16 = (v: number) => (v < -32768 ? -32768 : v > 32767 ? 32767 : v);

/**
 * One row of a gate's fully connected layer, rescaled to int16 (TFLite
 * FullyConnected with int16 output, no activation): an int32 sum that wraps,
 * or with `wide` an exact int64 one and the int64 rescale.
 */
function gateFc(wide: boolean, x: Int8Array | Int16Array, xBase: number, n: number, offset: number, w: Int8Array, wOffset: number, unit: number, bias: number, m: number, s: number): number {
  let acc = bias;
  for (let k = 0; k < n; k++) acc += (x[xBase + k] + offset) * (w[unit * n + k] + wOffset);
  return sat16(wide ? multiplyByQuantizedMultiplier64(acc, m, s) : multiplyByQuantizedMultiplier(acc | 0, m, s));
}

/**
 * Reference integer UNIDIRECTIONAL_SEQUENCE_LSTM (TFLM lstm_eval, 8x8->16 or 16x8): per
 * step and sequence, each gate is FC(input) + FC(hidden) into Q3.12,
 * saturated, then sigmoid (input, forget, output) or tanh (cell) into
 * Q0.15; cell = forget * cell + input * cell gate (int16, clipped); hidden =
 * tanh(cell) * output gate, which is also the step's output row. input
 * [batch, time, inputs] ([time, batch, inputs] when timeMajor); hidden and
 * cell [batch, units], updated in place; output [batch, time, units] (or
 * time-major). Activations and hidden state are int8 (int16 when p.wide);
 * the cell is int16.
 */
export function sequenceLstm(g: LstmGeometry, p: LstmParams, input: Int8Array | Int16Array, hidden: Int8Array | Int16Array, cell: Int16Array, output: Int8Array | Int16Array): void {
  const u = g.units;
  const act = GATES.map(() => new Int16Array(u));
  const tmp = new Int16Array(u), one = new Int16Array(1), two = new Int16Array(1), h = p.wide ? new Int16Array(1) : new Int8Array(1);
  // Sequences are independent: each row of a time-major step is the same computation as a batch-major step of one row.
  for (let b = 0; b < g.batch; b++) {
    for (let t = 0; t < g.time; t++) {
      const row = g.timeMajor ? t * g.batch + b : b * g.time + t;
      for (let k = 0; k < GATES.length; k++) {
        const q = p.gates[k];
        for (let j = 0; j < u; j++) {
          const fromInput = gateFc(p.wide, input, row * g.inputs, g.inputs, p.inputOffset, q.weights, q.weightOffset, j, q.bias[j], q.inMultiplier, q.inShift);
          const fromHidden = gateFc(p.wide, hidden, b * u, u, p.hiddenOffset, q.recurrent, q.recurrentOffset, j, 0, q.recMultiplier, q.recShift);
          tmp[j] = sat16(fromInput + fromHidden);
        }
        (GATES[k] === 'cell' ? tanhInt16 : logisticInt16)(Q0_15, tmp, act[k]);
      }
      const [ig, fg, cg, og] = act;
      for (let j = 0; j < u; j++) {
        const c = b * u + j;
        one[0] = fg[j]; two[0] = cell[c];
        mulInt8(p.forgetMul, null, one, two, two);
        const kept = two[0];
        one[0] = ig[j]; two[0] = cg[j];
        mulInt8(p.inputMul, null, one, two, two);
        let v = sat16(kept + two[0]);
        if (p.cellClip !== null) v = Math.max(-p.cellClip, Math.min(p.cellClip, v));
        cell[c] = v;
      }
      tanhInt16(p.cellTanh, cell.subarray(b * u, b * u + u), tmp);
      for (let j = 0; j < u; j++) {
        one[0] = tmp[j]; two[0] = og[j];
        mulInt8(p.outputMul, null, one, two, h);
        hidden[b * u + j] = h[0];
        output[row * u + j] = h[0];
      }
    }
  }
}

/**
 * Check an UNIDIRECTIONAL_SEQUENCE_LSTM against what TFLite Micro runs (all
 * four gates, no peepholes, projection or layer normalisation; per-tensor
 * int8 weights, an int16 cell state with a zero point of 0; int8 activations
 * with int32 biases, or TFLite's 16x8 scheme: int16 activations with zero
 * point 0 and int64 biases) and precompute its parameters.
 */
export function prepareSequenceLstm(ctx: OpContext, cellClip: number, timeMajor: boolean): OpRunner {
  const absent: Array<[number[], string]> = [[[9, 10, 11], 'peephole weights'], [[16, 17], 'a projection'], [[20, 21, 22, 23], 'layer normalisation']];
  for (const [ids, what] of absent) if (ids.some((k) => ctx.hasInput(k))) ctx.fail(`${what} (inputs ${ids.join(', ')}) are not supported, as in TFLite Micro`, 'unsupported');
  if (!ctx.hasInput(1) || !ctx.hasInput(5)) ctx.fail('it has no input gate (CIFG); TFLite Micro needs all four gates', 'unsupported');
  const input = ctx.input(0), hidden = ctx.input(18), cellT = ctx.input(19), out = ctx.output();
  if (input.dtype !== 'int8' && input.dtype !== 'int16') ctx.fail(`${input.dtype} activations: the LSTM runs int8 activations (TFLite's 8x8->16 scheme) or int16 ones (16x8)`, 'unsupported');
  const wide = input.dtype === 'int16';
  const act = wide ? 'int16' : 'int8';
  if (input.shape.length !== 3) ctx.fail(`the input must be [batch, time, inputs], not [${input.shape.join(', ')}]`);
  const [d0, d1, inputs] = input.shape;
  const [batch, time] = timeMajor ? [d1, d0] : [d0, d1];
  const units = ctx.input(2).shape[0];
  const g: LstmGeometry = { batch, time, inputs, units, timeMajor };
  for (const [t, name, dtype] of [[hidden, 'hidden state (input 18)', act], [cellT, 'cell state (input 19)', 'int16']] as const) {
    if (t.variable !== true) ctx.fail(`the ${name} must be a variable tensor (it carries the state between inferences)`);
    if (t.dtype !== dtype) ctx.fail(`the ${name} must be ${dtype}, not ${t.dtype}`);
    if (t.shape.reduce((a, d) => a * d, 1) !== batch * units) ctx.fail(`the ${name} has shape [${t.shape.join(', ')}] for ${batch} x ${units}`);
  }
  if (out.dtype !== act || out.shape.join() !== [d0, d1, units].join()) ctx.fail(`the output must be ${act} [${[d0, d1, units].join(', ')}], not ${out.dtype} [${out.shape.join(', ')}]`);
  const qx = ctx.affine(input), qh = ctx.affine(hidden), qc = ctx.affine(cellT);
  if (qc.zeroPoint !== 0) ctx.fail(`the cell state needs a zero point of 0, not ${qc.zeroPoint}`);
  if (wide && (qx.zeroPoint !== 0 || qh.zeroPoint !== 0)) ctx.fail(`int16 activations must have zero point 0 (TFLite's 16x8 scheme), not ${qx.zeroPoint} and ${qh.zeroPoint}`);
  const f = Math.fround;
  const gateInScale = 2 ** -12, gateOutScale = 2 ** -15;
  const gates = GATES.map((name, k): GateParams => {
    const weights = ctx.constant<Int8Array>(1 + k, 'int8'), recurrent = ctx.constant<Int8Array>(5 + k, 'int8');
    const bias = wide ? Float64Array.from(ctx.constant<BigInt64Array>(12 + k, 'int64'), Number) : Float64Array.from(ctx.constant<Int32Array>(12 + k, 'int32'));
    const [wt, rt] = [ctx.input(1 + k), ctx.input(5 + k)];
    if (wt.shape.join() !== [units, inputs].join()) ctx.fail(`the ${name} gate's weights are [${wt.shape.join(', ')}], not [${units}, ${inputs}]`);
    if (rt.shape.join() !== [units, units].join()) ctx.fail(`the ${name} gate's recurrent weights are [${rt.shape.join(', ')}], not [${units}, ${units}]`);
    if (bias.length !== units) ctx.fail(`the ${name} gate's bias has ${bias.length} values for ${units} units`);
    const [qw, qr] = [ctx.affine(wt), ctx.affine(rt)];
    if (wide && (qw.zeroPoint !== 0 || qr.zeroPoint !== 0)) ctx.fail(`the ${name} gate's weights must be symmetric (zero point 0) in the 16x8 scheme`);
    // TFLite GetQuantizedConvolutionMultipler: the scales' product in float32, divided in double.
    const mi = quantizeMultiplier(f(qx.scale * qw.scale) / gateInScale), mr = quantizeMultiplier(f(qh.scale * qr.scale) / gateInScale);
    return {
      weights, weightOffset: -qw.zeroPoint, recurrent, recurrentOffset: -qr.zeroPoint, bias,
      inMultiplier: mi.multiplier, inShift: mi.shift, recMultiplier: mr.multiplier, recShift: mr.shift,
    };
  });
  const power = checkedLog2(qc.scale).log2;
  // TFLM lstm_internal::Tanh: the cell's Q(15 + power) reaches the table's Q3.12 * 3 by a shift one way or the other.
  const cellTanh: Sigmoid16Params = 12 + power >= 0 ? { multiplier: 3 << (12 + power), shift: 0 } : { multiplier: 3, shift: -(12 + power) };
  const p: LstmParams = {
    wide, inputOffset: -qx.zeroPoint, hiddenOffset: -qh.zeroPoint, gates,
    forgetMul: mulParams(gateOutScale, 0, qc.scale, 0, qc.scale, 0, 'NONE', true),
    inputMul: mulParams(gateOutScale, 0, gateOutScale, 0, qc.scale, 0, 'NONE', true),
    outputMul: mulParams(gateOutScale, 0, gateOutScale, 0, qh.scale, qh.zeroPoint, 'NONE', wide),
    cellClip: cellClip > 0 ? Math.trunc(Math.min(Math.max(f(cellClip) / qc.scale, -32768), 32767)) : null,
    cellTanh,
  };
  const [i, h, c, o] = [ctx.inputIndex(0), ctx.inputIndex(18), ctx.inputIndex(19), ctx.outputIndex()];
  // The C kernel is 8x8->16 only; the 16x8 form stays in the interpreter, as the other 16x8 kernels do.
  if (!wide) {
    ctx.plan = { kernel: 'lstm', input: i, hidden: h, cell: c, output: o, g, p,
      weights: GATES.map((_, k) => ctx.inputIndex(1 + k)), recurrent: GATES.map((_, k) => ctx.inputIndex(5 + k)), bias: GATES.map((_, k) => ctx.inputIndex(12 + k)) };
  }
  return (buf) => sequenceLstm(g, p, buf[i] as Int8Array | Int16Array, buf[h] as Int8Array | Int16Array, buf[c] as Int16Array, buf[o] as Int8Array | Int16Array);
}
