import type { TensorData } from '../Graph.js';
import type { Strides6 } from './broadcast.js';
import { MAX_BROADCAST_RANK, gatherIndices } from './broadcast.js';
import type { OpContext, OpRunner } from './OpContext.js';

/**
 * One output of a data-movement operator as a strided read of its input:
 * output element [i0..i5] (row-major over `strides.shape`, `count` elements)
 * is input element base + sum(i_k * strides.strides1[k]). TRANSPOSE, SLICE,
 * STRIDED_SLICE (negative steps included), SPLIT, SPLIT_V and UNPACK are all
 * this; the C runs them with one kernel.
 */
export interface StridedPart {
  output: number;
  base: number;
  count: number;
  strides: Strides6;
}

/**
 * The part that reads, along each input axis d, `lengths[d]` elements from
 * `starts[d]` in steps of `steps[d]` (negative walks backwards), into `output`.
 */
export function boxPart(inShape: readonly number[], starts: readonly number[], steps: readonly number[], lengths: readonly number[], output: number): StridedPart {
  if (inShape.length > MAX_BROADCAST_RANK) throw new RangeError(`rank ${inShape.length} is above ${MAX_BROADCAST_RANK}`);
  const lead = MAX_BROADCAST_RANK - inShape.length;
  const shape = new Array<number>(MAX_BROADCAST_RANK).fill(1), strides1 = new Array<number>(MAX_BROADCAST_RANK).fill(0);
  let step = 1, base = 0;
  for (let d = inShape.length - 1; d >= 0; d--) {
    shape[lead + d] = lengths[d];
    strides1[lead + d] = step * steps[d];
    base += starts[d] * step;
    step *= inShape[d];
  }
  return { output, base, count: lengths.reduce((a, b) => a * b, 1), strides: { shape, strides1, strides2: new Array<number>(MAX_BROADCAST_RANK).fill(0) } };
}

/**
 * Check that every output has the dtype and the quantization of the input
 * (operator input `position`; a copy cannot rescale), record the
 * `strided_copy` plan for int8, and return the runner that copies each part.
 */
export function prepareStridedCopy(ctx: OpContext, parts: readonly StridedPart[], position = 0): OpRunner {
  const input = ctx.input(position);
  const inputIndex = ctx.inputIndex(position);
  for (const p of parts) {
    const out = ctx.graph.tensors[p.output];
    if (out.dtype !== input.dtype) ctx.fail(`input is ${input.dtype} but output ${out.name} is ${out.dtype}`);
    if (!['int8', 'int16', 'float32'].includes(input.dtype)) ctx.fail(`${input.dtype} tensors are not supported (supported: int8, int16, float32)`, 'unsupported');
    const qi = input.quantization, qo = out.quantization;
    if (qi !== undefined && qo !== undefined && (qi.scale[0] !== qo.scale[0] || qi.zeroPoint[0] !== qo.zeroPoint[0])) {
      ctx.fail(`input and output ${out.name} are quantized differently; ${ctx.op.kind} copies values and cannot requantize`);
    }
  }
  if (input.dtype === 'int8') ctx.plan = { kernel: 'strided_copy', input: inputIndex, parts: [...parts] };
  const reads = parts.map((p) => ({ output: p.output, at: gatherIndices(p.strides).first.map((k) => k + p.base) }));
  return (buf) => {
    const x: TensorData = buf[inputIndex];
    for (const r of reads) {
      const y: TensorData = buf[r.output];
      for (let k = 0; k < r.at.length; k++) y[k] = x[r.at[k]];
    }
  };
}
