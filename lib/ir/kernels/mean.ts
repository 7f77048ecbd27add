import type { QuantizedMultiplier } from '../fixedPoint.js';
import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../fixedPoint.js';
import type { OpContext, OpRunner } from './OpContext.js';
import { strides } from './pad.js';

/**
 * Map each input element to its output element for a reduction over `axes`.
 * Returns, per input flat index, the output flat index.
 */
function reductionMap(shape: number[], axes: Set<number>): { map: Int32Array; outCount: number; perOutput: number } {
  const s = strides(shape);
  const outShape = shape.map((d, i) => (axes.has(i) ? 1 : d));
  const os = strides(outShape);
  const n = shape.reduce((a, d) => a * d, 1);
  const map = new Int32Array(n);
  for (let flat = 0; flat < n; flat++) {
    let rest = flat;
    let target = 0;
    for (let d = 0; d < shape.length; d++) {
      const i = Math.floor(rest / s[d]);
      rest -= i * s[d];
      if (!axes.has(d)) target += i * os[d];
    }
    map[flat] = target;
  }
  const outCount = outShape.reduce((a, d) => a * d, 1);
  return { map, outCount, perOutput: outCount === 0 ? 0 : n / outCount };
}

/**
 * TFLM's MEAN rescaling (reference_ops::QuantizedMeanOrSum): the multiplier of
 * in_scale / out_scale, with 1/count folded in by integer division after a
 * left shift of floor(log2 count) bits (at most 32, and at most 31 + shift so
 * the result stays a valid right shift). Not the same as quantizing
 * in_scale / (count * out_scale), which differs by one LSB now and then.
 */
export function meanMultiplier(scaleRatio: number, count: number): QuantizedMultiplier {
  const m = quantizeMultiplier(scaleRatio);
  const bits = Math.min(Math.floor(Math.log2(count)), 32, 31 + m.shift);
  return { multiplier: Number((BigInt(m.multiplier) << BigInt(bits)) / BigInt(count)), shift: m.shift - bits };
}

/**
 * Reference MEAN, or SUM when `sum`. int8: sum of (x - inZp) over the reduced
 * elements, times in_scale / (count * out_scale) as TFLM forms it
 * (meanMultiplier) for MEAN and times in_scale / out_scale for SUM, plus the
 * output zero point; float32: the plain average or sum.
 */
export function prepareMean(ctx: OpContext, keepDims: boolean, sum = false): OpRunner {
  const [input, out] = [ctx.input(0), ctx.output()];
  const dtype = ctx.sameDType([input, out], ['int8', 'float32']);
  const rank = input.shape.length;
  const axes = new Set<number>();
  for (const a of ctx.constant<Int32Array>(1, 'int32')) {
    const axis = a < 0 ? a + rank : a;
    if (axis < 0 || axis >= rank) ctx.fail(`axis ${a} is out of range for rank ${rank}`);
    axes.add(axis);
  }
  const expected = keepDims ? input.shape.map((d, i) => (axes.has(i) ? 1 : d)) : input.shape.filter((_, i) => !axes.has(i));
  if (expected.join() !== out.shape.join()) ctx.fail(`output shape is [${out.shape.join(', ')}] but the reduction gives [${expected.join(', ')}]`);
  const { map, outCount, perOutput } = reductionMap(input.shape, axes);
  const [i, o] = [ctx.inputIndex(0), ctx.outputIndex()];
  if (dtype === 'float32') {
    return (buf) => {
      const x = buf[i] as Float32Array, y = buf[o] as Float32Array;
      const sums = new Float64Array(outCount);
      for (let k = 0; k < x.length; k++) sums[map[k]] += x[k];
      for (let k = 0; k < outCount; k++) y[k] = sum ? sums[k] : sums[k] / perOutput;
    };
  }
  const qi = ctx.affine(input), qo = ctx.affine(out);
  const m = sum ? quantizeMultiplier(qi.scale / qo.scale) : meanMultiplier(qi.scale / qo.scale, perOutput);
  const sorted = [...axes].sort((a, b) => a - b);
  // The C kernel handles one contiguous block of reduced axes: [outer, reduce, inner].
  if (sorted.length > 0 && sorted[sorted.length - 1] - sorted[0] + 1 === sorted.length) {
    const span = (from: number, to: number) => input.shape.slice(from, to).reduce((a, d) => a * d, 1);
    ctx.plan = {
      kernel: 'mean', input: i, output: o, outer: span(0, sorted[0]), reduce: span(sorted[0], sorted[sorted.length - 1] + 1),
      inner: span(sorted[sorted.length - 1] + 1, rank), inputZeroPoint: qi.zeroPoint, multiplier: m.multiplier, shift: m.shift, outputZeroPoint: qo.zeroPoint,
    };
  }
  return (buf) => {
    const x = buf[i] as Int8Array, y = buf[o] as Int8Array;
    const sums = new Int32Array(outCount);
    for (let k = 0; k < x.length; k++) sums[map[k]] += x[k] - qi.zeroPoint;
    for (let k = 0; k < outCount; k++) {
      y[k] = Math.max(-128, Math.min(127, multiplyByQuantizedMultiplier(sums[k], m.multiplier, m.shift) + qo.zeroPoint));
    }
  };
}
