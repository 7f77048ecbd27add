import { MAX_BROADCAST_RANK } from './broadcast.js';
import type { OpContext, OpRunner } from './OpContext.js';
import { boxPart, prepareStridedCopy } from './stridedCopy.js';

/** Constant int32 (or int64) index input `i` as numbers. */
export function indexInput(ctx: OpContext, i: number): number[] {
  const t = ctx.input(i);
  if (t.data === undefined) ctx.fail(`input ${i} (${t.name}) must be a constant tensor: generated code fixes the slice when it is compiled`, 'unsupported');
  if (t.dtype === 'int64') return Array.from(t.data as BigInt64Array, (v) => Number(v));
  return Array.from(ctx.constant<Int32Array>(i, 'int32'));
}

/** Require the output's shape; `what` describes how it was derived. */
export function expectShape(ctx: OpContext, output: number, shape: readonly number[], what: string): void {
  const got = ctx.graph.tensors[output].shape;
  if (got.join() !== shape.join()) ctx.fail(`${what} gives [${shape.join(', ')}], but output ${ctx.graph.tensors[output].name} is [${got.join(', ')}]`);
}

/**
 * SLICE (TFLM slice.cc): constant begin and size per axis, a size of -1
 * meaning "to the end"; the box is copied unchanged.
 */
export function prepareSlice(ctx: OpContext): OpRunner {
  const shape = ctx.input(0).shape;
  if (shape.length > MAX_BROADCAST_RANK - 1) ctx.fail(`rank ${shape.length} is above the 5 SLICE supports`, 'unsupported');
  const begin = indexInput(ctx, 1), size = indexInput(ctx, 2);
  if (begin.length !== shape.length || size.length !== shape.length) ctx.fail(`begin has ${begin.length} and size ${size.length} entries for an input of rank ${shape.length}`);
  const lengths = size.map((s, d) => (s === -1 ? shape[d] - begin[d] : s));
  shape.forEach((n, d) => {
    if (begin[d] < 0 || lengths[d] < 0 || begin[d] + lengths[d] > n) ctx.fail(`axis ${d}: begin ${begin[d]} and size ${size[d]} fall outside its ${n} elements`);
  });
  expectShape(ctx, ctx.outputIndex(), lengths, `slicing [${shape.join(', ')}] at [${begin.join(', ')}] by [${size.join(', ')}]`);
  return prepareStridedCopy(ctx, [boxPart(shape, begin, shape.map(() => 1), lengths, ctx.outputIndex())]);
}
