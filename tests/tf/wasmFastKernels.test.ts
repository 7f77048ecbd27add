import { strict as assert } from "node:assert";
import { tf, tfReady } from "../../lib/tf/tf.js";
import { maxRelativeError } from "../support/maxRelativeError.js";

type Values = Float32Array | Int32Array | Uint8Array;

async function on(backend: "cpu" | "wasm", f: () => tf.Tensor): Promise<{ shape: number[]; values: Values }> {
  await tf.setBackend(backend);
  const t = tf.tidy(f);
  const out = { shape: t.shape, values: (await t.data()) as Values };
  t.dispose();
  return out;
}


const data = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, "float32", seed);

describe("wasm fast kernels", function () {
  before(async function () {
    assert.equal(await tfReady(), "wasm");
  });
  after(async function () {
    await tf.setBackend("wasm");
  });

  it("replace the backend's copies, Tile, Sum, Mean, AvgPoolGrad, FusedBatchNorm and backprop kernels", function () {
    for (const name of ["Identity", "Cast", "Tile", "Sum", "Mean", "AvgPoolGrad", "FusedBatchNorm", "Conv2DBackpropInput", "Conv2DBackpropFilter", "DepthwiseConv2dNativeBackpropInput", "DepthwiseConv2dNativeBackpropFilter"]) {
      const fn = tf.getKernel(name, "wasm")?.kernelFunc;
      assert.ok(fn !== undefined, name);
      // The package's kernels share our function names; only ours fall back to `original`.
      assert.match(String(fn), /original\(/, `${name} is not the project's kernel`);
    }
  });

  // Tile moves data only, so it must equal the cpu backend bit for bit, in every dtype.
  const TILES: { x: number[]; reps: number[]; dtype: "float32" | "int32" | "bool" }[] = [
    { x: [1, 1, 1, 64], reps: [32, 25, 5, 1], dtype: "float32" },
    { x: [3, 1], reps: [2, 7], dtype: "float32" },
    { x: [2, 3, 4], reps: [3, 1, 2], dtype: "int32" },
    { x: [5], reps: [4], dtype: "bool" },
    { x: [2, 1, 3], reps: [1, 4, 1], dtype: "float32" },
    { x: [2, 2], reps: [0, 3], dtype: "float32" },
  ];
  for (const c of TILES) {
    it(`Tile ${c.dtype} [${c.x}] x [${c.reps}] is bit-exact with cpu`, async function () {
      const make = () => {
        const n = c.x.reduce((a, b) => a * b, 1);
        // Inputs come from JS arrays: the backends' own sin() differ in the last bit.
        const v = Array.from({ length: n }, (_, i) => Math.sin(i * 0.37));
        const t =
          c.dtype === "float32" ? tf.tensor(v, c.x) : c.dtype === "int32" ? tf.tensor(v.map((a) => Math.round(a * 100)), c.x, "int32") : tf.tensor(v.map((a) => a > 0), c.x, "bool");
        return tf.tile(t, c.reps);
      };
      const want = await on("cpu", make);
      const got = await on("wasm", make);
      assert.deepEqual(got.shape, want.shape);
      assert.deepEqual(Array.from(got.values), Array.from(want.values));
    });
  }

  it("Identity and a same-dtype Cast share the input's memory, which outlives the input's disposal", async function () {
    await tf.setBackend("wasm");
    const buffers = () => tf.backend().numDataIds();
    const x = tf.tensor([1.5, -2, 3], [3]);
    const before = buffers();
    const y = tf.clone(x);
    const z = tf.cast(x, "float32");
    assert.equal(buffers(), before, "a copy was made");
    x.dispose();
    assert.deepEqual(Array.from(await y.data()), [1.5, -2, 3]);
    y.dispose();
    assert.deepEqual(Array.from(await z.data()), [1.5, -2, 3]);
    z.dispose();
    assert.equal(buffers(), before - 1, "the shared memory was not freed with its last tensor");
  });

  it("Cast to another dtype still converts", async function () {
    await tf.setBackend("wasm");
    const got = tf.tidy(() => tf.cast(tf.tensor([1.7, -2.2, 0], [3]), "int32").add(tf.cast(tf.tensor([1, 0, 1], [3], "bool"), "int32")));
    assert.deepEqual(Array.from(await got.data()), [2, -2, 1]);
    got.dispose();
  });

  // [x, mean/variance, offset, scale] shapes; null: absent.
  const BATCH_NORMS: { x: number[]; p: number[]; offset: boolean; scale: boolean; note: string }[] = [
    { x: [32, 25, 5, 64], p: [64], offset: true, scale: true, note: "a DS-CNN activation" },
    { x: [2, 5, 3, 6], p: [1, 1, 1, 6], offset: true, scale: false, note: "6 channels, [1,1,1,C] statistics, no scale" },
    { x: [7, 3], p: [3], offset: false, scale: true, note: "rank 2, no offset" },
    { x: [2, 3, 6], p: [3, 1], offset: true, scale: true, note: "statistics along axis 1 (falls back)" },
  ];
  for (const b of BATCH_NORMS) {
    it(`FusedBatchNorm [${b.x}] with [${b.p}] statistics (${b.note}) matches cpu`, async function () {
      const make = () => {
        const v = data(b.p, 8).abs().add(0.1);
        return tf.batchNorm(data(b.x, 7), data(b.p, 9), v, b.offset ? data(b.p, 10) : undefined, b.scale ? data(b.p, 11) : undefined, 1e-3);
      };
      const want = await on("cpu", make);
      const got = await on("wasm", make);
      assert.deepEqual(got.shape, want.shape);
      assert.ok(maxRelativeError(got.values, want.values) < 1e-5, `relative error ${maxRelativeError(got.values, want.values)}`);
    });
  }

  const REDUCTIONS: { shape: number[]; axis: number[]; keepDims: boolean }[] = [
    { shape: [32, 25, 5, 64], axis: [0, 1, 2], keepDims: false },
    { shape: [4, 3, 7], axis: [1, 0], keepDims: true },
    { shape: [9, 6], axis: [0], keepDims: false },
    { shape: [4, 3, 7], axis: [0, 2], keepDims: false },
    { shape: [4, 3, 7], axis: [2], keepDims: true },
  ];
  for (const r of REDUCTIONS) {
    for (const op of ["sum", "mean"] as const) {
      it(`${op} over [${r.axis}] of [${r.shape}] (keepDims ${r.keepDims}) matches cpu`, async function () {
        const make = () => (op === "sum" ? tf.sum(data(r.shape, 3), r.axis, r.keepDims) : tf.mean(data(r.shape, 3), r.axis, r.keepDims));
        const want = await on("cpu", make);
        const got = await on("wasm", make);
        assert.deepEqual(got.shape, want.shape);
        assert.ok(maxRelativeError(got.values, want.values) < 1e-5, `relative error ${maxRelativeError(got.values, want.values)}`);
      });
    }
  }

  for (const p of [
    { x: [3, 25, 5, 8], size: [25, 5] as [number, number], strides: [1, 1] as [number, number], name: "global" },
    { x: [2, 6, 6, 3], size: [2, 2] as [number, number], strides: [2, 2] as [number, number], name: "2x2 (falls back)" },
  ]) {
    it(`AvgPoolGrad ${p.name} matches cpu`, async function () {
      const make = () => {
        const x = data(p.x, 5) as tf.Tensor4D;
        const f = (a: tf.Tensor) => tf.avgPool(a as tf.Tensor4D, p.size, p.strides, "valid").mul(data([p.x[0], p.x[1] / p.size[0], p.x[2] / p.size[1], p.x[3]], 6)).sum();
        return tf.grad(f)(x);
      };
      const want = await on("cpu", make);
      const got = await on("wasm", make);
      assert.ok(maxRelativeError(got.values, want.values) < 1e-5, `relative error ${maxRelativeError(got.values, want.values)}`);
    });
  }
});
