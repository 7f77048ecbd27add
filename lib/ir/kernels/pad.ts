import type { TensorData } from '../Graph.js';
import type { OpContext, OpRunner } from './OpContext.js';

/**
 * Reference PAD: constant padding with the output's zero point (int8) or 0
 * (float32). paddings is an int32 [rank, 2] constant of (before, after) per
 * axis, all >= 0.
 */
export function pad(
  input: TensorData, inShape: number[], paddings: Int32Array, padValue: number, output: TensorData, outShape: number[],
): void {
  (output as Int8Array).fill(padValue);
  const rank = inShape.length;
  const inStrides = strides(inShape);
  const outStrides = strides(outShape);
  const index = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < input.length; flat++) {
    let rest = flat;
    let target = 0;
    for (let d = 0; d < rank; d++) {
      index[d] = Math.floor(rest / inStrides[d]);
      rest -= index[d] * inStrides[d];
      target += (index[d] + paddings[2 * d]) * outStrides[d];
    }
    (output as Int8Array)[target] = (input as Int8Array)[flat];
  }
}

export function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1] * shape[d + 1];
  return s;
}

export function preparePad(ctx: OpContext): OpRunner {
  const [input, out] = [ctx.input(0), ctx.output()];
  const dtype = ctx.sameDType([input, out], ['int8', 'float32']);
  const paddings = ctx.constant<Int32Array>(1, 'int32');
  const rank = input.shape.length;
  if (paddings.length !== 2 * rank) ctx.fail(`paddings hold ${paddings.length} values; a rank-${rank} input needs ${2 * rank}`);
  if (paddings.some((p) => p < 0)) ctx.fail(`paddings must be >= 0, got [${Array.from(paddings).join(', ')}]`);
  const expected = input.shape.map((d, i) => d + paddings[2 * i] + paddings[2 * i + 1]);
  if (expected.join() !== out.shape.join()) ctx.fail(`output shape is [${out.shape.join(', ')}] but padding gives [${expected.join(', ')}]`);
  let padValue = 0;
  if (dtype === 'int8') {
    const qi = ctx.affine(input), qo = ctx.affine(out);
    if (qi.scale !== qo.scale || qi.zeroPoint !== qo.zeroPoint) ctx.fail('int8 PAD needs the same scale and zero point on input and output');
    padValue = qo.zeroPoint;
  }
  const [i, o] = [ctx.inputIndex(0), ctx.outputIndex()];
  if (dtype === 'int8') ctx.plan = { kernel: 'pad', input: i, output: o, inShape: [...input.shape], outShape: [...out.shape], before: input.shape.map((_, d) => paddings[2 * d]), padValue };
  return (buf) => pad(buf[i], input.shape, paddings, padValue, buf[o], out.shape);
}
