import { concatenate } from './concatenation.js';
import type { OpContext, OpRunner } from './OpContext.js';
import { expectShape } from './slice.js';

/**
 * PACK (TFLM pack.cc): `valuesCount` inputs of one shape stacked along a new
 * axis (negative counting from the end of the output); the same block copies
 * as CONCATENATION along that axis, each input one element thick. int8
 * inputs must share the output's quantization (no rescaling, as in TFLM).
 */
export function preparePack(ctx: OpContext, valuesCount: number, axisOption: number): OpRunner {
  const inputs = ctx.op.inputs.map((_, j) => ctx.input(j));
  const out = ctx.output();
  if (inputs.length === 0 || inputs.length !== valuesCount) ctx.fail(`values_count is ${valuesCount} but the operator has ${inputs.length} inputs`);
  const shape = inputs[0].shape;
  const axis = axisOption < 0 ? axisOption + shape.length + 1 : axisOption;
  if (axis < 0 || axis > shape.length) ctx.fail(`axis ${axisOption} is outside [${-shape.length - 1}, ${shape.length}]`);
  const dtype = ctx.sameDType([...inputs, out], ['int8', 'int16', 'float32']);
  for (const t of inputs) {
    if (t.shape.join() !== shape.join()) ctx.fail(`input ${t.name} is [${t.shape.join(', ')}] but ${inputs[0].name} is [${shape.join(', ')}]; PACK stacks equal shapes`);
    if (dtype !== 'float32') {
      const a = ctx.affine(t), b = ctx.affine(out);
      if (a.scale !== b.scale || a.zeroPoint !== b.zeroPoint) ctx.fail(`input ${t.name} is quantized differently from the output; ${dtype} PACK does not rescale`);
    }
  }
  expectShape(ctx, ctx.outputIndex(), [...shape.slice(0, axis), valuesCount, ...shape.slice(axis)], `stacking ${valuesCount} x [${shape.join(', ')}] on axis ${axis}`);
  const inner = shape.slice(axis).reduce((a, d) => a * d, 1);
  const outer = shape.slice(0, axis).reduce((a, d) => a * d, 1);
  const blockSizes = inputs.map(() => inner);
  const ids = inputs.map((_, j) => ctx.inputIndex(j));
  const o = ctx.outputIndex();
  if (dtype === 'int8') ctx.plan = { kernel: 'concatenation', inputs: ids, output: o, blockSizes, outer };
  return (buf) => concatenate(ids.map((id) => buf[id]), blockSizes, outer, buf[o]);
}
