import { GraphError } from '../GraphError.js';
import type { TensorData } from '../Graph.js';
import type { OpContext, OpRunner } from './OpContext.js';

/** GATHER's loop sizes: output blocks of `inner` elements, for each batch, outer index and coordinate. */
export interface GatherGeometry {
  batch: number;
  outer: number;
  axisSize: number;
  inner: number;
  /** Coordinates per batch. */
  coords: number;
}

/**
 * Reference GATHER (TFLM gather.cc): for every batch, outer index and
 * coordinate c, the `inner` elements at params[batch, outer, coords[c]] are
 * copied to the output, in that order. A coordinate outside [0, axisSize)
 * is an error (TFLM leaves it undefined).
 */
export function gatherElements(g: GatherGeometry, params: TensorData, coords: ArrayLike<number>, output: TensorData, label: string): void {
  let o = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let outer = 0; outer < g.outer; outer++) {
      for (let c = 0; c < g.coords; c++) {
        const index = Number(coords[b * g.coords + c]);
        if (!(index >= 0 && index < g.axisSize)) throw new GraphError('input', `${label}: index ${index} is outside [0, ${g.axisSize})`);
        const from = ((b * g.outer + outer) * g.axisSize + index) * g.inner;
        for (let k = 0; k < g.inner; k++) output[o++] = params[from + k];
      }
    }
  }
}

/**
 * GATHER: [params, int32 indices]; options axis (negative counting from the
 * end) and batch_dims (the leading dimensions params and indices share).
 * Output shape: params[0:axis] + indices[batch_dims:] + params[axis+1:].
 * The values are copied, so int8 params and output share one quantization.
 */
export function prepareGather(ctx: OpContext, axisOption: number, batchDimsOption: number): OpRunner {
  const [params, coords, out] = [ctx.input(0), ctx.input(1), ctx.output()];
  if (coords.dtype !== 'int32') ctx.fail(`indices are ${coords.dtype}; int32 indices are supported`, 'unsupported');
  const dtype = ctx.sameDType([params, out], ['int8', 'int16', 'float32']);
  const rank = params.shape.length;
  const axis = axisOption < 0 ? axisOption + rank : axisOption;
  const batchDims = batchDimsOption < 0 ? batchDimsOption + coords.shape.length : batchDimsOption;
  if (axis < 0 || axis >= rank) ctx.fail(`axis ${axisOption} is outside params of rank ${rank}`);
  if (batchDims < 0 || batchDims > axis || batchDims > coords.shape.length) ctx.fail(`batch_dims ${batchDimsOption} must lie in [0, min(axis, indices rank)]`);
  for (let d = 0; d < batchDims; d++) {
    if (params.shape[d] !== coords.shape[d]) ctx.fail(`batch dimension ${d}: params have ${params.shape[d]} and indices ${coords.shape[d]}`);
  }
  const expected = [...params.shape.slice(0, axis), ...coords.shape.slice(batchDims), ...params.shape.slice(axis + 1)];
  if (expected.join() !== out.shape.join()) ctx.fail(`gathering [${coords.shape.join(', ')}] from [${params.shape.join(', ')}] on axis ${axis} gives [${expected.join(', ')}], but the output is [${out.shape.join(', ')}]`);
  const qp = params.quantization, qo = out.quantization;
  if (qp !== undefined && qo !== undefined && (qp.scale[0] !== qo.scale[0] || qp.zeroPoint[0] !== qo.zeroPoint[0])) ctx.fail('params and output are quantized differently; GATHER copies values and cannot requantize');
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  const g: GatherGeometry = {
    batch: size(params.shape.slice(0, batchDims)), outer: size(params.shape.slice(batchDims, axis)), axisSize: params.shape[axis],
    inner: size(params.shape.slice(axis + 1)), coords: size(coords.shape.slice(batchDims)),
  };
  const [p, c, o] = [ctx.inputIndex(0), ctx.inputIndex(1), ctx.outputIndex()];
  if (dtype === 'int8' && coords.data !== undefined) {
    const indices = Array.from(coords.data as Int32Array);
    const bad = indices.find((v) => !(v >= 0 && v < g.axisSize));
    if (bad !== undefined) ctx.fail(`constant index ${bad} is outside [0, ${g.axisSize})`);
    ctx.plan = { kernel: 'gather', input: p, indices: c, output: o, g };
  }
  return (buf) => gatherElements(g, buf[p], buf[c] as Int32Array, buf[o], ctx.label);
}
