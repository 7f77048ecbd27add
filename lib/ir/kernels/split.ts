import type { OpContext, OpRunner } from './OpContext.js';
import { expectShape, indexInput } from './slice.js';
import type { StridedPart } from './stridedCopy.js';
import { boxPart, prepareStridedCopy } from './stridedCopy.js';

/** An axis from a constant one-element input, negative counting from the end. */
function axisInput(ctx: OpContext, i: number, rank: number): number {
  const v = indexInput(ctx, i);
  if (v.length !== 1) ctx.fail(`the axis input holds ${v.length} values; it must hold one`);
  const axis = v[0] < 0 ? v[0] + rank : v[0];
  if (axis < 0 || axis >= rank) ctx.fail(`axis ${v[0]} is outside an input of rank ${rank}`);
  return axis;
}

/** The parts that cut `shape` along `axis` into consecutive pieces of `sizes`, one per output. */
function pieces(ctx: OpContext, shape: readonly number[], axis: number, sizes: readonly number[]): StridedPart[] {
  let at = 0;
  return sizes.map((size, k) => {
    const lengths = shape.map((n, d) => (d === axis ? size : n));
    const output = ctx.outputIndex(k);
    expectShape(ctx, output, lengths, `piece ${k} of [${shape.join(', ')}] along axis ${axis}`);
    const part = boxPart(shape, shape.map((_, d) => (d === axis ? at : 0)), shape.map(() => 1), lengths, output);
    at += size;
    return part;
  });
}

/**
 * SPLIT (TFLM split.cc): inputs [axis, data]; `numSplits` equal pieces along
 * the axis, one per output.
 */
export function prepareSplit(ctx: OpContext, numSplits: number): OpRunner {
  const shape = ctx.input(1).shape;
  const axis = axisInput(ctx, 0, shape.length);
  if (ctx.op.outputs.length !== numSplits) ctx.fail(`num_splits is ${numSplits} but the operator has ${ctx.op.outputs.length} outputs`);
  if (!(numSplits > 0) || shape[axis] % numSplits !== 0) ctx.fail(`axis ${axis} of size ${shape[axis]} does not split into ${numSplits} equal pieces`);
  return prepareStridedCopy(ctx, pieces(ctx, shape, axis, new Array<number>(numSplits).fill(shape[axis] / numSplits)), 1);
}

/**
 * SPLIT_V (TFLM split_v.cc): inputs [data, sizes, axis]; pieces of the given
 * sizes along the axis, one of them -1 for the rest.
 */
export function prepareSplitV(ctx: OpContext, numSplits: number): OpRunner {
  const shape = ctx.input(0).shape;
  const axis = axisInput(ctx, 2, shape.length);
  const sizes = indexInput(ctx, 1);
  if (sizes.length !== numSplits || ctx.op.outputs.length !== numSplits) ctx.fail(`num_splits is ${numSplits}, with ${sizes.length} sizes and ${ctx.op.outputs.length} outputs`);
  const unknown = sizes.filter((s) => s === -1).length;
  const known = sizes.filter((s) => s !== -1).reduce((a, b) => a + b, 0);
  if (unknown > 1 || sizes.some((s) => s < -1) || (unknown === 0 ? known !== shape[axis] : known > shape[axis])) {
    ctx.fail(`sizes [${sizes.join(', ')}] do not split axis ${axis} of size ${shape[axis]}`);
  }
  return prepareStridedCopy(ctx, pieces(ctx, shape, axis, sizes.map((s) => (s === -1 ? shape[axis] - known : s))));
}
