import { floatActivationRange, quantizedActivationRange } from '../activationRange.js';
import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../fixedPoint.js';
import type { Activation } from '../Operator.js';
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
  const leftShift = 20;
  const twiceMax = 2 * Math.max(s1, s2);
  const m1 = quantizeMultiplier(s1 / twiceMax);
  const m2 = quantizeMultiplier(s2 / twiceMax);
  // (1 << 20) * output_scale is a float32 product in TFLite; scaling by a power of two is exact
  const mo = quantizeMultiplier(twiceMax / (2 ** leftShift * so));
  const [actMin, actMax] = quantizedActivationRange(activation, so, zo);
  return {
    leftShift,
    input1Offset: -z1, input1Multiplier: m1.multiplier, input1Shift: m1.shift,
    input2Offset: -z2, input2Multiplier: m2.multiplier, input2Shift: m2.shift,
    outputOffset: zo, outputMultiplier: mo.multiplier, outputShift: mo.shift,
    actMin, actMax,
  };
}

export function prepareAdd(ctx: OpContext, activation: Activation): OpRunner {
  const [a, b, out] = [ctx.input(0), ctx.input(1), ctx.output()];
  for (const t of [b, out]) {
    if (t.shape.join() !== a.shape.join()) ctx.fail(`shapes [${a.shape.join(', ')}] and [${t.shape.join(', ')}] differ; broadcasting ADD is not supported`, 'unsupported');
  }
  const dtype = ctx.sameDType([a, b, out], ['int8', 'float32']);
  const [i1, i2, o] = [ctx.inputIndex(0), ctx.inputIndex(1), ctx.outputIndex()];
  if (dtype === 'float32') {
    const [lo, hi] = floatActivationRange(activation);
    return (buf) => {
      const x = buf[i1] as Float32Array, y = buf[i2] as Float32Array, z = buf[o] as Float32Array;
      for (let i = 0; i < z.length; i++) z[i] = Math.min(hi, Math.max(lo, x[i] + y[i]));
    };
  }
  const qa = ctx.affine(a), qb = ctx.affine(b), qo = ctx.affine(out);
  const p = addParams(qa.scale, qa.zeroPoint, qb.scale, qb.zeroPoint, qo.scale, qo.zeroPoint, activation);
  ctx.plan = { kernel: 'add', input1: i1, input2: i2, output: o, count: a.shape.reduce((n, d) => n * d, 1), p };
  return (buf) => addInt8(p, buf[i1] as Int8Array, buf[i2] as Int8Array, buf[o] as Int8Array);
}
