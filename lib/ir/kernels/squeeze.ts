import type { OpContext, OpRunner } from './OpContext.js';
import { prepareRelabel } from './reshape.js';

/**
 * SQUEEZE (TFLM squeeze.cc): drops the listed size-1 dimensions (negative
 * counts from the end), or every size-1 dimension when the list is empty;
 * the data is copied unchanged.
 */
export function prepareSqueeze(ctx: OpContext, squeezeDims: readonly number[]): OpRunner {
  const [input, out] = [ctx.input(0), ctx.output()];
  const rank = input.shape.length;
  const drop = new Set<number>();
  for (const d of squeezeDims) {
    const axis = d < 0 ? d + rank : d;
    if (!Number.isInteger(axis) || axis < 0 || axis >= rank) ctx.fail(`squeeze dimension ${d} is outside the input's rank ${rank}`);
    if (input.shape[axis] !== 1) ctx.fail(`cannot squeeze dimension ${d}: it has size ${input.shape[axis]}, not 1`);
    drop.add(axis);
  }
  const expected = input.shape.filter((n, k) => (squeezeDims.length === 0 ? n !== 1 : !drop.has(k)));
  if (expected.join() !== out.shape.join()) ctx.fail(`squeezing [${input.shape.join(', ')}] gives [${expected.join(', ')}], but the output is [${out.shape.join(', ')}]`);
  return prepareRelabel(ctx);
}
