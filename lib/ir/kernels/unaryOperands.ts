import type { OpContext, OpRunner } from './OpContext.js';

/** What an elementwise one-input operator's prepare starts from. */
export interface UnaryOperands {
  dtype: 'int8' | 'float32';
  i: number;
  o: number;
  /** Elements. */
  count: number;
}

/** Check an elementwise one-input operator: input and output of one shape and one dtype (int8 or float32). */
export function unaryOperands(ctx: OpContext): UnaryOperands {
  const [input, out] = [ctx.input(0), ctx.output()];
  if (input.shape.join() !== out.shape.join()) ctx.fail(`input [${input.shape.join(', ')}] and output [${out.shape.join(', ')}] differ`);
  const dtype = ctx.sameDType([input, out], ['int8', 'float32']) as 'int8' | 'float32';
  return { dtype, i: ctx.inputIndex(0), o: ctx.outputIndex(), count: input.shape.reduce((n, d) => n * d, 1) };
}

/** The float32 runner of an elementwise operator: out[k] = f(in[k]). */
export function floatUnary(i: number, o: number, f: (x: number) => number): OpRunner {
  return (buf) => {
    const x = buf[i] as Float32Array, y = buf[o] as Float32Array;
    for (let k = 0; k < x.length; k++) y[k] = f(x[k]);
  };
}
