import { elementCount } from '../Graph.js';
import { quantizedActivationRange } from '../activationRange.js';
import { multiplyByQuantizedMultiplier, quantizeMultiplier, roundHalfAway } from '../fixedPoint.js';
import type { OpContext, OpRunner } from './OpContext.js';

/** Requantize int8 (or int16) values to another scale and zero point, clamped to [lo, hi]. */
export function requantizeInt8(
  input: Int8Array | Int16Array, inputZeroPoint: number, multiplier: number, shift: number, outputZeroPoint: number,
  lo: number, hi: number, output: Int8Array | Int16Array,
): void {
  for (let i = 0; i < input.length; i++) {
    const v = multiplyByQuantizedMultiplier(input[i] - inputZeroPoint, multiplier, shift) + outputZeroPoint;
    output[i] = v < lo ? lo : v > hi ? hi : v;
  }
}

/** float32 -> int8 (or int16): round(x / scale) + zeroPoint, clamped (TFLite AffineQuantize; the division is float32). */
export function quantizeFloat(input: Float32Array, scale: number, zeroPoint: number, output: Int8Array | Int16Array): void {
  const [lo, hi] = output instanceof Int16Array ? [-32768, 32767] : [-128, 127];
  for (let i = 0; i < input.length; i++) {
    const v = roundHalfAway(Math.fround(input[i] / scale)) + zeroPoint;
    output[i] = Math.max(lo, Math.min(hi, v));
  }
}

/** int8 (or int16) -> float32: scale * (q - zeroPoint), computed in double then rounded (TFLite Dequantize). */
export function dequantizeInt8(input: Int8Array | Int16Array, scale: number, zeroPoint: number, output: Float32Array): void {
  for (let i = 0; i < input.length; i++) output[i] = scale * (input[i] - zeroPoint);
}

/**
 * RELU, RELU6, QUANTIZE and DEQUANTIZE: elementwise ops whose int8 form is a
 * requantization (TFLite ReluPrepare, QuantizePrepare) followed by a clamp;
 * RELU6's is a clamp alone, as in TFLM.
 */
export function prepareElementwise(ctx: OpContext, kind: 'RELU' | 'RELU6' | 'QUANTIZE' | 'DEQUANTIZE'): OpRunner {
  const [input, out] = [ctx.input(0), ctx.output()];
  if (input.shape.join() !== out.shape.join()) ctx.fail(`input [${input.shape.join(', ')}] and output [${out.shape.join(', ')}] differ`);
  const [i, o] = [ctx.inputIndex(0), ctx.outputIndex()];
  if (kind === 'QUANTIZE') {
    if (out.dtype !== 'int8' && out.dtype !== 'int16') ctx.fail(`QUANTIZE to ${out.dtype} is not supported (int8 or int16)`, 'unsupported');
    const qo = ctx.affine(out);
    if (input.dtype === 'float32') return (buf) => quantizeFloat(buf[i] as Float32Array, qo.scale, qo.zeroPoint, buf[o] as Int8Array | Int16Array);
    if (input.dtype !== 'int8' && input.dtype !== 'int16') ctx.fail(`QUANTIZE from ${input.dtype} is not supported`, 'unsupported');
    const qi = ctx.affine(input);
    const m = quantizeMultiplier(qi.scale / qo.scale);
    const [lo, hi] = out.dtype === 'int16' ? [-32768, 32767] : [-128, 127];
    // int16 on either side runs in the interpreter only (planOperator refuses it).
    ctx.plan = { kernel: 'requantize', input: i, output: o, count: elementCount(input.shape), inputZeroPoint: qi.zeroPoint, multiplier: m.multiplier, shift: m.shift, outputZeroPoint: qo.zeroPoint, actMin: lo, actMax: hi };
    return (buf) => requantizeInt8(buf[i] as Int8Array | Int16Array, qi.zeroPoint, m.multiplier, m.shift, qo.zeroPoint, lo, hi, buf[o] as Int8Array | Int16Array);
  }
  if (kind === 'DEQUANTIZE') {
    if ((input.dtype !== 'int8' && input.dtype !== 'int16') || out.dtype !== 'float32') ctx.fail(`DEQUANTIZE from ${input.dtype} to ${out.dtype} is not supported`, 'unsupported');
    const qi = ctx.affine(input);
    return (buf) => dequantizeInt8(buf[i] as Int8Array | Int16Array, qi.scale, qi.zeroPoint, buf[o] as Float32Array);
  }
  const dtype = ctx.sameDType([input, out], ['int8', 'float32']);
  if (dtype === 'float32') {
    const hi = kind === 'RELU6' ? 6 : Infinity;
    return (buf) => {
      const x = buf[i] as Float32Array, y = buf[o] as Float32Array;
      for (let k = 0; k < x.length; k++) y[k] = Math.min(hi, Math.max(0, x[k]));
    };
  }
  const qi = ctx.affine(input), qo = ctx.affine(out);
  if (kind === 'RELU6') {
    // TFLM's Relu6Prepare: no rescaling, a clamp to [input zero point,
    // quantized 6] in the input's own quantization, whatever the output's is
    // (an identity multiplier: 2^30 with shift 1 is exactly 1).
    const six = Math.max(-128, Math.min(127, roundHalfAway(Math.fround(6 / qi.scale)) + qi.zeroPoint));
    ctx.plan = { kernel: 'requantize', input: i, output: o, count: elementCount(input.shape), inputZeroPoint: qi.zeroPoint, multiplier: 2 ** 30, shift: 1, outputZeroPoint: qi.zeroPoint, actMin: qi.zeroPoint, actMax: six };
    return (buf) => requantizeInt8(buf[i] as Int8Array, qi.zeroPoint, 2 ** 30, 1, qi.zeroPoint, qi.zeroPoint, six, buf[o] as Int8Array);
  }
  // TFLite ReluPrepare divides the float32 scales in float32
  const m = quantizeMultiplier(Math.fround(qi.scale / qo.scale));
  const [lo, hi] = quantizedActivationRange(kind, qo.scale, qo.zeroPoint);
  ctx.plan = { kernel: 'requantize', input: i, output: o, count: elementCount(input.shape), inputZeroPoint: qi.zeroPoint, multiplier: m.multiplier, shift: m.shift, outputZeroPoint: qo.zeroPoint, actMin: lo, actMax: hi };
  return (buf) => requantizeInt8(buf[i] as Int8Array, qi.zeroPoint, m.multiplier, m.shift, qo.zeroPoint, lo, hi, buf[o] as Int8Array);
}
