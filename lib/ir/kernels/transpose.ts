import type { OpContext, OpRunner } from './OpContext.js';
import { MAX_BROADCAST_RANK } from './broadcast.js';
import type { StridedPart } from './stridedCopy.js';
import { prepareStridedCopy } from './stridedCopy.js';

/** Highest input rank TFLM's TRANSPOSE takes. */
const MAX_TRANSPOSE_RANK = 5;

/**
 * TRANSPOSE (TFLM transpose.cc): output dimension k is input dimension
 * perm[k], from a constant int32 permutation of rank entries: a strided read
 * whose steps are the input's strides, permuted.
 */
export function prepareTranspose(ctx: OpContext): OpRunner {
  const [input, out] = [ctx.input(0), ctx.output()];
  const rank = input.shape.length;
  if (rank > MAX_TRANSPOSE_RANK) ctx.fail(`rank ${rank} is above the ${MAX_TRANSPOSE_RANK} TRANSPOSE supports`, 'unsupported');
  const perm = Array.from(ctx.constant<Int32Array>(1, 'int32'));
  if (perm.length !== rank || [...perm].sort((a, b) => a - b).some((p, k) => p !== k)) {
    ctx.fail(`permutation [${perm.join(', ')}] is not a permutation of 0..${rank - 1}`);
  }
  const expected = perm.map((p) => input.shape[p]);
  if (expected.join() !== out.shape.join()) ctx.fail(`transposing [${input.shape.join(', ')}] by [${perm.join(', ')}] gives [${expected.join(', ')}], but the output is [${out.shape.join(', ')}]`);
  // Output axis k walks input axis perm[k] with that axis's element stride.
  const inStrides = input.shape.map((_, d) => input.shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const lead = MAX_BROADCAST_RANK - rank;
  const part: StridedPart = {
    output: ctx.outputIndex(), base: 0, count: expected.reduce((a, b) => a * b, 1),
    strides: {
      shape: [...new Array<number>(lead).fill(1), ...expected],
      strides1: [...new Array<number>(lead).fill(0), ...perm.map((p) => inStrides[p])],
      strides2: new Array<number>(MAX_BROADCAST_RANK).fill(0),
    },
  };
  return prepareStridedCopy(ctx, [part]);
}
