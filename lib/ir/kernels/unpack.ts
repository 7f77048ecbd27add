import type { OpContext, OpRunner } from './OpContext.js';
import { expectShape } from './slice.js';
import { boxPart, prepareStridedCopy } from './stridedCopy.js';

/**
 * UNPACK (TFLM unpack.cc): `num` outputs, output k being the input's index k
 * along `axis` (negative counting from the end) with that axis removed.
 */
export function prepareUnpack(ctx: OpContext, num: number, axisOption: number): OpRunner {
  const shape = ctx.input(0).shape;
  const axis = axisOption < 0 ? axisOption + shape.length : axisOption;
  if (axis < 0 || axis >= shape.length) ctx.fail(`axis ${axisOption} is outside an input of rank ${shape.length}`);
  if (shape[axis] !== num || ctx.op.outputs.length !== num) ctx.fail(`num is ${num}, axis ${axis} has ${shape[axis]} elements and the operator ${ctx.op.outputs.length} outputs; all three must agree`);
  const lengths = shape.map((n, d) => (d === axis ? 1 : n));
  const parts = Array.from({ length: num }, (_, k) => {
    const output = ctx.outputIndex(k);
    expectShape(ctx, output, shape.filter((_, d) => d !== axis), `unpacking [${shape.join(', ')}] along axis ${axis}`);
    return boxPart(shape, shape.map((_, d) => (d === axis ? k : 0)), shape.map(() => 1), lengths, output);
  });
  return prepareStridedCopy(ctx, parts);
}
