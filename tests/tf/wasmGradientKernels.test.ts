import { strict as assert } from "node:assert";
import { tf, tfReady } from "../../lib/tf/tf.js";
import { setWasmFastKernels } from "../../lib/tf/wasmFastKernels.js";
import { maxRelativeError } from "../support/maxRelativeError.js";

type Conv = { name: string; x: [number, number, number, number]; f: [number, number, number, number]; stride: [number, number]; pad: "same" | "valid"; dilation?: [number, number] };

// Shapes cover the course's models (DS-CNN's 10x4 stride-2 stem, 1x1 pointwise, 3x3
// depthwise with stride 1 and 2) and the awkward cases (stride remainders that leave
// rows unread, asymmetric strides, dilation, depth multipliers above 1).
const CONVS: Conv[] = [
  { name: "3x3 s1 same", x: [2, 9, 9, 3], f: [3, 3, 3, 5], stride: [1, 1], pad: "same" },
  { name: "3x3 s2 valid, odd size leaves a row unread", x: [2, 10, 10, 4], f: [3, 3, 4, 6], stride: [2, 2], pad: "valid" },
  { name: "10x4 s2 same (DS-CNN stem)", x: [3, 49, 10, 1], f: [10, 4, 1, 8], stride: [2, 2], pad: "same" },
  { name: "1x1 s1 (pointwise)", x: [4, 6, 5, 16], f: [1, 1, 16, 12], stride: [1, 1], pad: "same" },
  { name: "3x3 s(2,1) same", x: [2, 11, 7, 3], f: [3, 3, 3, 4], stride: [2, 1], pad: "same" },
  { name: "5x5 s3 same", x: [1, 17, 13, 2], f: [5, 5, 2, 3], stride: [3, 3], pad: "same" },
  { name: "1x1 s1 valid, channels not a multiple of 4", x: [3, 5, 4, 7], f: [1, 1, 7, 5], stride: [1, 1], pad: "valid" },
  { name: "1x1 s2 same", x: [2, 7, 6, 8], f: [1, 1, 8, 6], stride: [2, 2], pad: "same" },
];

const DEPTHWISE: Conv[] = [
  { name: "3x3 s1 same M1", x: [2, 8, 8, 6], f: [3, 3, 6, 1], stride: [1, 1], pad: "same" },
  { name: "3x3 s2 same M1", x: [2, 9, 9, 5], f: [3, 3, 5, 1], stride: [2, 2], pad: "same" },
  { name: "3x3 s1 same M4", x: [2, 6, 6, 2], f: [3, 3, 2, 4], stride: [1, 1], pad: "same" },
  { name: "3x3 s1 valid M2", x: [2, 7, 7, 3], f: [3, 3, 3, 2], stride: [1, 1], pad: "valid" },
  { name: "5x5 s2 valid M3", x: [1, 12, 11, 2], f: [5, 5, 2, 3], stride: [2, 2], pad: "valid" },
  { name: "3x3 s2 same M1, even size", x: [3, 10, 6, 8], f: [3, 3, 8, 1], stride: [2, 2], pad: "same" },
];

async function grads(backend: "cpu" | "wasm", c: Conv, depthwise: boolean): Promise<{ dx: Float32Array; df: Float32Array }> {
  await tf.setBackend(backend);
  const x = tf.randomNormal(c.x, 0, 1, "float32", 11) as tf.Tensor4D;
  const f = tf.randomNormal(c.f, 0, 1, "float32", 12) as tf.Tensor4D;
  const forward = (a: tf.Tensor4D, b: tf.Tensor4D) =>
    depthwise ? tf.depthwiseConv2d(a, b, c.stride, c.pad, "NHWC", c.dilation ?? [1, 1]) : tf.conv2d(a, b, c.stride, c.pad);
  const y = forward(x, f);
  // A random upstream gradient, so every output position carries a different weight.
  const w = tf.randomNormal(y.shape, 0, 1, "float32", 13);
  const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => forward(a as tf.Tensor4D, b as tf.Tensor4D).mul(w).sum());
  const [dx, df] = g([x, f]);
  const out = { dx: (await dx.data()) as Float32Array, df: (await df.data()) as Float32Array };
  tf.dispose([x, f, y, w, dx, df]);
  return out;
}


/**
 * tfjs's gradient functions refuse dilation > 1 and the cpu backend's backprop kernels
 * ignore it, so neither is an oracle there. The adjoint identity is: the backprop
 * kernels are the transposes of the (linear) forward conv, so for random directions
 * v and u, <dFilter, v> = <dy, conv(x, v)> and <dInput, u> = <dy, conv(u, f)>, with the
 * forward conv on the cpu backend.
 */
async function dilatedAdjointGaps(m: number): Promise<number[]> {
  const attrs = { strides: [1, 1], dilations: [2, 2], pad: "same" };
  const xs: [number, number, number, number] = [2, 10, 9, 4];
  const fs: [number, number, number, number] = [3, 3, 4, m];
  const mk = (shape: [number, number, number, number], seed: number) => tf.randomNormal(shape, 0, 1, "float32", seed) as tf.Tensor4D;
  await tf.setBackend("wasm");
  const x = mk(xs, 21), f = mk(fs, 22), dy = mk([2, 10, 9, 4 * m], 23);
  const df = tf.engine().runKernel("DepthwiseConv2dNativeBackpropFilter", { x, dy }, { ...attrs, filterShape: fs }) as tf.Tensor;
  const dx = tf.engine().runKernel("DepthwiseConv2dNativeBackpropInput", { dy, filter: f }, { ...attrs, inputShape: xs }) as tf.Tensor;
  const arr = async (t: tf.Tensor) => (await t.array()) as number[][][][];
  const got = { x: await arr(x), f: await arr(f), dy: await arr(dy), df: await arr(df), dx: await arr(dx) };
  await tf.setBackend("cpu");
  const gaps: number[] = [];
  for (let k = 0; k < 3; k++) {
    const v = mk(fs, 30 + k), u = mk(xs, 40 + k);
    const [X, F, DY] = [tf.tensor4d(got.x), tf.tensor4d(got.f), tf.tensor4d(got.dy)];
    const conv = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.depthwiseConv2d(a, b, 1, "same", "NHWC", [2, 2]);
    const lhsF = tf.sum(tf.mul(tf.tensor4d(got.df), v)).arraySync() as number;
    const rhsF = tf.sum(tf.mul(DY, conv(X, v))).arraySync() as number;
    const lhsX = tf.sum(tf.mul(tf.tensor4d(got.dx), u)).arraySync() as number;
    const rhsX = tf.sum(tf.mul(DY, conv(u, F))).arraySync() as number;
    gaps.push(Math.abs(lhsF - rhsF) / Math.abs(rhsF), Math.abs(lhsX - rhsX) / Math.abs(rhsX));
  }
  await tf.setBackend("wasm");
  return gaps;
}

// Each case runs with the optimised kernels (WebAssembly SIMD, XNNPACK rewrites) and
// with the JS reference kernels alone: both must match the cpu backend.
for (const fast of [true, false]) {
  describe(`lib/tf wasm gradient kernels (${fast ? "optimised" : "JS reference"})`, () => {
    before(async () => {
      await tfReady();
      setWasmFastKernels(fast);
    });
    after(async () => {
      setWasmFastKernels(true);
      await tf.setBackend("wasm");
    });

    it("registers the three kernels tfjs-backend-wasm lacks", () => {
      for (const k of ["Conv2DBackpropFilter", "DepthwiseConv2dNativeBackpropFilter", "DepthwiseConv2dNativeBackpropInput"]) {
        assert.ok(tf.getKernel(k, "wasm"), `${k} is not registered`);
      }
    });

    for (const c of CONVS) {
      it(`conv2d ${c.name}: filter and input gradients match the cpu backend to 1e-4`, async () => {
        const cpu = await grads("cpu", c, false);
        const wasm = await grads("wasm", c, false);
        assert.ok(maxRelativeError(wasm.df, cpu.df) < 1e-4, `dFilter rel err ${maxRelativeError(wasm.df, cpu.df)}`);
        assert.ok(maxRelativeError(wasm.dx, cpu.dx) < 1e-4, `dInput rel err ${maxRelativeError(wasm.dx, cpu.dx)}`);
      });
    }
    for (const m of [1, 2]) {
      it(`depthwise 3x3 dilation 2, M${m}: both kernels are the adjoints of the cpu forward conv to 1e-4`, async () => {
        const gaps = await dilatedAdjointGaps(m);
        assert.ok(gaps.every((g) => g < 1e-4), `relative gaps ${gaps.map((g) => g.toExponential(2)).join(", ")}`);
      });
    }
    for (const c of DEPTHWISE) {
      it(`depthwise ${c.name}: filter and input gradients match the cpu backend to 1e-4`, async () => {
        const cpu = await grads("cpu", c, true);
        const wasm = await grads("wasm", c, true);
        assert.ok(maxRelativeError(wasm.df, cpu.df) < 1e-4, `dFilter rel err ${maxRelativeError(wasm.df, cpu.df)}`);
        assert.ok(maxRelativeError(wasm.dx, cpu.dx) < 1e-4, `dInput rel err ${maxRelativeError(wasm.dx, cpu.dx)}`);
      });
    }
  });
}
