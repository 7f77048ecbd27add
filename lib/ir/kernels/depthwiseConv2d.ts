import type { DepthwiseConv2dOptions } from '../Operator.js';
import type { ConvGeometry, Requantization, Rescale } from './conv2d.js';
import { int8Rescale, prepareConvolution } from './conv2d.js';
import type { OpContext, OpRunner } from './OpContext.js';

/**
 * Reference int8 DEPTHWISE_CONV_2D (TFLite reference_integer_ops::DepthwiseConvPerChannel).
 * input [N, H, W, C], filter [1, KH, KW, C*M], bias [C*M] int32 or null,
 * output [N, OH, OW, C*M]; output channel c*M + m reads input channel c.
 */
export function depthwiseConv2dInt8(
  g: ConvGeometry, input: Int8Array | Int16Array, filter: Int8Array, bias: ArrayLike<number> | null, q: Requantization, output: Int8Array | Int16Array,
  rescale: Rescale = int8Rescale(q),
): void {
  const m = g.outC / g.inC;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++) {
        const outBase = ((b * g.outH + oy) * g.outW + ox) * g.outC;
        for (let ic = 0; ic < g.inC; ic++) {
          for (let k = 0; k < m; k++) {
            const oc = ic * m + k;
            let acc = 0;
            for (let ky = 0; ky < g.kH; ky++) {
              const iy = oy * g.strideH - g.padTop + ky * g.dilationH;
              if (iy < 0 || iy >= g.inH) continue;
              for (let kx = 0; kx < g.kW; kx++) {
                const ix = ox * g.strideW - g.padLeft + kx * g.dilationW;
                if (ix < 0 || ix >= g.inW) continue;
                acc += (input[((b * g.inH + iy) * g.inW + ix) * g.inC + ic] + q.inputOffset) * filter[(ky * g.kW + kx) * g.outC + oc];
              }
            }
            if (bias !== null) acc += bias[oc];
            output[outBase + oc] = rescale(acc, oc);
          }
        }
      }
    }
  }
}

/** Reference float32 DEPTHWISE_CONV_2D; same layouts as the int8 kernel. */
export function depthwiseConv2dFloat(
  g: ConvGeometry, input: Float32Array, filter: Float32Array, bias: Float32Array | null,
  actMin: number, actMax: number, output: Float32Array,
): void {
  const m = g.outC / g.inC;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++) {
        const outBase = ((b * g.outH + oy) * g.outW + ox) * g.outC;
        for (let oc = 0; oc < g.outC; oc++) {
          const ic = Math.floor(oc / m);
          let acc = 0;
          for (let ky = 0; ky < g.kH; ky++) {
            const iy = oy * g.strideH - g.padTop + ky * g.dilationH;
            if (iy < 0 || iy >= g.inH) continue;
            for (let kx = 0; kx < g.kW; kx++) {
              const ix = ox * g.strideW - g.padLeft + kx * g.dilationW;
              if (ix < 0 || ix >= g.inW) continue;
              acc += input[((b * g.inH + iy) * g.inW + ix) * g.inC + ic] * filter[(ky * g.kW + kx) * g.outC + oc];
            }
          }
          if (bias !== null) acc += bias[oc];
          output[outBase + oc] = Math.min(actMax, Math.max(actMin, acc));
        }
      }
    }
  }
}

export function prepareDepthwiseConv2d(ctx: OpContext, options: DepthwiseConv2dOptions): OpRunner {
  return prepareConvolution(ctx, options, true, depthwiseConv2dInt8, depthwiseConv2dFloat);
}
