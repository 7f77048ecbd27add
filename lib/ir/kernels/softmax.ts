import { elementCount } from '../Graph.js';
import {
  calculateInputRadius, expOnNegativeValues, getReciprocal, multiplyByQuantizedMultiplierGreaterThanOne,
  quantizeMultiplier, roundingDivideByPot, saturatingRoundingMultiplyByPot, saturatingRoundingDoublingHighMul,
} from '../fixedPoint.js';
import type { OpContext, OpRunner } from './OpContext.js';
import { prepareSoftmax16 } from './softmax16.js';

/** Integer bits of the scaled input difference fed to exp (Q5.26), as in TFLite. */
const SCALED_DIFF_INTEGER_BITS = 5;
/** Integer bits of the running sum of exponentials (Q12.19). */
const ACCUMULATION_INTEGER_BITS = 12;

/** Fixed-point parameters of an int8 softmax (TFLite PreprocessSoftmaxScaling). */
export interface SoftmaxParams {
  inputMultiplier: number;
  inputLeftShift: number;
  /** Input differences below this contribute exp(...) = 0. */
  diffMin: number;
}

export function softmaxParams(beta: number, inputScale: number): SoftmaxParams {
  const real = Math.min(beta * inputScale * 2 ** (31 - SCALED_DIFF_INTEGER_BITS), 2 ** 31 - 1);
  // TFLM's QuantizeMultiplierGreaterThanOne aborts unless the multiplier is above one.
  if (!(real > 1)) throw new RangeError(`softmax input multiplier beta * input scale * 2^26 = ${real} must be above one (TFLM refuses it)`);
  const m = quantizeMultiplier(real);
  return {
    inputMultiplier: m.multiplier,
    inputLeftShift: m.shift,
    diffMin: -calculateInputRadius(SCALED_DIFF_INTEGER_BITS, m.shift),
  };
}

/**
 * Reference int8 SOFTMAX over the last axis (TFLite reference_ops::Softmax,
 * gemmlowp fixed point). `depth` is the last dimension; the output is
 * quantized with scale 1/256 and zero point -128.
 */
export function softmaxInt8(p: SoftmaxParams, depth: number, input: Int8Array, output: Int8Array): void {
  const scaled = new Int32Array(depth);
  for (let row = 0; row < input.length; row += depth) {
    let max = -128;
    for (let c = 0; c < depth; c++) max = Math.max(max, input[row + c]);
    let sumOfExps = 0;
    for (let c = 0; c < depth; c++) {
      const diff = input[row + c] - max;
      if (diff >= p.diffMin) {
        scaled[c] = multiplyByQuantizedMultiplierGreaterThanOne(diff, p.inputMultiplier, p.inputLeftShift);
        const e = expOnNegativeValues(scaled[c], SCALED_DIFF_INTEGER_BITS);
        sumOfExps = (sumOfExps + saturatingRoundingMultiplyByPot(e, -ACCUMULATION_INTEGER_BITS)) | 0;
      }
    }
    const { scale, bitsOverUnit } = getReciprocal(sumOfExps, ACCUMULATION_INTEGER_BITS);
    const exponent = bitsOverUnit + 31 - 8;
    for (let c = 0; c < depth; c++) {
      const diff = input[row + c] - max;
      if (diff >= p.diffMin) {
        const e = expOnNegativeValues(scaled[c], SCALED_DIFF_INTEGER_BITS);
        const unsat = roundingDivideByPot(saturatingRoundingDoublingHighMul(scale, e), exponent);
        output[row + c] = Math.max(-128, Math.min(127, unsat - 128));
      } else {
        output[row + c] = -128;
      }
    }
  }
}

/** Reference float32 SOFTMAX over the last axis: exp(beta * (x - max)) / sum. */
export function softmaxFloat(beta: number, depth: number, input: Float32Array, output: Float32Array): void {
  for (let row = 0; row < input.length; row += depth) {
    let max = -Infinity;
    for (let c = 0; c < depth; c++) max = Math.max(max, input[row + c]);
    let sum = 0;
    for (let c = 0; c < depth; c++) sum += Math.exp((input[row + c] - max) * beta);
    for (let c = 0; c < depth; c++) output[row + c] = Math.exp((input[row + c] - max) * beta) / sum;
  }
}

export function prepareSoftmax(ctx: OpContext, beta: number): OpRunner {
  const [input, out] = [ctx.input(0), ctx.output()];
  if (input.shape.length === 0) ctx.fail('softmax needs at least one dimension');
  if (input.shape.join() !== out.shape.join()) ctx.fail(`input [${input.shape.join(', ')}] and output [${out.shape.join(', ')}] differ`);
  const depth = input.shape[input.shape.length - 1];
  // TFLite's 16x8 scheme: lookup tables of exp and 1 / (1 + x), interpreter only.
  if (input.dtype === 'int16') return prepareSoftmax16(ctx, beta, depth);
  const dtype = ctx.sameDType([input, out], ['int8', 'float32']);
  const [i, o] = [ctx.inputIndex(0), ctx.outputIndex()];
  if (dtype === 'float32') return (buf) => softmaxFloat(beta, depth, buf[i] as Float32Array, buf[o] as Float32Array);
  const qo = ctx.affine(out);
  if (qo.zeroPoint !== -128 || Math.abs(qo.scale - 1 / 256) > 1e-8) {
    ctx.fail(`int8 softmax output must have scale 1/256 and zero point -128, not ${qo.scale} and ${qo.zeroPoint}`);
  }
  let p: SoftmaxParams;
  try {
    p = softmaxParams(beta, ctx.affine(input).scale);
  } catch (e) {
    return ctx.fail((e as Error).message);
  }
  const count = elementCount(input.shape);
  ctx.plan = { kernel: 'softmax', input: i, output: o, depth, rows: depth === 0 ? 0 : count / depth, p };
  return (buf) => softmaxInt8(p, depth, buf[i] as Int8Array, buf[o] as Int8Array);
}
