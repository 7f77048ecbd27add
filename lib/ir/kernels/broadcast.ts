import type { OpContext } from './OpContext.js';

/** Highest rank TFLM's broadcasting kernels take (BroadcastAdd6DSlow and friends). */
export const MAX_BROADCAST_RANK = 6;

/**
 * How two inputs map onto a broadcast output, padded on the left to rank 6:
 * `shape` is the output's, `strides1` and `strides2` are each input's element
 * strides per output dimension (0 where the input has size 1 there and is
 * repeated). TRANSPOSE uses the same form with `strides1` permuted.
 */
export interface Strides6 {
  shape: number[];
  strides1: number[];
  strides2: number[];
}

/** NumPy broadcasting of two shapes (dimensions equal, or one of them 1), or null when they do not broadcast. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let k = 0; k < rank; k++) {
    const x = a[a.length - rank + k] ?? 1, y = b[b.length - rank + k] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Row-major element strides of `shape` read as `out` (right-aligned), 0 on the dimensions it repeats; length 6. */
function stridesAgainst(shape: readonly number[], out: readonly number[]): number[] {
  const strides = new Array<number>(MAX_BROADCAST_RANK).fill(0);
  let step = 1;
  for (let k = 1; k <= shape.length; k++) {
    const d = shape[shape.length - k];
    strides[MAX_BROADCAST_RANK - k] = d === 1 && out[out.length - k] !== 1 ? 0 : step;
    step *= d;
  }
  return strides;
}

const pad6 = (shape: readonly number[]): number[] => [...new Array<number>(MAX_BROADCAST_RANK - shape.length).fill(1), ...shape];

/** The Strides6 of a broadcast from shapes `a` and `b` to `out` (which must be their broadcast shape). */
export function broadcastStrides(a: readonly number[], b: readonly number[], out: readonly number[]): Strides6 {
  return { shape: pad6(out), strides1: stridesAgainst(a, out), strides2: stridesAgainst(b, out) };
}

/** For each output element in row-major order, the element it reads in each input. */
export interface GatherIndices {
  /** Through strides1. */
  first: Int32Array;
  /** Through strides2. */
  second: Int32Array;
}

/** The GatherIndices of `s`, computed once when an operator is prepared. */
export function gatherIndices(s: Strides6): GatherIndices {
  const count = s.shape.reduce((n, d) => n * d, 1);
  const first = new Int32Array(count), second = new Int32Array(count);
  const index = new Array<number>(MAX_BROADCAST_RANK).fill(0);
  for (let k = 0; k < count; k++) {
    let i = 0, j = 0;
    for (let d = 0; d < MAX_BROADCAST_RANK; d++) {
      i += index[d] * s.strides1[d];
      j += index[d] * s.strides2[d];
    }
    first[k] = i;
    second[k] = j;
    for (let d = MAX_BROADCAST_RANK - 1; d >= 0; d--) {
      if (++index[d] < s.shape[d]) break;
      index[d] = 0;
    }
  }
  return { first, second };
}

/** What every binary operator's prepare starts from: its dtype, tensor indices, and how its inputs broadcast. */
export interface BinaryOperands {
  /** int16 only where the caller allows it (ADD's 16-bit form). */
  dtype: 'int8' | 'int16' | 'float32';
  i1: number;
  i2: number;
  o: number;
  /** null when both inputs have the output's shape. */
  strides: Strides6 | null;
  /** The elements each output element reads; null when flat. */
  idx: GatherIndices | null;
  /** Output elements. */
  count: number;
}

/** Check a binary operator's shapes and dtypes (int8 or float32, all alike) and precompute its broadcast. */
export function binaryOperands(ctx: OpContext, int16 = false): BinaryOperands {
  const [a, b, out] = [ctx.input(0), ctx.input(1), ctx.output()];
  const strides = checkBroadcast(ctx);
  const dtype = ctx.sameDType([a, b, out], int16 ? ['int8', 'int16', 'float32'] : ['int8', 'float32']) as BinaryOperands['dtype'];
  return {
    dtype, i1: ctx.inputIndex(0), i2: ctx.inputIndex(1), o: ctx.outputIndex(), strides,
    idx: strides === null ? null : gatherIndices(strides), count: out.shape.reduce((n, d) => n * d, 1),
  };
}

/**
 * Check a binary operator's shapes: the inputs must broadcast (rank 6 at
 * most) and the output must have the broadcast shape. Returns the strides, or
 * null when both inputs already have the output's shape (a flat loop).
 */
export function checkBroadcast(ctx: OpContext): Strides6 | null {
  const [a, b, out] = [ctx.input(0), ctx.input(1), ctx.output()];
  const shape = broadcastShape(a.shape, b.shape);
  const text = (s: readonly number[]) => `[${s.join(', ')}]`;
  if (shape === null) ctx.fail(`input shapes ${text(a.shape)} and ${text(b.shape)} do not broadcast (each dimension must match or be 1)`);
  if (shape.length > MAX_BROADCAST_RANK) ctx.fail(`rank ${shape.length} is above the ${MAX_BROADCAST_RANK} that broadcasting supports`, 'unsupported');
  if (shape.join() !== out.shape.join()) ctx.fail(`output shape ${text(out.shape)} is not the broadcast shape ${text(shape)}`);
  if (a.shape.join() === out.shape.join() && b.shape.join() === out.shape.join()) return null;
  return broadcastStrides(a.shape, b.shape, shape);
}
