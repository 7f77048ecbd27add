import type { TensorData } from '../Graph.js';
import type { OpContext, OpRunner } from './OpContext.js';

/**
 * Reference CONCATENATION along `axis`: for every outer index, the inputs'
 * blocks are copied one after another. int8 inputs must share the output's
 * quantization (TFLite's int8 kernel does not rescale).
 */
export function concatenate(inputs: TensorData[], blockSizes: number[], outer: number, output: TensorData): void {
  let o = 0;
  for (let k = 0; k < outer; k++) {
    for (let j = 0; j < inputs.length; j++) {
      const n = blockSizes[j];
      (output as Int8Array).set((inputs[j] as Int8Array).subarray(k * n, (k + 1) * n), o);
      o += n;
    }
  }
}

export function prepareConcatenation(ctx: OpContext, axisOption: number): OpRunner {
  const out = ctx.output();
  const inputs = ctx.op.inputs.map((_, j) => ctx.input(j));
  if (inputs.length === 0) ctx.fail('CONCATENATION needs at least one input');
  const dtype = ctx.sameDType([...inputs, out], ['int8', 'int16', 'float32']);
  const rank = out.shape.length;
  const axis = axisOption < 0 ? axisOption + rank : axisOption;
  if (axis < 0 || axis >= rank) ctx.fail(`axis ${axisOption} is out of range for rank ${rank}`);
  let total = 0;
  for (const t of inputs) {
    if (t.shape.length !== rank || t.shape.some((d, i) => i !== axis && d !== out.shape[i])) {
      ctx.fail(`input ${t.name} [${t.shape.join(', ')}] does not match the output [${out.shape.join(', ')}] outside axis ${axis}`);
    }
    total += t.shape[axis];
    if (dtype !== 'float32') {
      const a = ctx.affine(t), b = ctx.affine(out);
      if (a.scale !== b.scale || a.zeroPoint !== b.zeroPoint) ctx.fail(`input ${t.name} is quantized differently from the output; ${dtype} concatenation does not rescale`);
    }
  }
  if (total !== out.shape[axis]) ctx.fail(`inputs add up to ${total} along axis ${axis}, the output has ${out.shape[axis]}`);
  const inner = out.shape.slice(axis + 1).reduce((a, d) => a * d, 1);
  const outer = out.shape.slice(0, axis).reduce((a, d) => a * d, 1);
  const blockSizes = inputs.map((t) => t.shape[axis] * inner);
  const ids = inputs.map((_, j) => ctx.inputIndex(j));
  const o = ctx.outputIndex();
  if (dtype === 'int8') ctx.plan = { kernel: 'concatenation', inputs: ids, output: o, blockSizes, outer };
  return (buf) => concatenate(ids.map((id) => buf[id]), blockSizes, outer, buf[o]);
}
