import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { simdTrainKernels } from "./simdTrainKernels.js";
import { wasmFastKernelsEnabled } from "./wasmFastKernels.js";

type Info = tf.TensorInfo;
type KernelArgs = { inputs: Record<string, Info>; backend: BackendWasm; attrs: Record<string, unknown> };

const TRAIN = "TinymlBatchNormTrain";
const TRAIN_GRAD = "TinymlBatchNormTrainGrad";

/** The fields of tfjs-layers' BatchNormalization that its training step reads. */
interface BatchNormLayer {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: { read(): tf.Tensor; write(v: tf.Tensor): void };
  beta: { read(): tf.Tensor; write(v: tf.Tensor): void };
  movingMean: { read(): tf.Tensor; write(v: tf.Tensor): void };
  movingVariance: { read(): tf.Tensor; write(v: tf.Tensor): void };
}

type Call = (this: BatchNormLayer, inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) => tf.Tensor;

function scratch(backend: BackendWasm, channels: number): Info {
  return backend.makeOutput([8 * channels], "float32");
}

function batchNormTrain({ inputs, backend, attrs }: KernelArgs): Info[] {
  const { x, gamma, beta } = inputs;
  const simd = simdTrainKernels(backend);
  if (simd === null) throw new Error(`${TRAIN} needs the WebAssembly SIMD kernels`);
  const c = x.shape[x.shape.length - 1];
  const out = backend.makeOutput(x.shape, "float32");
  const mean = backend.makeOutput([c], "float32");
  const variance = backend.makeOutput([c], "float32");
  const acc = scratch(backend, c);
  simd.batchNormTrain(x, gamma, beta, attrs.epsilon as number, out, mean, variance, acc);
  backend.disposeData(acc.dataId);
  return [out, mean, variance];
}

function batchNormTrainGrad({ inputs, backend, attrs }: KernelArgs): Info[] {
  const { dy, x, gamma, mean, variance } = inputs;
  const simd = simdTrainKernels(backend);
  if (simd === null) throw new Error(`${TRAIN_GRAD} needs the WebAssembly SIMD kernels`);
  const c = x.shape[x.shape.length - 1];
  const dx = backend.makeOutput(x.shape, "float32");
  const dgamma = backend.makeOutput([c], "float32");
  const dbeta = backend.makeOutput([c], "float32");
  const acc = scratch(backend, c);
  simd.batchNormTrainGrad(dy, x, gamma, mean, variance, attrs.epsilon as number, dx, dgamma, dbeta, acc);
  backend.disposeData(acc.dataId);
  return [dx, dgamma, dbeta];
}

/**
 * Normalises x [..., C] with its batch statistics over every axis but the last, in one
 * forward and one backward WebAssembly pass, and returns the normalised tensor and the
 * statistics (mean and biased variance [C], kept: the caller disposes them).
 * Differentiable in x, gamma and beta with the exact batch-norm gradient.
 */
function trainingBatchNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): { normed: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor } {
  let stats: tf.Tensor[] = [];
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xs, g, b] = args as tf.Tensor[];
    const save = args[3] as tf.GradSaveFunc;
    const [out, mean, variance] = tf.engine().runKernel(TRAIN, { x: xs, gamma: g, beta: b }, { epsilon }) as tf.Tensor[];
    save([xs, g, mean, variance]);
    stats = [tf.keep(mean), tf.keep(variance)];
    return {
      value: out,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [sx, sg, sm, sv] = saved;
        return tf.engine().runKernel(TRAIN_GRAD, { dy: dy as tf.Tensor, x: sx, gamma: sg, mean: sm, variance: sv }, { epsilon }) as tf.Tensor[];
      },
    };
  });
  const normed = op(x, gamma, beta);
  return { normed, mean: stats[0], variance: stats[1] };
}

let installed = false;

/**
 * Makes tfjs-layers' BatchNormalization train through trainingBatchNorm on the wasm
 * backend. Its own training path computes tf.moments and batchNorm from some ten
 * whole-tensor operations forward and twenty backward, each a pass over the
 * activation: a third of a DS-CNN training step. The replacement computes the same
 * function and the same gradient in two passes each way, and updates the moving
 * statistics exactly as tfjs-layers does.
 *
 * Everything else (inference, another axis, center or scale off, another backend, a
 * runtime without WebAssembly SIMD) goes to the layer's own `call`, which stays the
 * reference the tests compare with. setWasmFastKernels(false), or
 * TINYML_WASM_FAST_KERNELS=0, keeps it for all. Idempotent.
 */
export function installFastBatchNormTraining(): void {
  if (installed) return;
  installed = true;
  tf.registerKernel({ kernelName: TRAIN, backendName: "wasm", kernelFunc: batchNormTrain as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: TRAIN_GRAD, backendName: "wasm", kernelFunc: batchNormTrainGrad as unknown as tf.KernelFunc });
  const proto = Object.getPrototypeOf(tf.layers.batchNormalization({})) as { call: Call };
  const original = proto.call;
  proto.call = function (this: BatchNormLayer, inputs, kwargs) {
    const input = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : null) : inputs;
    const fast =
      kwargs.training === true &&
      input !== null &&
      input.dtype === "float32" &&
      input.rank >= 2 &&
      (this.axis === -1 || this.axis === input.rank - 1) &&
      this.center &&
      this.scale &&
      tf.getBackend() === "wasm" &&
      wasmFastKernelsEnabled() &&
      simdTrainKernels(tf.backend() as BackendWasm) !== null;
    if (!fast) return original.call(this, inputs, kwargs);
    return tf.tidy(() => {
      const { normed, mean, variance } = trainingBatchNorm(input, this.gamma.read(), this.beta.read(), this.epsilon);
      // tfjs-layers' doMovingAverage, operation for operation.
      for (const [v, value] of [[this.movingMean, mean], [this.movingVariance, variance]] as const) {
        tf.tidy(() => {
          const orig = v.read();
          v.write(tf.sub(orig, tf.mul(tf.sub(orig, value), 1 - this.momentum)));
        });
      }
      mean.dispose();
      variance.dispose();
      return normed;
    });
  };
}
