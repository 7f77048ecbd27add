import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { simdTrainKernels, type ConvGeometry } from "./simdTrainKernels.js";

type Info = tf.TensorInfo;
type Attrs = Record<string, unknown>;
type Args = { inputs: Record<string, Info>; backend: BackendWasm; attrs: Attrs };
type Kernel = (args: Args) => Info;
type Pad = "valid" | "same" | number | tf.backend_util.ExplicitPadding;
type Rounding = "floor" | "round" | "ceil" | undefined;
type Heap = Float32Array | Int32Array | Uint8Array;

/*
 * Faster versions of wasm kernels that dominate a training step of the course's conv
 * nets (measured with tf.profile on a DS-CNN step, batch 32: Tile 104 ms, Conv2D
 * backprop input 61 ms, Sum 38 ms, depthwise backprop input 28 ms, Mean 19 ms, global
 * AvgPoolGrad 14 ms of 399 ms).
 * Each handles the common case and hands every other case to the backend's own kernel,
 * kept as `original`. Tile only moves data, so it is bit-exact with the cpu backend;
 * the others reorder float sums and agree to float32 rounding (tests/tf).
 */

const originals = new Map<string, Kernel>();

function original(name: string): Kernel {
  const k = originals.get(name) ?? tf.getKernel(name, "wasm")?.kernelFunc;
  if (k === undefined) throw new Error(`the wasm backend has no ${name} kernel`);
  return k as unknown as Kernel;
}

function heap(backend: BackendWasm, t: Info): Heap {
  return backend.typedArrayFromHeap(t) as Heap;
}

function pair(v: unknown): [number, number] {
  if (typeof v === "number") return [v, v];
  const a = v as number[];
  return [a[0], a[1]];
}

/**
 * Tile as block copies: each input row is written once, then every axis from the
 * innermost out is repeated with copyWithin. The wasm kernel computes an index per
 * output element, which made BatchNorm's gradient (a [1,1,1,C] tile to the activation
 * size) the slowest kernel of a training step.
 */
function tile(args: Args): Info {
  const { inputs, backend, attrs } = args;
  const x = inputs.x;
  const reps = attrs.reps as number[];
  if (x.dtype === "string" || x.shape.length === 0) return original("Tile")(args);
  const s = x.shape;
  const r = s.length;
  const outShape = s.map((d, i) => d * reps[i]);
  const out = backend.makeOutput(outShape, x.dtype);
  if (outShape.some((d) => d === 0)) return out;
  const src = heap(backend, x);
  const dst = heap(backend, out);
  const inBlock = new Array<number>(r).fill(1);
  const outBlock = new Array<number>(r).fill(1);
  for (let i = r - 2; i >= 0; i--) {
    inBlock[i] = inBlock[i + 1] * s[i + 1];
    outBlock[i] = outBlock[i + 1] * outShape[i + 1];
  }
  const fill = (axis: number, inOff: number, outOff: number): void => {
    const n = s[axis];
    if (axis === r - 1) {
      if (n === 1) dst.fill(src[inOff], outOff, outOff + reps[axis]);
      else {
        dst.set(src.subarray(inOff, inOff + n), outOff);
        for (let k = 1; k < reps[axis]; k++) dst.copyWithin(outOff + k * n, outOff, outOff + n);
      }
      return;
    }
    for (let j = 0; j < n; j++) fill(axis + 1, inOff + j * inBlock[axis], outOff + j * outBlock[axis]);
    const span = n * outBlock[axis];
    for (let k = 1; k < reps[axis]; k++) dst.copyWithin(outOff + k * span, outOff, outOff + span);
  };
  fill(0, 0, 0);
  return out;
}

/** Whether the reduced axes are exactly every axis but the last, on float32. */
function leadingAxes(x: Info, axis: unknown): boolean {
  const r = x.shape.length;
  if (r < 2 || x.dtype !== "float32") return false;
  const axes = tf.util.parseAxisParam(axis as number | number[], x.shape).sort((a, b) => a - b);
  return axes.length === r - 1 && axes.every((a, i) => a === i);
}

/**
 * Sum over every axis but the last (a per-channel sum of an NHWC activation, which
 * BatchNorm and bias gradients ask for many times a step), four columns at a time in
 * float64 registers before the final rounding. The wasm Sum kernel first transposes
 * the whole tensor; a ones-vector matMul measured slower still.
 */
function channelSums(backend: BackendWasm, x: Info, scale: number, keepDims: boolean): Info {
  const c = x.shape[x.shape.length - 1];
  const outShape = keepDims ? x.shape.map((d, i) => (i === x.shape.length - 1 ? d : 1)) : [c];
  const out = backend.makeOutput(outShape, "float32");
  const xv = heap(backend, x) as Float32Array;
  const ov = heap(backend, out) as Float32Array;
  const n = xv.length;
  let j = 0;
  for (; j + 4 <= c; j += 4) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let off = j; off < n; off += c) {
      s0 += xv[off];
      s1 += xv[off + 1];
      s2 += xv[off + 2];
      s3 += xv[off + 3];
    }
    ov[j] = s0 * scale;
    ov[j + 1] = s1 * scale;
    ov[j + 2] = s2 * scale;
    ov[j + 3] = s3 * scale;
  }
  for (; j < c; j++) {
    let s0 = 0;
    for (let off = j; off < n; off += c) s0 += xv[off];
    ov[j] = s0 * scale;
  }
  return out;
}

function sum(args: Args): Info {
  const { x } = args.inputs;
  if (!leadingAxes(x, args.attrs.axis)) return original("Sum")(args);
  return channelSums(args.backend, x, 1, args.attrs.keepDims === true);
}

function mean(args: Args): Info {
  const { x } = args.inputs;
  if (!leadingAxes(x, args.attrs.axis)) return original("Mean")(args);
  const rows = tf.util.sizeFromShape(x.shape) / x.shape[x.shape.length - 1];
  return channelSums(args.backend, x, 1 / rows, args.attrs.keepDims === true);
}

/**
 * Global average pooling's gradient spreads dy[b,0,0,c] / (H*W) over the whole
 * window; the wasm AvgPoolGrad is a JS loop over every window position.
 */
function avgPoolGrad(args: Args): Info {
  const { inputs, backend, attrs } = args;
  const { dy, input } = inputs;
  const [B, H, W, C] = input.shape;
  const [fh, fw] = pair(attrs.filterSize);
  const global = input.shape.length === 4 && fh === H && fw === W && attrs.pad === "valid" && dy.shape[1] === 1 && dy.shape[2] === 1;
  if (!global || input.dtype !== "float32") return original("AvgPoolGrad")(args);
  const out = backend.makeOutput(input.shape, "float32");
  const dyv = heap(backend, dy) as Float32Array;
  const ov = heap(backend, out) as Float32Array;
  const scaled = new Float32Array(C);
  const area = H * W;
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < C; j++) scaled[j] = dyv[b * C + j] / area;
    const base = b * area * C;
    ov.set(scaled, base);
    for (let k = 1; k < area; k++) ov.copyWithin(base + k * C, base, base + C);
  }
  return out;
}

function disposeAll(backend: BackendWasm, ts: Info[]): void {
  for (const t of ts) backend.disposeData(t.dataId);
}

/**
 * A stride-1 convolution's input gradient is the full correlation of dy with the
 * filter rotated by 180 degrees and its in/out channels swapped, so XNNPACK's Conv2D
 * does it. The wasm Conv2DBackpropInput is a direct C++ loop.
 */
function conv2DBackpropInput(args: Args): Info {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs;
  const [sh, sw] = pair(attrs.strides);
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== "NHWC") return original("Conv2DBackpropInput")(args);
  if (sh !== 1 || sw !== 1) return convBackpropInputStrided(args) ?? original("Conv2DBackpropInput")(args);
  const inShape = attrs.inputShape as [number, number, number, number];
  const fs = filter.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(inShape, fs, 1, 1, attrs.pad as Pad, attrs.dimRoundingMode as Rounding);
  const { top, bottom, left, right } = info.padInfo;
  const [kh, kw] = [fs[0], fs[1]];
  const pads = [kh - 1 - top, kh - 1 - bottom, kw - 1 - left, kw - 1 - right];
  if (pads.some((p) => p < 0)) return original("Conv2DBackpropInput")(args);
  const temps: Info[] = [];
  let w = filter;
  if (kh > 1 || kw > 1) {
    w = original("Reverse")({ inputs: { x: w }, backend, attrs: { dims: [0, 1] } });
    temps.push(w);
  }
  const wT = original("Transpose")({ inputs: { x: w }, backend, attrs: { perm: [0, 1, 3, 2] } });
  temps.push(wT);
  const dx = original("Conv2D")({
    inputs: { x: dy, filter: wT },
    backend,
    attrs: { strides: [1, 1], dilations: [1, 1], pad: [[0, 0], [pads[0], pads[1]], [pads[2], pads[3]], [0, 0]], dataFormat: "NHWC" },
  });
  disposeAll(backend, temps);
  return dx;
}

/**
 * Stride 1, depth multiplier 1: the input gradient of a depthwise convolution is a
 * depthwise full correlation of dy with the spatially rotated filter, which XNNPACK
 * runs. Other cases go to the registered JS kernel.
 */
function depthwiseBackpropInput(args: Args): Info {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs;
  const [sh, sw] = pair(attrs.strides);
  const [dh, dw] = pair(attrs.dilations ?? 1);
  const inShape = attrs.inputShape as [number, number, number, number];
  const fs = filter.shape as [number, number, number, number];
  if (sh !== 1 || sw !== 1 || fs[3] !== 1) return original("DepthwiseConv2dNativeBackpropInput")(args);
  const info = tf.backend_util.computeConv2DInfo(inShape, fs, 1, [dh, dw], attrs.pad as Pad, attrs.dimRoundingMode as Rounding, true);
  const { top, bottom, left, right } = info.padInfo;
  const pads = [(fs[0] - 1) * dh - top, (fs[0] - 1) * dh - bottom, (fs[1] - 1) * dw - left, (fs[1] - 1) * dw - right];
  if (pads.some((p) => p < 0)) return original("DepthwiseConv2dNativeBackpropInput")(args);
  const w = original("Reverse")({ inputs: { x: filter }, backend, attrs: { dims: [0, 1] } });
  const dx = original("DepthwiseConv2dNative")({
    inputs: { x: dy, filter: w },
    backend,
    attrs: { strides: [1, 1], dilations: [dh, dw], pad: [[0, 0], [pads[0], pads[1]], [pads[2], pads[3]], [0, 0]], dataFormat: "NHWC" },
  });
  disposeAll(backend, [w]);
  return dx;
}

/**
 * Identity, and a Cast to the dtype the tensor already has, share the input's memory
 * (one more reference) as the cpu backend does, instead of copying it. Kernels never
 * write to their inputs, so sharing is safe. A BatchNorm layer's training step asks for
 * about a hundred such copies of whole activations.
 */
function share(backend: BackendWasm, x: Info): Info {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

function identity(args: Args): Info {
  const { x } = args.inputs;
  return x.dtype === "string" ? original("Identity")(args) : share(args.backend, x);
}

function cast(args: Args): Info {
  const { x } = args.inputs;
  return x.dtype === "string" || args.attrs.dtype !== x.dtype ? original("Cast")(args) : share(args.backend, x);
}

function geometry(info: tf.backend_util.Conv2DInfo): ConvGeometry {
  return { ...info, batch: info.batchSize, padTop: info.padInfo.top, padLeft: info.padInfo.left };
}

/**
 * Depth multiplier 1: the WebAssembly SIMD kernel (lib/tf/simd), four channels per
 * instruction. The JS kernel of wasmGradientKernels.ts stays the reference and handles
 * the rest.
 */
function depthwiseBackpropFilter(args: Args): Info {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  const fs = attrs.filterShape as [number, number, number, number];
  const simd = simdTrainKernels(backend);
  if (simd === null || fs[3] !== 1 || x.dtype !== "float32" || dy.dtype !== "float32") return original("DepthwiseConv2dNativeBackpropFilter")(args);
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], fs, pair(attrs.strides), pair(attrs.dilations ?? 1), attrs.pad as Pad, attrs.dimRoundingMode as Rounding, true);
  const out = backend.makeOutput(fs, "float32");
  simd.depthwiseFilterGrad(x, dy, out, geometry(info));
  return out;
}

/** The backend's Conv2DBackpropInput, or for strides above 1 the WebAssembly SIMD kernel. */
function convBackpropInputStrided(args: Args): Info | null {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs;
  const simd = simdTrainKernels(backend);
  if (simd === null || dy.dtype !== "float32" || filter.dtype !== "float32") return null;
  const inShape = attrs.inputShape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(inShape, filter.shape as [number, number, number, number], pair(attrs.strides), 1, attrs.pad as Pad, attrs.dimRoundingMode as Rounding);
  const out = backend.makeOutput(inShape, "float32");
  simd.convInputGrad(dy, filter, out, geometry(info));
  return out;
}

/** Whether a batch-norm parameter holds one value per channel of x's last axis. */
function perChannel(p: Info | undefined, channels: number): boolean {
  if (p === undefined) return true;
  const s = p.shape.slice(p.shape.findIndex((d) => d !== 1));
  return p.dtype === "float32" && ((s.length === 1 && s[0] === channels) || (channels === 1 && p.shape.every((d) => d === 1)));
}

/**
 * Batch normalisation with per-channel statistics (every BatchNorm layer of a conv
 * net, in training and inference): the WebAssembly SIMD kernel, after one
 * scale / sqrt(variance + eps) per channel here.
 */
function fusedBatchNorm(args: Args): Info {
  const { inputs, backend, attrs } = args;
  const { x, mean, variance, offset, scale } = inputs as Record<string, Info | undefined> & { x: Info; mean: Info; variance: Info };
  const simd = simdTrainKernels(backend);
  const C = x.shape[x.shape.length - 1];
  if (simd === null || x.dtype !== "float32" || x.shape.length === 0 || C === 0 || ![mean, variance, offset, scale].every((p) => perChannel(p, C))) {
    return original("FusedBatchNorm")(args);
  }
  const eps = attrs.varianceEpsilon as number;
  const inv = backend.makeOutput([C], "float32");
  const off = backend.makeOutput([C], "float32");
  const invv = heap(backend, inv) as Float32Array;
  const varv = heap(backend, variance) as Float32Array;
  const scv = scale === undefined ? null : (heap(backend, scale) as Float32Array);
  for (let c = 0; c < C; c++) invv[c] = (scv === null ? 1 : scv[c]) / Math.sqrt(varv[c] + eps);
  if (offset === undefined) (heap(backend, off) as Float32Array).fill(0);
  else (heap(backend, off) as Float32Array).set(heap(backend, offset) as Float32Array);
  const out = backend.makeOutput(x.shape, "float32");
  if (out.shape.every((d) => d > 0)) simd.batchNorm(x, mean, inv, off, out);
  disposeAll(backend, [inv, off]);
  return out;
}

/**
 * A 1x1, stride-1 convolution's filter gradient is one matrix product,
 * dW[ci,co] = sum over n of x[n,ci] * dy[n,co] with n running over batch and pixels:
 * x is transposed once and the backend's BatchMatMul (XNNPACK's GEMM) does the rest,
 * 3x faster than reading it as a convolution. Other filters go to the registered kernel.
 */
function conv2DBackpropFilter(args: Args): Info {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  const fs = attrs.filterShape as [number, number, number, number];
  const [sh, sw] = pair(attrs.strides);
  const pointwise = fs[0] === 1 && fs[1] === 1 && sh === 1 && sw === 1 && x.shape.length === 4 && x.dtype === "float32";
  if (!pointwise || (attrs.dataFormat !== undefined && attrs.dataFormat !== "NHWC") || typeof attrs.pad !== "string") {
    return original("Conv2DBackpropFilter")(args);
  }
  const [ci, co] = [fs[2], fs[3]];
  const n = tf.util.sizeFromShape(x.shape) / ci;
  // Views with other shapes of the same memory: no reference is taken or dropped.
  const xT = original("Transpose")({ inputs: { x: { ...x, shape: [n, ci] } }, backend, attrs: { perm: [1, 0] } });
  const g = original("BatchMatMul")({
    inputs: { a: { ...xT, shape: [1, ci, n] }, b: { ...dy, shape: [1, n, co] } },
    backend,
    attrs: { transposeA: false, transposeB: false },
  });
  disposeAll(backend, [xT]);
  return { ...g, shape: fs };
}

const FAST_KERNELS: Record<string, Kernel> = {
  Conv2DBackpropFilter: conv2DBackpropFilter,
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter,
  FusedBatchNorm: fusedBatchNorm,
  Identity: identity,
  Cast: cast,
  Tile: tile,
  Sum: sum,
  Mean: mean,
  Conv2DBackpropInput: conv2DBackpropInput,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput,
  AvgPoolGrad: avgPoolGrad,
};

let enabled = false;

/**
 * Puts the faster kernels in place of the wasm backend's (true), or puts the backend's
 * back (false). Each original, with its setup function, is kept: the fast kernels hand
 * it the cases they do not cover, and the tests run both sets. Call the first time
 * after registerWasmGradientKernels and before the wasm backend initialises; toggling
 * later is safe because the originals' setup has run by then.
 */
export function setWasmFastKernels(on: boolean): void {
  if (on === enabled) return;
  for (const [name, fn] of Object.entries(FAST_KERNELS)) {
    const config = tf.getKernel(name, "wasm");
    if (config === undefined) throw new Error(`the wasm backend has no ${name} kernel to replace`);
    if (!originals.has(name)) originals.set(name, config.kernelFunc as unknown as Kernel);
    tf.unregisterKernel(name, "wasm");
    tf.registerKernel({ ...config, kernelFunc: (on ? fn : originals.get(name)) as unknown as tf.KernelFunc });
  }
  enabled = on;
}

/** Whether the fast kernels (and the fused batch-norm training step) are in use. */
export function wasmFastKernelsEnabled(): boolean {
  return enabled;
}
