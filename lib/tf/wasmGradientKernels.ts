import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

type Info = tf.TensorInfo;
type Attrs = Record<string, unknown>;
type Pad = "valid" | "same" | number | tf.backend_util.ExplicitPadding;
type Rounding = "floor" | "round" | "ceil" | undefined;

function kernel(name: string): (args: { inputs: Record<string, Info>; backend: BackendWasm; attrs: Attrs }) => Info {
  const k = tf.getKernel(name, "wasm");
  if (k === undefined) throw new Error(`the wasm backend has no ${name} kernel`);
  return k.kernelFunc as unknown as (args: { inputs: Record<string, Info>; backend: BackendWasm; attrs: Attrs }) => Info;
}

function pair(v: unknown): [number, number] {
  if (typeof v === "number") return [v, v];
  const a = v as number[];
  return [a[0], a[1]];
}

/**
 * dW[kh,kw,ci,co] = sum over b,oh,ow of x[b, oh*sh+kh-pt, ow*sw+kw-pl, ci] * dy[b,oh,ow,co].
 * Read with ci as the batch, b as the channels and dy as the filter, that is a
 * stride-1 convolution whose dilation is the forward stride, so XNNPACK's Conv2D does
 * the work instead of a JS loop.
 */
function conv2DBackpropFilter({ inputs, backend, attrs }: { inputs: Record<string, Info>; backend: BackendWasm; attrs: Attrs }): Info {
  const { x, dy } = inputs;
  const filterShape = attrs.filterShape as [number, number, number, number];
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== "NHWC") {
    throw new Error("Conv2DBackpropFilter on wasm supports only NHWC");
  }
  const [sh, sw] = pair(attrs.strides);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    [sh, sw],
    1,
    attrs.pad as Pad,
    attrs.dimRoundingMode as Rounding,
  );
  const [kh, kw] = [filterShape[0], filterShape[1]];
  const [H, W] = [x.shape[1], x.shape[2]];
  const { top, left } = info.padInfo;
  // Rows of x a filter tap can reach; rows past them (stride remainders) are cropped,
  // rows short of them are zero padding.
  const needH = kh + (info.outHeight - 1) * sh - top;
  const needW = kw + (info.outWidth - 1) * sw - left;
  const temps: Info[] = [];
  const transpose = kernel("Transpose");
  let xT = transpose({ inputs: { x }, backend, attrs: { perm: [3, 1, 2, 0] } });
  temps.push(xT);
  if (needH < H || needW < W) {
    xT = kernel("Slice")({
      inputs: { x: xT },
      backend,
      attrs: { begin: [0, 0, 0, 0], size: [xT.shape[0], Math.min(H, needH), Math.min(W, needW), xT.shape[3]] },
    });
    temps.push(xT);
  }
  const dyT = transpose({ inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } });
  temps.push(dyT);
  const g = kernel("Conv2D")({
    inputs: { x: xT, filter: dyT },
    backend,
    attrs: {
      strides: [1, 1],
      dilations: [sh, sw],
      pad: [[0, 0], [top, Math.max(0, needH - H)], [left, Math.max(0, needW - W)], [0, 0]],
      dataFormat: "NHWC",
    },
  });
  temps.push(g);
  const out = transpose({ inputs: { x: g }, backend, attrs: { perm: [1, 2, 0, 3] } });
  for (const t of temps) backend.disposeData(t.dataId);
  return out;
}

function depthwiseInfo(xShape: number[], filterShape: number[], attrs: Attrs) {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    pair(attrs.strides),
    pair(attrs.dilations ?? 1),
    attrs.pad as Pad,
    attrs.dimRoundingMode as Rounding,
    true,
  );
}

/**
 * dW[kh,kw,c,m] = sum over b,oh,ow of x[b, oh*sh+kh*dh-pt, ow*sw+kw*dw-pl, c] * dy[b,oh,ow,c*M+m].
 * A direct loop: depthwise layers hold few MACs, and the innermost loop runs over
 * contiguous channels.
 */
function depthwiseBackpropFilter({ inputs, backend, attrs }: { inputs: Record<string, Info>; backend: BackendWasm; attrs: Attrs }): Info {
  const { x, dy } = inputs;
  const fs = attrs.filterShape as number[];
  const c = depthwiseInfo(x.shape, fs, attrs);
  const [B, H, W, C] = x.shape;
  const M = fs[3];
  const out = backend.makeOutput(fs, "float32");
  const xv = backend.typedArrayFromHeap(x) as Float32Array;
  const dyv = backend.typedArrayFromHeap(dy) as Float32Array;
  const ov = backend.typedArrayFromHeap(out) as Float32Array;
  ov.fill(0);
  const CM = C * M;
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < c.outHeight; oh++) {
      for (let ow = 0; ow < c.outWidth; ow++) {
        const dyBase = ((b * c.outHeight + oh) * c.outWidth + ow) * CM;
        for (let kh = 0; kh < c.filterHeight; kh++) {
          const ih = oh * c.strideHeight + kh * c.dilationHeight - c.padInfo.top;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < c.filterWidth; kw++) {
            const iw = ow * c.strideWidth + kw * c.dilationWidth - c.padInfo.left;
            if (iw < 0 || iw >= W) continue;
            const xBase = ((b * H + ih) * W + iw) * C;
            const oBase = (kh * c.filterWidth + kw) * CM;
            if (M === 1) {
              for (let ch = 0; ch < C; ch++) ov[oBase + ch] += xv[xBase + ch] * dyv[dyBase + ch];
            } else {
              for (let ch = 0; ch < C; ch++) {
                const xval = xv[xBase + ch];
                for (let m = 0; m < M; m++) ov[oBase + ch * M + m] += xval * dyv[dyBase + ch * M + m];
              }
            }
          }
        }
      }
    }
  }
  return out;
}

/** dx[b,ih,iw,c] = sum of dy[b,oh,ow,c*M+m] * w[kh,kw,c,m] over the taps that read (ih,iw). */
function depthwiseBackpropInput({ inputs, backend, attrs }: { inputs: Record<string, Info>; backend: BackendWasm; attrs: Attrs }): Info {
  const { dy, filter } = inputs;
  const inShape = attrs.inputShape as number[];
  const c = depthwiseInfo(inShape, filter.shape, attrs);
  const [B, H, W, C] = inShape;
  const M = filter.shape[3];
  const out = backend.makeOutput(inShape, "float32");
  const dyv = backend.typedArrayFromHeap(dy) as Float32Array;
  const wv = backend.typedArrayFromHeap(filter) as Float32Array;
  const ov = backend.typedArrayFromHeap(out) as Float32Array;
  ov.fill(0);
  const CM = C * M;
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < c.outHeight; oh++) {
      for (let ow = 0; ow < c.outWidth; ow++) {
        const dyBase = ((b * c.outHeight + oh) * c.outWidth + ow) * CM;
        for (let kh = 0; kh < c.filterHeight; kh++) {
          const ih = oh * c.strideHeight + kh * c.dilationHeight - c.padInfo.top;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < c.filterWidth; kw++) {
            const iw = ow * c.strideWidth + kw * c.dilationWidth - c.padInfo.left;
            if (iw < 0 || iw >= W) continue;
            const xBase = ((b * H + ih) * W + iw) * C;
            const wBase = (kh * c.filterWidth + kw) * CM;
            if (M === 1) {
              for (let ch = 0; ch < C; ch++) ov[xBase + ch] += dyv[dyBase + ch] * wv[wBase + ch];
            } else {
              for (let ch = 0; ch < C; ch++) {
                let s = 0;
                for (let m = 0; m < M; m++) s += dyv[dyBase + ch * M + m] * wv[wBase + ch * M + m];
                ov[xBase + ch] += s;
              }
            }
          }
        }
      }
    }
  }
  return out;
}

const GRADIENT_KERNELS = {
  Conv2DBackpropFilter: conv2DBackpropFilter,
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput,
} as const;

/**
 * Registers the gradient kernels tfjs-backend-wasm 4.22 lacks, so conv nets train on
 * wasm. Idempotent; a kernel the backend gains in a later release is left alone.
 */
export function registerWasmGradientKernels(): void {
  for (const [name, fn] of Object.entries(GRADIENT_KERNELS)) {
    if (tf.getKernel(name, "wasm") !== undefined) continue;
    tf.registerKernel({ kernelName: name, backendName: "wasm", kernelFunc: fn as unknown as tf.KernelFunc });
  }
}
