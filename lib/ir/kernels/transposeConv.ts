import { floatActivationRange } from '../activationRange.js';
import { convPadding } from '../convPadding.js';
import type { TransposeConvOptions } from '../Operator.js';
import type { ConvGeometry } from './conv2d.js';
import { convRequantization, int8Rescale } from './conv2d.js';
import type { OpContext, OpRunner } from './OpContext.js';

/**
 * Reference TRANSPOSE_CONV (TFLite reference_integer_ops::TransposeConv for
 * int8). input [N, IH, IW, IC], filter [OC, KH, KW, IC], bias [OC] or null,
 * output [N, OH, OW, OC]. Input pixel (iy, ix) adds its taps to output
 * (iy * stride - pad + ky, ix * stride - pad + kx). TFLite scatters into an
 * int32 buffer; this gathers each output's terms instead, an exact sum in
 * doubles that `finish` wraps and rescales (int8) or clamps (float32): the
 * same int32 values either way, so the C needs no scratch. `g` is a
 * ConvGeometry with `in*` the input's sizes.
 */
export function transposeConv(
  g: ConvGeometry, input: Int8Array | Float32Array, filter: Int8Array | Float32Array, bias: ArrayLike<number> | null, inputOffset: number,
  finish: (acc: number, channel: number) => number, output: Int8Array | Float32Array,
): void {
  let o = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++) {
        for (let oc = 0; oc < g.outC; oc++) {
          let acc = 0;
          for (let ky = 0; ky < g.kH; ky++) {
            const ny = oy + g.padTop - ky;
            if (ny < 0 || ny % g.strideH !== 0 || ny / g.strideH >= g.inH) continue;
            for (let kx = 0; kx < g.kW; kx++) {
              const nx = ox + g.padLeft - kx;
              if (nx < 0 || nx % g.strideW !== 0 || nx / g.strideW >= g.inW) continue;
              const inBase = ((b * g.inH + ny / g.strideH) * g.inW + nx / g.strideW) * g.inC;
              const fBase = ((oc * g.kH + ky) * g.kW + kx) * g.inC;
              for (let c = 0; c < g.inC; c++) acc += (input[inBase + c] + inputOffset) * filter[fBase + c];
            }
          }
          if (bias !== null) acc += bias[oc];
          output[o++] = finish(acc, oc);
        }
      }
    }
  }
}

/**
 * TRANSPOSE_CONV (TFLM transpose_conv.cc): inputs [output shape int32 [4],
 * filter, input, bias (optional)]. The padding is what a convolution from
 * the output's size would use (TFLite computes it from the output), and the
 * output shape input must equal the output tensor's shape.
 */
export function prepareTransposeConv(ctx: OpContext, options: TransposeConvOptions): OpRunner {
  const shape = ctx.constant<Int32Array>(0, 'int32');
  const out = ctx.rank(ctx.output(), 4);
  if (Array.from(shape).join() !== out.join()) ctx.fail(`the output shape input is [${Array.from(shape).join(', ')}] but the output is [${out.join(', ')}]`);
  const [batch, inH, inW, inC] = ctx.rank(ctx.input(2), 4);
  const [outC, kH, kW, fC] = ctx.rank(ctx.input(1), 4);
  if (fC !== inC) ctx.fail(`filter has ${fC} input channels but the input has ${inC}`);
  if (out[0] !== batch || out[3] !== outC) ctx.fail(`output [${out.join(', ')}] must have the input's batch ${batch} and the filter's ${outC} channels`);
  for (const v of [options.strideH, options.strideW]) if (!(Number.isInteger(v) && v >= 1)) ctx.fail(`stride ${v} must be a positive integer`);
  const h = convPadding(options.padding, out[1], kH, options.strideH, 1), w = convPadding(options.padding, out[2], kW, options.strideW, 1);
  if (ctx.hasInput(3) && ctx.input(3).shape.reduce((a, d) => a * d, 1) !== outC) ctx.fail(`bias has shape [${ctx.input(3).shape.join(', ')}] but there are ${outC} output channels`);
  const g: ConvGeometry = {
    batch, inH, inW, inC, outH: out[1], outW: out[2], outC, kH, kW,
    strideH: options.strideH, strideW: options.strideW, dilationH: 1, dilationW: 1, padTop: h.before, padLeft: w.before,
  };
  const dtype = ctx.sameDType([ctx.input(2), ctx.input(1), ctx.output()], ['int8', 'float32']);
  const [inI, outI] = [ctx.inputIndex(2), ctx.outputIndex()];
  if (dtype === 'float32') {
    const filter = ctx.constant<Float32Array>(1, 'float32');
    const bias = ctx.hasInput(3) ? ctx.constant<Float32Array>(3, 'float32') : null;
    const [lo, hi] = floatActivationRange(options.activation);
    return (buf) => transposeConv(g, buf[inI] as Float32Array, filter, bias, 0, (acc) => Math.min(hi, Math.max(lo, acc)), buf[outI] as Float32Array);
  }
  const filter = ctx.constant<Int8Array>(1, 'int8');
  const bias = ctx.hasInput(3) ? ctx.constant<Int32Array>(3, 'int32') : null;
  const q = convRequantization(ctx, outC, options.activation, 2);
  ctx.plan = { kernel: 'transpose_conv', input: inI, filter: ctx.inputIndex(1), bias: ctx.hasInput(3) ? ctx.inputIndex(3) : -1, output: outI, g, q };
  const rescale = int8Rescale(q);
  return (buf) => transposeConv(g, buf[inI] as Int8Array, filter, bias, q.inputOffset, rescale, buf[outI] as Int8Array);
}
