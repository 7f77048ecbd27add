import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../fixedPoint.js';
import type { AddParams } from './add.js';
import { floatBinary } from './add.js';
import type { GatherIndices } from './broadcast.js';
import { binaryOperands } from './broadcast.js';
import type { OpContext, OpRunner } from './OpContext.js';

/**
 * Quantized parameters of SQUARED_DIFFERENCE (TFLM squared_difference.cc):
 * ADD's rescaling of both inputs to twice the larger scale with 7 bits of
 * headroom (255^2 * 2^14 still fits int32), and an output multiplier of
 * (2 max scale)^2 / (2^14 output scale), which may exceed one.
 */
export function squaredDifferenceParams(s1: number, z1: number, s2: number, z2: number, so: number, zo: number): AddParams {
  const leftShift = 7;
  const twiceMax = 2 * Math.max(s1, s2);
  const m1 = quantizeMultiplier(s1 / twiceMax), m2 = quantizeMultiplier(s2 / twiceMax);
  // TFLM multiplies the int 2^14 by the float32 scale in float32: exact, a power of two.
  const mo = quantizeMultiplier((twiceMax * twiceMax) / (2 ** (2 * leftShift) * so));
  return {
    leftShift,
    input1Offset: -z1, input1Multiplier: m1.multiplier, input1Shift: m1.shift,
    input2Offset: -z2, input2Multiplier: m2.multiplier, input2Shift: m2.shift,
    outputOffset: zo, outputMultiplier: mo.multiplier, outputShift: mo.shift,
    actMin: -128, actMax: 127,
  };
}

/** Reference int8 SQUARED_DIFFERENCE: (x - y)^2 of the rescaled inputs, rescaled to the output (broadcasting as ADD). */
export function squaredDifferenceInt8(p: AddParams, idx: GatherIndices | null, a: Int8Array, b: Int8Array, output: Int8Array): void {
  const lift = 2 ** p.leftShift;
  for (let i = 0; i < output.length; i++) {
    const x = multiplyByQuantizedMultiplier((a[idx === null ? i : idx.first[i]] + p.input1Offset) * lift, p.input1Multiplier, p.input1Shift);
    const y = multiplyByQuantizedMultiplier((b[idx === null ? i : idx.second[i]] + p.input2Offset) * lift, p.input2Multiplier, p.input2Shift);
    const v = multiplyByQuantizedMultiplier((x - y) * (x - y), p.outputMultiplier, p.outputShift) + p.outputOffset;
    output[i] = v < p.actMin ? p.actMin : v > p.actMax ? p.actMax : v;
  }
}

export function prepareSquaredDifference(ctx: OpContext): OpRunner {
  const { dtype, i1, i2, o, strides, idx, count } = binaryOperands(ctx);
  if (dtype === 'float32') return (buf) => floatBinary((x, y) => (x - y) * (x - y), idx, -Infinity, Infinity, buf[i1] as Float32Array, buf[i2] as Float32Array, buf[o] as Float32Array);
  const qa = ctx.affine(ctx.input(0)), qb = ctx.affine(ctx.input(1)), qo = ctx.affine(ctx.output());
  const p = squaredDifferenceParams(qa.scale, qa.zeroPoint, qb.scale, qb.zeroPoint, qo.scale, qo.zeroPoint);
  ctx.plan = { kernel: 'binary', op: 'squared_difference', input1: i1, input2: i2, output: o, count, broadcast: strides, p };
  return (buf) => squaredDifferenceInt8(p, idx, buf[i1] as Int8Array, buf[i2] as Int8Array, buf[o] as Int8Array);
}
