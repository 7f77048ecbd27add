import { floatActivationRange, quantizedActivationRange } from '../activationRange.js';
import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../fixedPoint.js';
import type { Activation } from '../Operator.js';
import { floatBinary } from './add.js';
import type { GatherIndices } from './broadcast.js';
import { binaryOperands } from './broadcast.js';
import type { OpContext, OpRunner } from './OpContext.js';

/** Fixed-point parameters of an int8 MUL (TFLM CalculateOpDataMul). */
export interface MulParams {
  input1Offset: number;
  input2Offset: number;
  outputOffset: number;
  /** s1 * s2 / so, quantized (double arithmetic). */
  outputMultiplier: number;
  outputShift: number;
  actMin: number;
  actMax: number;
}

export function mulParams(s1: number, z1: number, s2: number, z2: number, so: number, zo: number, activation: Activation, int16 = false): MulParams {
  const m = quantizeMultiplier((s1 * s2) / so);
  const [actMin, actMax] = int16 ? quantizedActivationRange(activation, so, zo, -32768, 32767) : quantizedActivationRange(activation, so, zo);
  return { input1Offset: -z1, input2Offset: -z2, outputOffset: zo, outputMultiplier: m.multiplier, outputShift: m.shift, actMin, actMax };
}

/**
 * Reference int8 MUL (TFLite MulElementwise / BroadcastMul6DSlow): the
 * product of the offset inputs (at most 2^16 in magnitude) rescaled once,
 * offset and clamped. Output element i reads a[first[i]] and b[second[i]] (null: element i of both).
 */
export function mulInt8(p: MulParams, idx: GatherIndices | null, a: Int8Array | Int16Array, b: Int8Array | Int16Array, output: Int8Array | Int16Array): void {
  for (let i = 0; i < output.length; i++) {
    const x = a[idx === null ? i : idx.first[i]] + p.input1Offset;
    const y = b[idx === null ? i : idx.second[i]] + p.input2Offset;
    const v = multiplyByQuantizedMultiplier(x * y, p.outputMultiplier, p.outputShift) + p.outputOffset;
    output[i] = v < p.actMin ? p.actMin : v > p.actMax ? p.actMax : v;
  }
}

export function prepareMul(ctx: OpContext, activation: Activation): OpRunner {
  const { dtype, i1, i2, o, strides, idx, count } = binaryOperands(ctx, true);
  if (dtype === 'float32') {
    const [lo, hi] = floatActivationRange(activation);
    return (buf) => floatBinary((x, y) => x * y, idx, lo, hi, buf[i1] as Float32Array, buf[i2] as Float32Array, buf[o] as Float32Array);
  }
  const qa = ctx.affine(ctx.input(0)), qb = ctx.affine(ctx.input(1)), qo = ctx.affine(ctx.output());
  if (dtype === 'int16') {
    // The 16x8 scheme's MUL (TFLM requires zero points of 0); interpreter only.
    if (qa.zeroPoint !== 0 || qb.zeroPoint !== 0 || qo.zeroPoint !== 0) ctx.fail('int16 MUL needs zero points of 0 (TFLite\'s 16x8 scheme)');
    const p16 = mulParams(qa.scale, 0, qb.scale, 0, qo.scale, 0, activation, true);
    return (buf) => mulInt8(p16, idx, buf[i1] as Int16Array, buf[i2] as Int16Array, buf[o] as Int16Array);
  }
  const p = mulParams(qa.scale, qa.zeroPoint, qb.scale, qb.zeroPoint, qo.scale, qo.zeroPoint, activation);
  ctx.plan = { kernel: 'binary', op: 'mul', input1: i1, input2: i2, output: o, count, broadcast: strides, p };
  return (buf) => mulInt8(p, idx, buf[i1] as Int8Array, buf[i2] as Int8Array, buf[o] as Int8Array);
}
