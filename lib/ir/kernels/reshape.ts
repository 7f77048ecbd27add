import { elementCount } from '../Graph.js';
import type { TensorData } from '../Graph.js';
import type { OpContext, OpRunner } from './OpContext.js';

/**
 * RESHAPE only relabels dimensions: the data is copied unchanged. The
 * requested shape (option or second input, -1 allowed once) must match the
 * output tensor's shape, and the element counts must agree.
 */
export function prepareReshape(ctx: OpContext, newShape: number[] | null): OpRunner {
  const [input, out] = [ctx.input(0), ctx.output()];
  const n = elementCount(input.shape);
  if (elementCount(out.shape) !== n) ctx.fail(`cannot reshape [${input.shape.join(', ')}] (${n} elements) to [${out.shape.join(', ')}]`);
  const requested = ctx.hasInput(1) && ctx.input(1).data !== undefined ? Array.from(ctx.constant<Int32Array>(1, 'int32')) : newShape;
  if (requested !== null && requested.length > 0) {
    const known = requested.filter((d) => d !== -1);
    const resolved = requested.map((d) => (d === -1 ? n / Math.max(1, elementCount(known)) : d));
    if (resolved.join() !== out.shape.join()) ctx.fail(`requested shape [${requested.join(', ')}] does not match the output [${out.shape.join(', ')}]`);
  }
  return prepareRelabel(ctx);
}

/**
 * The data movement of RESHAPE, SQUEEZE and EXPAND_DIMS, once each has
 * checked its output shape: a copy of the bytes, which needs the same dtype,
 * element count and quantization on both sides.
 */
export function prepareRelabel(ctx: OpContext): OpRunner {
  const [input, out] = [ctx.input(0), ctx.output()];
  if (input.dtype !== out.dtype) ctx.fail(`input is ${input.dtype} but output is ${out.dtype}`);
  const n = elementCount(input.shape);
  if (elementCount(out.shape) !== n) ctx.fail(`input [${input.shape.join(', ')}] and output [${out.shape.join(', ')}] hold different numbers of elements`);
  if (input.quantization !== undefined && out.quantization !== undefined &&
      (input.quantization.scale[0] !== out.quantization.scale[0] || input.quantization.zeroPoint[0] !== out.quantization.zeroPoint[0])) {
    ctx.fail(`input and output quantization differ; ${ctx.op.kind} cannot requantize`);
  }
  const [i, o] = [ctx.inputIndex(0), ctx.outputIndex()];
  if (input.dtype === 'int8') ctx.plan = { kernel: 'copy', input: i, output: o, bytes: n };
  return (buf) => bytesOf(buf[o]).set(bytesOf(buf[i]));
}

function bytesOf(t: TensorData): Uint8Array {
  return new Uint8Array(t.buffer, t.byteOffset, t.byteLength);
}
