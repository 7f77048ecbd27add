import type { StridedSliceOptions } from '../Operator.js';
import { MAX_BROADCAST_RANK } from './broadcast.js';
import type { OpContext, OpRunner } from './OpContext.js';
import { expectShape, indexInput } from './slice.js';
import { boxPart, prepareStridedCopy } from './stridedCopy.js';

const LOWEST = -(2 ** 31), HIGHEST = 2 ** 31 - 1;
const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/**
 * STRIDED_SLICE (TFLM strided_slice.cc, TFLite's StartForAxis/StopForAxis):
 * per axis a start and stop (negative counting from the end; a masked begin or
 * end takes the whole axis in the step's direction; clamped to the axis) and a
 * non-zero step; shrunk axes keep one element and leave the output shape.
 * Ellipsis and new-axis masks are refused, as TFLM refuses them, and so is
 * the offset option, which TFLM ignores.
 */
export function prepareStridedSlice(ctx: OpContext, o: StridedSliceOptions): OpRunner {
  const shape = ctx.input(0).shape;
  const rank = shape.length;
  if (rank > MAX_BROADCAST_RANK - 1) ctx.fail(`rank ${rank} is above the 5 STRIDED_SLICE supports`, 'unsupported');
  if (o.ellipsisMask !== 0 || o.newAxisMask !== 0) ctx.fail('ellipsis and new-axis masks are not supported (nor by TFLite Micro)', 'unsupported');
  // TFLite reads end as an offset from begin here; TFLM ignores the flag and would slice elsewhere, so neither answer is safe.
  if (o.offset) ctx.fail('the offset option (end relative to begin) is not supported: TFLite Micro ignores it, so the model would compute different slices there', 'unsupported');
  const begin = indexInput(ctx, 1), endIn = indexInput(ctx, 2), steps = indexInput(ctx, 3);
  if ([begin, endIn, steps].some((v) => v.length !== rank)) ctx.fail(`begin, end and strides must have ${rank} entries, one per input axis`);
  const end = endIn;
  const starts: number[] = [], lengths: number[] = [], outShape: number[] = [];
  for (let d = 0; d < rank; d++) {
    const n = shape[d], step = steps[d];
    if (step === 0) ctx.fail(`axis ${d}: the stride must not be 0`);
    const bit = 1 << d;
    let start = o.beginMask & bit ? (step > 0 ? LOWEST : HIGHEST) : begin[d];
    if (start < 0) start += n;
    start = step > 0 ? clamp(start, 0, n) : clamp(start, -1, n - 1);
    const shrink = (o.shrinkAxisMask & bit) !== 0;
    let stop: number;
    if (shrink) {
      stop = start + 1;
    } else {
      stop = o.endMask & bit ? (step > 0 ? HIGHEST : LOWEST) : end[d];
      if (stop < 0) stop += n;
      stop = step > 0 ? clamp(stop, 0, n) : clamp(stop, -1, n - 1);
    }
    const length = Math.max(0, Math.ceil(Math.fround((stop - start) / step)));
    starts.push(start);
    lengths.push(length);
    if (!shrink) outShape.push(length);
  }
  expectShape(ctx, ctx.outputIndex(), outShape, `strided slice of [${shape.join(', ')}] from [${begin.join(', ')}] to [${end.join(', ')}] by [${steps.join(', ')}]`);
  return prepareStridedCopy(ctx, [boxPart(shape, starts, steps, lengths, ctx.outputIndex())]);
}
