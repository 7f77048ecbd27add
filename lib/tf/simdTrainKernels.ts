import type * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../projectRoot.js";

/**
 * The WebAssembly SIMD training kernels of lib/tf/simd/trainKernels.c, bound to one
 * wasm backend. Every tensor argument is a float32 tensor of that backend; each call
 * works in place in the backend's memory (the module imports it), with no copies.
 * Shapes are NHWC; see the C source for each kernel's formula.
 */
export interface SimdTrainKernels {
  /** dw [KH,KW,C] from x [B,H,W,C] and dy [B,OH,OW,C]; depth multiplier 1. */
  depthwiseFilterGrad(x: tf.TensorInfo, dy: tf.TensorInfo, dw: tf.TensorInfo, geometry: ConvGeometry): void;
  /** dx [B,H,W,CI] from dy [B,OH,OW,CO] and w [KH,KW,CI,CO]; dilation 1. */
  convInputGrad(dy: tf.TensorInfo, w: tf.TensorInfo, dx: tf.TensorInfo, geometry: ConvGeometry): void;
  /** out = (x - mean) * inv + offset per channel of the last axis; mean, inv and offset hold C values. */
  batchNorm(x: tf.TensorInfo, mean: tf.TensorInfo, inv: tf.TensorInfo, offset: tf.TensorInfo, out: tf.TensorInfo): void;
  /**
   * Training-mode batch norm over every axis but the last of x [..., C]: writes out
   * (x's shape) and the batch's mean and biased variance [C]. scratch holds at least
   * 8C float32 (8-byte aligned, as the backend allocates).
   */
  batchNormTrain(x: tf.TensorInfo, gamma: tf.TensorInfo, beta: tf.TensorInfo, epsilon: number, out: tf.TensorInfo, mean: tf.TensorInfo, variance: tf.TensorInfo, scratch: tf.TensorInfo): void;
  /** Its gradient: dx (x's shape), dgamma and dbeta [C], from dy and the forward's x, gamma, mean and variance. */
  batchNormTrainGrad(dy: tf.TensorInfo, x: tf.TensorInfo, gamma: tf.TensorInfo, mean: tf.TensorInfo, variance: tf.TensorInfo, epsilon: number, dx: tf.TensorInfo, dgamma: tf.TensorInfo, dbeta: tf.TensorInfo, scratch: tf.TensorInfo): void;
}

/** A convolution's sizes, as tf.backend_util.computeConv2DInfo gives them. */
export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  /** Zero rows above and columns left of the input. */
  padTop: number;
  padLeft: number;
}

type Fn = (...args: number[]) => void;

/**
 * The WebAssembly global, typed here: tslab compiles lib files for notebooks with a
 * TypeScript lib that declares WebAssembly as a type namespace only, not a value.
 */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (...args: never[]) => object;
  CompileError: new (...args: never[]) => Error;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | null = null;
const bound = new WeakMap<BackendWasm, SimdTrainKernels | null>();

/** The committed .wasm, built from its C source by lib/tf/simd/build.sh. */
export function simdTrainKernelsPath(): string {
  return join(projectRoot(), "lib", "tf", "simd", "trainKernels.wasm");
}

/**
 * The kernels on `backend`'s memory, or null where they cannot run: a wasm backend
 * built without an exported memory, or a runtime without WebAssembly SIMD. Callers then
 * keep the JS kernels, which compute the same sums.
 */
export function simdTrainKernels(backend: BackendWasm): SimdTrainKernels | null {
  if (bound.has(backend)) return bound.get(backend) ?? null;
  let kernels: SimdTrainKernels | null = null;
  const memory = (backend.wasm as unknown as { asm?: { memory?: unknown } }).asm?.memory;
  if (memory instanceof wasmApi.Memory) {
    try {
      compiled ??= new wasmApi.Module(readFileSync(simdTrainKernelsPath()));
      const exports = new wasmApi.Instance(compiled, { env: { memory } }).exports as Record<string, Fn>;
      const at = (t: tf.TensorInfo): number => backend.dataIdMap.get(t.dataId).memoryOffset;
      const rowsAndChannels = (x: tf.TensorInfo): [number, number] => {
        const c = x.shape[x.shape.length - 1];
        return [x.shape.reduce((a, b) => a * b, 1) / c, c];
      };
      kernels = {
        depthwiseFilterGrad(x, dy, dw, g) {
          exports.depthwise_filter_grad(at(x), at(dy), at(dw), g.batch, g.inHeight, g.inWidth, g.inChannels, g.outHeight, g.outWidth,
            g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth, g.dilationHeight, g.dilationWidth, g.padTop, g.padLeft);
        },
        convInputGrad(dy, w, dx, g) {
          exports.conv_input_grad(at(dy), at(w), at(dx), g.batch, g.inHeight, g.inWidth, g.inChannels, g.outHeight, g.outWidth, g.outChannels,
            g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth, g.padTop, g.padLeft);
        },
        batchNorm(x, mean, inv, offset, out) {
          const n = x.shape.reduce((a, b) => a * b, 1);
          exports.batch_norm(at(x), at(mean), at(inv), at(offset), at(out), n, x.shape[x.shape.length - 1]);
        },
        batchNormTrain(x, gamma, beta, epsilon, out, mean, variance, scratch) {
          exports.batch_norm_train(at(x), at(gamma), at(beta), epsilon, at(out), at(mean), at(variance), at(scratch), ...rowsAndChannels(x));
        },
        batchNormTrainGrad(dy, x, gamma, mean, variance, epsilon, dx, dgamma, dbeta, scratch) {
          exports.batch_norm_train_grad(at(dy), at(x), at(gamma), at(mean), at(variance), epsilon, at(dx), at(dgamma), at(dbeta), at(scratch), ...rowsAndChannels(x));
        },
      };
    } catch (e) {
      // A runtime without SIMD refuses to compile the module; anything else is a bug.
      if (!(e instanceof wasmApi.CompileError)) throw e;
    }
  }
  bound.set(backend, kernels);
  return kernels;
}
