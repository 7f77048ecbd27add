import type { OpContext, OpRunner } from './OpContext.js';
import { prepareRelabel } from './reshape.js';

/**
 * EXPAND_DIMS (TFLM expand_dims.cc): inserts a size-1 dimension at the axis
 * its constant int32 second input holds (negative counts from the end, -1
 * appending); the data is copied unchanged.
 */
export function prepareExpandDims(ctx: OpContext): OpRunner {
  const [input, out] = [ctx.input(0), ctx.output()];
  const axes = ctx.constant<Int32Array>(1, 'int32');
  if (axes.length !== 1) ctx.fail(`the axis input holds ${axes.length} values; it must hold one`);
  const rank = input.shape.length;
  const axis = axes[0] < 0 ? axes[0] + rank + 1 : axes[0];
  if (axis < 0 || axis > rank) ctx.fail(`axis ${axes[0]} is outside [${-rank - 1}, ${rank}] for an input of rank ${rank}`);
  const expected = [...input.shape.slice(0, axis), 1, ...input.shape.slice(axis)];
  if (expected.join() !== out.shape.join()) ctx.fail(`expanding [${input.shape.join(', ')}] at axis ${axes[0]} gives [${expected.join(', ')}], but the output is [${out.shape.join(', ')}]`);
  return prepareRelabel(ctx);
}
