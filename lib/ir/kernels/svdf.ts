import { floatActivationRange } from '../activationRange.js';
import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../fixedPoint.js';
import type { Activation } from '../Operator.js';
import type { OpContext, OpRunner } from './OpContext.js';

/**
 * Sizes of an SVDF layer: `batch` rows of `inputSize` features, `filters`
 * rank-1 filters of `memory` time steps, summed `rank` at a time into
 * `units` outputs. The state holds [batch, filters * memory] values, each
 * filter's memory oldest first.
 */
export interface SvdfGeometry {
  batch: number;
  inputSize: number;
  filters: number;
  memory: number;
  rank: number;
  units: number;
}

/** Fixed-point parameters of an int8 SVDF (TFLM PrepareSvdf). */
export interface SvdfParams {
  inputZeroPoint: number;
  stateZeroPoint: number;
  outputZeroPoint: number;
  /** s_in * s_feature / s_state (float32 arithmetic, quantized as a double). */
  featureMultiplier: number;
  featureShift: number;
  /** s_state * s_time / s_out. */
  outputMultiplier: number;
  outputShift: number;
  /** The state's clamp: its dtype's range (int16, or int8). */
  stateMin: number;
  stateMax: number;
}

/**
 * Reference int8 SVDF (TFLM EvalIntegerSvdfReference): the state moves one
 * step back; each filter's feature dot product, rescaled and saturated to the
 * state's dtype, becomes its newest step; each filter's time dot product over
 * its memory is summed per unit with the bias, rescaled and clamped to int8.
 * The state is updated in place and carries to the next inference; no fused
 * activation is applied (TFLM's integer kernel ignores it).
 */
export function svdfInt8(g: SvdfGeometry, p: SvdfParams, input: Int8Array, feature: Int8Array, time: Int8Array | Int16Array, bias: Int32Array | null,
  state: Int8Array | Int16Array, output: Int8Array): void {
  state.copyWithin(0, 1);
  for (let b = 0; b < g.batch; b++) {
    for (let f = 0; f < g.filters; f++) {
      let dot = 0;
      for (let c = 0; c < g.inputSize; c++) dot = (dot + feature[f * g.inputSize + c] * (input[b * g.inputSize + c] - p.inputZeroPoint)) | 0;
      const v = multiplyByQuantizedMultiplier(dot, p.featureMultiplier, p.featureShift);
      // The zero point is added after the clamp, and the store wraps to the state's dtype, as in TFLM.
      state[(b * g.filters + f) * g.memory + g.memory - 1] = p.stateZeroPoint + Math.min(p.stateMax, Math.max(p.stateMin, v));
    }
  }
  for (let b = 0; b < g.batch; b++) {
    for (let u = 0; u < g.units; u++) {
      let acc = bias === null ? 0 : bias[u];
      for (let r = 0; r < g.rank; r++) {
        const f = u * g.rank + r;
        let dot = 0;
        for (let m = 0; m < g.memory; m++) dot = (dot + time[f * g.memory + m] * (state[(b * g.filters + f) * g.memory + m] - p.stateZeroPoint)) | 0;
        acc = (acc + dot) | 0;
      }
      const v = multiplyByQuantizedMultiplier(acc, p.outputMultiplier, p.outputShift) + p.outputZeroPoint;
      output[b * g.units + u] = v < -128 ? -128 : v > 127 ? 127 : v;
    }
  }
}

function svdfFloat(g: SvdfGeometry, lo: number, hi: number, input: Float32Array, feature: Float32Array, time: Float32Array, bias: Float32Array | null, state: Float32Array, output: Float32Array): void {
  state.copyWithin(0, 1);
  for (let b = 0; b < g.batch; b++) {
    for (let f = 0; f < g.filters; f++) {
      let dot = 0;
      for (let c = 0; c < g.inputSize; c++) dot += feature[f * g.inputSize + c] * input[b * g.inputSize + c];
      state[(b * g.filters + f) * g.memory + g.memory - 1] = dot;
    }
    for (let u = 0; u < g.units; u++) {
      let acc = bias === null ? 0 : bias[u];
      for (let r = 0; r < g.rank; r++) {
        const f = u * g.rank + r;
        for (let m = 0; m < g.memory; m++) acc += time[f * g.memory + m] * state[(b * g.filters + f) * g.memory + m];
      }
      output[b * g.units + u] = Math.min(hi, Math.max(lo, acc));
    }
  }
}

/**
 * SVDF (TFLM svdf.cc): inputs [input [batch, features], weights_feature
 * [filters, features], weights_time [filters, memory], bias [units] (or -1),
 * state [batch, filters * memory] (a variable tensor)]; output [batch, units]
 * with units = filters / rank. int8 takes int16 or int8 time weights and state.
 */
export function prepareSvdf(ctx: OpContext, rank: number, activation: Activation): OpRunner {
  const [input, feature, time, out] = [ctx.input(0), ctx.input(1), ctx.input(2), ctx.output()];
  const state = ctx.input(4);
  if (state.variable !== true) ctx.fail(`the state input ${state.name} must be a variable tensor (it carries the memory between inferences)`);
  const [batch, inputSize] = ctx.rank(input, 2);
  const [filters, featureSize] = ctx.rank(feature, 2);
  const [timeFilters, memory] = ctx.rank(time, 2);
  if (featureSize !== inputSize) ctx.fail(`weights_feature has ${featureSize} columns but the input has ${inputSize} features`);
  if (timeFilters !== filters) ctx.fail(`weights_time has ${timeFilters} rows but there are ${filters} filters`);
  if (!(Number.isInteger(rank) && rank >= 1 && filters % rank === 0)) ctx.fail(`rank ${rank} must be a positive divisor of the ${filters} filters`);
  const units = filters / rank;
  if (ctx.rank(out, 2).join() !== [batch, units].join()) ctx.fail(`output is [${out.shape.join(', ')}] but the layer gives [${batch}, ${units}]`);
  if (ctx.rank(state, 2).join() !== [batch, filters * memory].join()) ctx.fail(`state is [${state.shape.join(', ')}] but must be [${batch}, ${filters * memory}]`);
  if (ctx.hasInput(3) && ctx.input(3).shape.reduce((a, d) => a * d, 1) !== units) ctx.fail(`bias has shape [${ctx.input(3).shape.join(', ')}] for ${units} units`);
  const g: SvdfGeometry = { batch, inputSize, filters, memory, rank, units };
  const [i, s, o] = [ctx.inputIndex(0), ctx.inputIndex(4), ctx.outputIndex()];
  if (input.dtype === 'float32') {
    ctx.sameDType([input, feature, time, state, out], ['float32']);
    const [lo, hi] = floatActivationRange(activation);
    const [w1, w2] = [ctx.constant<Float32Array>(1, 'float32'), ctx.constant<Float32Array>(2, 'float32')];
    const bias = ctx.hasInput(3) ? ctx.constant<Float32Array>(3, 'float32') : null;
    return (buf) => svdfFloat(g, lo, hi, buf[i] as Float32Array, w1, w2, bias, buf[s] as Float32Array, buf[o] as Float32Array);
  }
  ctx.sameDType([input, feature, out], ['int8']);
  if (time.dtype !== state.dtype || (time.dtype !== 'int16' && time.dtype !== 'int8')) ctx.fail(`weights_time and the state must both be int16 or both int8, not ${time.dtype} and ${state.dtype}`);
  const w1 = ctx.constant<Int8Array>(1, 'int8');
  const w2 = ctx.constant<Int8Array | Int16Array>(2, time.dtype);
  const bias = ctx.hasInput(3) ? ctx.constant<Int32Array>(3, 'int32') : null;
  const [qi, qf, qt, qs, qo] = [input, feature, time, state, out].map((t) => ctx.affine(t));
  const f = Math.fround;
  if (bias !== null) {
    // TFLM refuses a bias whose scale is not the state's times the time weights'.
    const bs = ctx.input(3).quantization?.scale[0] ?? 0;
    if (!(Math.abs(bs - f(qs.scale * qt.scale)) < 1e-5)) ctx.fail(`the bias scale ${bs} must equal the state's times weights_time's, ${f(qs.scale * qt.scale)}`);
  }
  const m1 = quantizeMultiplier(f(f(qi.scale * qf.scale) / qs.scale));
  const m2 = quantizeMultiplier(f(f(qs.scale * qt.scale) / qo.scale));
  const [stateMin, stateMax] = state.dtype === 'int16' ? [-32768, 32767] : [-128, 127];
  const p: SvdfParams = {
    inputZeroPoint: qi.zeroPoint, stateZeroPoint: qs.zeroPoint, outputZeroPoint: qo.zeroPoint,
    featureMultiplier: m1.multiplier, featureShift: m1.shift, outputMultiplier: m2.multiplier, outputShift: m2.shift, stateMin, stateMax,
  };
  ctx.plan = { kernel: 'svdf', input: i, feature: ctx.inputIndex(1), time: ctx.inputIndex(2), bias: ctx.hasInput(3) ? ctx.inputIndex(3) : -1, state: s, output: o, stateBits: state.dtype === 'int16' ? 16 : 8, g, p };
  return (buf) => svdfInt8(g, p, buf[i] as Int8Array, w1, w2, bias, buf[s] as Int8Array | Int16Array, buf[o] as Int8Array);
}
