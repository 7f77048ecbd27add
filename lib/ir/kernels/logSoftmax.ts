import {
  expOnNegativeValues, logXForXGreaterThanOrEqualTo1, multiplyByQuantizedMultiplier, quantizeMultiplier, roundingDivideByPot,
} from '../fixedPoint.js';
import type { OpContext, OpRunner } from './OpContext.js';
import { softmaxParams } from './softmax.js';

/** Integer bits of the scaled input difference (Q5.26), of the sum of exponentials (Q12.19) and of the output (Q4.27). */
const INPUT_INTEGER_BITS = 5, ACCUMULATION_INTEGER_BITS = 12, OUTPUT_INTEGER_BITS = 4;

/** Fixed-point parameters of an int8 LOG_SOFTMAX (TFLite PreprocessLogSoftmaxScalingExp, beta 1). */
export interface LogSoftmaxParams {
  inputMultiplier: number;
  inputLeftShift: number;
  /** The inverse of the input scaling, to bring the log-sum back to input units. */
  reverseScalingDivisor: number;
  reverseScalingShift: number;
  diffMin: number;
}

export function logSoftmaxParams(inputScale: number): LogSoftmaxParams {
  const s = softmaxParams(1, inputScale);
  const reverse = quantizeMultiplier(2 ** (31 - s.inputLeftShift) / s.inputMultiplier);
  return { inputMultiplier: s.inputMultiplier, inputLeftShift: s.inputLeftShift, reverseScalingDivisor: reverse.multiplier, reverseScalingShift: reverse.shift, diffMin: s.diffMin };
}

/**
 * Reference int8 LOG_SOFTMAX over the last axis (TFLite
 * LogSoftmaxQuantized): x - max - log(sum exp(x - max)) in Q5.26, output
 * scale 16/256 and zero point 127; entries whose difference from the maximum
 * falls below what the output can hold give -128.
 */
export function logSoftmaxInt8(p: LogSoftmaxParams, depth: number, input: Int8Array, output: Int8Array): void {
  for (let row = 0; row < input.length; row += depth) {
    let max = -128;
    for (let c = 0; c < depth; c++) max = Math.max(max, input[row + c]);
    let sum = 0;
    for (let c = 0; c < depth; c++) {
      const diff = input[row + c] - max;
      if (diff >= p.diffMin) {
        const q5 = multiplyByQuantizedMultiplier(diff, p.inputMultiplier, p.inputLeftShift);
        sum = (sum + roundingDivideByPot(expOnNegativeValues(q5, INPUT_INTEGER_BITS), ACCUMULATION_INTEGER_BITS)) | 0;
      }
    }
    const logSum = logXForXGreaterThanOrEqualTo1(sum, ACCUMULATION_INTEGER_BITS);
    const shifted = (logSum - 2 ** 31) | 0;
    const adjustedDiffMin = Math.max(p.diffMin - 1, multiplyByQuantizedMultiplier(shifted, p.reverseScalingDivisor, p.reverseScalingShift));
    for (let c = 0; c < depth; c++) {
      const diff = input[row + c] - max;
      if (diff > adjustedDiffMin) {
        const q5 = multiplyByQuantizedMultiplier(diff, p.inputMultiplier, p.inputLeftShift);
        const v = roundingDivideByPot((q5 - logSum) | 0, 31 - INPUT_INTEGER_BITS - OUTPUT_INTEGER_BITS) + 127;
        output[row + c] = Math.max(-128, Math.min(127, v));
      } else {
        output[row + c] = -128;
      }
    }
  }
}

export function prepareLogSoftmax(ctx: OpContext): OpRunner {
  const [input, out] = [ctx.input(0), ctx.output()];
  if (input.shape.join() !== out.shape.join()) ctx.fail(`input [${input.shape.join(', ')}] and output [${out.shape.join(', ')}] differ`);
  const dtype = ctx.sameDType([input, out], ['int8', 'float32']);
  const depth = input.shape.at(-1) ?? 1;
  const [i, o] = [ctx.inputIndex(0), ctx.outputIndex()];
  if (dtype === 'float32') {
    return (buf) => {
      const x = buf[i] as Float32Array, y = buf[o] as Float32Array;
      for (let row = 0; row < x.length; row += depth) {
        let max = -Infinity, sum = 0;
        for (let c = 0; c < depth; c++) max = Math.max(max, x[row + c]);
        for (let c = 0; c < depth; c++) sum += Math.exp(x[row + c] - max);
        for (let c = 0; c < depth; c++) y[row + c] = x[row + c] - max - Math.log(sum);
      }
    };
  }
  const qo = ctx.affine(out);
  // TFLM requires exactly this output quantization (log-probabilities in [-16, 0)).
  if (qo.zeroPoint !== 127 || qo.scale !== 16 / 256) ctx.fail(`int8 log-softmax output must have scale 16/256 and zero point 127, not ${qo.scale} and ${qo.zeroPoint}`);
  let p: LogSoftmaxParams;
  try {
    p = logSoftmaxParams(ctx.affine(input).scale);
  } catch (e) {
    return ctx.fail((e as Error).message);
  }
  const rows = input.shape.reduce((a, d) => a * d, 1) / Math.max(1, depth);
  ctx.plan = { kernel: 'log_softmax', input: i, output: o, depth, rows, p };
  return (buf) => logSoftmaxInt8(p, depth, buf[i] as Int8Array, buf[o] as Int8Array);
}
