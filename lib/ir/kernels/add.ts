import { floatActivationRange, quantizedActivationRange } from '../activationRange.js';
import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../fixedPoint.js';
import type { Activation } from '../Operator.js';
import type { GatherIndices } from './broadcast.js';
import { binaryOperands } from './broadcast.js';
import type { OpContext, OpRunner } from './OpContext.js';

/** Fixed-point parameters of an int8 ADD (TFLite PrepareGeneralSubOp/Add). */
export interface AddParams {
  /** Both inputs are shifted left by this many bits before rescaling (20 for int8). */
  leftShift: number;
  input1Offset: number; input1Multiplier: number; input1Shift: number;
  input2Offset: number; input2Multiplier: number; input2Shift: number;
  outputOffset: number; outputMultiplier: number; outputShift: number;
  actMin: number; actMax: number;
}

/**
 * Reference int8 ADD of two equal-shaped tensors (TFLite
 * reference_integer_ops::Add): each input is rescaled to a common scale of
 * twice the larger input scale, with 20 bits of headroom, summed, then
 * rescaled to the output.
 */
export function addInt8(p: AddParams, a: Int8Array, b: Int8Array, output: Int8Array): void {
  const lift = 2 ** p.leftShift;
  for (let i = 0; i < output.length; i++) {
    const x = multiplyByQuantizedMultiplier((a[i] + p.input1Offset) * lift, p.input1Multiplier, p.input1Shift);
    const y = multiplyByQuantizedMultiplier((b[i] + p.input2Offset) * lift, p.input2Multiplier, p.input2Shift);
    let v = multiplyByQuantizedMultiplier(x + y, p.outputMultiplier, p.outputShift) + p.outputOffset;
    v = v < p.actMin ? p.actMin : v > p.actMax ? p.actMax : v;
    output[i] = v;
  }
}

/** Quantized parameters of ADD from its tensors' float32 scales (double arithmetic, as TFLite). */
export function addParams(
  s1: number, z1: number, s2: number, z2: number, so: number, zo: number, activation: Activation,
): AddParams {
  return rescaledParams(s1, z1, s2, z2, so, zo, activation, (x) => x);
}

/** ADD's parameters for int16 tensors (TFLM CalculateOpDataAdd): 15 bits of headroom instead of 20, the int16 clamp. */
export function addParams16(
  s1: number, z1: number, s2: number, z2: number, so: number, zo: number, activation: Activation,
): AddParams {
  return rescaledParams(s1, z1, s2, z2, so, zo, activation, (x) => x, 15, -32768, 32767);
}

/**
 * ADD's and SUB's shared rescaling, with `round` applied to each real
 * multiplier's arithmetic (identity for ADD's doubles, Math.fround for SUB's float32).
 */
function rescaledParams(
  s1: number, z1: number, s2: number, z2: number, so: number, zo: number, activation: Activation, round: (x: number) => number,
  leftShift = 20, qmin = -128, qmax = 127,
): AddParams {
  const twiceMax = round(2 * Math.max(s1, s2));
  const m1 = quantizeMultiplier(round(s1 / twiceMax));
  const m2 = quantizeMultiplier(round(s2 / twiceMax));
  // (1 << 20) * output_scale: scaling a float32 by a power of two is exact in either precision
  const mo = quantizeMultiplier(round(twiceMax / round(2 ** leftShift * so)));
  const [actMin, actMax] = quantizedActivationRange(activation, so, zo, qmin, qmax);
  return {
    leftShift,
    input1Offset: -z1, input1Multiplier: m1.multiplier, input1Shift: m1.shift,
    input2Offset: -z2, input2Multiplier: m2.multiplier, input2Shift: m2.shift,
    outputOffset: zo, outputMultiplier: mo.multiplier, outputShift: mo.shift,
    actMin, actMax,
  };
}

/**
 * Reference int8 ADD or SUB, broadcasting (TFLite BroadcastAdd6DSlow /
 * BroadcastSubSlow): addInt8's arithmetic per element, output element i
 * reading a[first[i]] and b[second[i]] (from gatherIndices; null: element i of both).
 */
export function addSubInt8(p: AddParams, subtract: boolean, idx: GatherIndices | null, a: Int8Array | Int16Array, b: Int8Array | Int16Array, output: Int8Array | Int16Array): void {
  const lift = 2 ** p.leftShift;
  for (let i = 0; i < output.length; i++) {
    const x = multiplyByQuantizedMultiplier((a[idx === null ? i : idx.first[i]] + p.input1Offset) * lift, p.input1Multiplier, p.input1Shift);
    const y = multiplyByQuantizedMultiplier((b[idx === null ? i : idx.second[i]] + p.input2Offset) * lift, p.input2Multiplier, p.input2Shift);
    let v = multiplyByQuantizedMultiplier(subtract ? x - y : x + y, p.outputMultiplier, p.outputShift) + p.outputOffset;
    v = v < p.actMin ? p.actMin : v > p.actMax ? p.actMax : v;
    output[i] = v;
  }
}

/** A float32 binary operator over broadcast inputs (`idx` null: equal shapes), clamped to [lo, hi]. */
export function floatBinary(f: (x: number, y: number) => number, idx: GatherIndices | null, lo: number, hi: number, a: Float32Array, b: Float32Array, out: Float32Array): void {
  for (let i = 0; i < out.length; i++) {
    const v = f(a[idx === null ? i : idx.first[i]], b[idx === null ? i : idx.second[i]]);
    out[i] = Math.min(hi, Math.max(lo, v));
  }
}

/**
 * ADD and SUB: int8 through TFLite's shared rescaling (PrepareGeneralSubOp),
 * float32 directly; inputs broadcast (see checkBroadcast). An int8 ADD of
 * equal shapes keeps its own kernel (the SIMD and CMSIS-NN sets have one);
 * everything else is a `binary` plan.
 */
export function prepareAdd(ctx: OpContext, activation: Activation, subtract = false): OpRunner {
  const { dtype, i1, i2, o, strides, idx, count } = binaryOperands(ctx, !subtract);
  if (dtype === 'float32') {
    const [lo, hi] = floatActivationRange(activation);
    const f = subtract ? (x: number, y: number) => x - y : (x: number, y: number) => x + y;
    return (buf) => floatBinary(f, idx, lo, hi, buf[i1] as Float32Array, buf[i2] as Float32Array, buf[o] as Float32Array);
  }
  const qa = ctx.affine(ctx.input(0)), qb = ctx.affine(ctx.input(1)), qo = ctx.affine(ctx.output());
  if (dtype === 'int16') {
    // The 16x8 scheme's ADD: interpreter only (planOperator refuses int16).
    const p16 = addParams16(qa.scale, qa.zeroPoint, qb.scale, qb.zeroPoint, qo.scale, qo.zeroPoint, activation);
    return (buf) => addSubInt8(p16, false, idx, buf[i1] as Int16Array, buf[i2] as Int16Array, buf[o] as Int16Array);
  }
  const p = subtract
    ? subParams(qa.scale, qa.zeroPoint, qb.scale, qb.zeroPoint, qo.scale, qo.zeroPoint, activation)
    : addParams(qa.scale, qa.zeroPoint, qb.scale, qb.zeroPoint, qo.scale, qo.zeroPoint, activation);
  if (!subtract && strides === null) {
    ctx.plan = { kernel: 'add', input1: i1, input2: i2, output: o, count, p };
    return (buf) => addInt8(p, buf[i1] as Int8Array, buf[i2] as Int8Array, buf[o] as Int8Array);
  }
  ctx.plan = { kernel: 'binary', op: subtract ? 'sub' : 'add', input1: i1, input2: i2, output: o, count, broadcast: strides, p };
  return (buf) => addSubInt8(p, subtract, idx, buf[i1] as Int8Array, buf[i2] as Int8Array, buf[o] as Int8Array);
}

/**
 * Quantized parameters of SUB (TFLM CalculateOpDataSub): ADD's, except that
 * TFLM computes SUB's real multipliers in float32 before widening them.
 */
export function subParams(
  s1: number, z1: number, s2: number, z2: number, so: number, zo: number, activation: Activation,
): AddParams {
  return rescaledParams(s1, z1, s2, z2, so, zo, activation, Math.fround);
}
