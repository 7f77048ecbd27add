import { floatBinary } from './add.js';
import type { GatherIndices } from './broadcast.js';
import { binaryOperands } from './broadcast.js';
import type { OpContext, OpRunner } from './OpContext.js';

/**
 * Reference int8 MAXIMUM / MINIMUM (TFLM MaximumMinimumBroadcastSlow): the
 * larger or smaller stored value, with no rescaling. TFLM compares raw
 * integers whatever the tensors' quantization; converters give the inputs and
 * the output one quantization, which makes that the real maximum.
 */
export function maximumMinimumInt8(maximum: boolean, idx: GatherIndices | null, a: Int8Array, b: Int8Array, output: Int8Array): void {
  for (let i = 0; i < output.length; i++) {
    const x = a[idx === null ? i : idx.first[i]], y = b[idx === null ? i : idx.second[i]];
    output[i] = maximum ? (x > y ? x : y) : (x < y ? x : y);
  }
}

export function prepareMaximumMinimum(ctx: OpContext, maximum: boolean): OpRunner {
  const { dtype, i1, i2, o, strides, idx, count } = binaryOperands(ctx);
  if (dtype === 'float32') {
    return (buf) => floatBinary(maximum ? Math.max : Math.min, idx, -Infinity, Infinity, buf[i1] as Float32Array, buf[i2] as Float32Array, buf[o] as Float32Array);
  }
  ctx.plan = { kernel: 'binary', op: maximum ? 'maximum' : 'minimum', input1: i1, input2: i2, output: o, count, broadcast: strides, p: null };
  return (buf) => maximumMinimumInt8(maximum, idx, buf[i1] as Int8Array, buf[i2] as Int8Array, buf[o] as Int8Array);
}
