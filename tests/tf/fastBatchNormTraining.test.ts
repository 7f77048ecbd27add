import { strict as assert } from "node:assert";
import { tf, tfReady } from "../../lib/tf/tf.js";
import { setWasmFastKernels } from "../../lib/tf/wasmFastKernels.js";
import { maxRelativeError } from "../support/maxRelativeError.js";

type Net = { name: string; input: number[]; build: (input: tf.SymbolicTensor) => tf.SymbolicTensor };

// Seeded initialisers, so every run starts from the same weights.
const conv = (filters: number, seed: number) => tf.layers.conv2d({ filters, kernelSize: 3, padding: "same", useBias: false, kernelInitializer: tf.initializers.glorotUniform({ seed }) });
const dense = (units: number, seed: number, activation?: "softmax") => tf.layers.dense({ units, activation, kernelInitializer: tf.initializers.glorotUniform({ seed }) });
const bn = () => tf.layers.batchNormalization({ momentum: 0.9, gammaInitializer: tf.initializers.randomUniform({ minval: 0.5, maxval: 1.5, seed: 5 }), betaInitializer: tf.initializers.randomUniform({ minval: -0.2, maxval: 0.2, seed: 6 }) });
const apply = (l: tf.layers.Layer, x: tf.SymbolicTensor) => l.apply(x) as tf.SymbolicTensor;

const NETS: Net[] = [
  {
    name: "conv, 6 channels (not a multiple of 4), two BN layers",
    input: [6, 5, 2],
    build: (x) => apply(dense(4, 3, "softmax"), apply(tf.layers.globalAveragePooling2d({}), apply(tf.layers.reLU(), apply(bn(), apply(conv(6, 2), apply(tf.layers.reLU(), apply(bn(), apply(conv(8, 1), x)))))))),
  },
  {
    name: "dense, rank-2 BN over 5 features",
    input: [7],
    build: (x) => apply(dense(3, 8, "softmax"), apply(tf.layers.reLU(), apply(bn(), apply(dense(5, 7), x)))),
  },
];

/** Loss gradients of every trainable weight and the moving statistics after one training-mode pass, on `backend`. */
async function trainStep(net: Net, backend: "cpu" | "wasm", fast: boolean): Promise<Map<string, Float32Array>> {
  await tf.setBackend(backend);
  setWasmFastKernels(fast);
  const input = tf.input({ shape: net.input });
  const model = tf.model({ inputs: input, outputs: net.build(input) });
  const batch = 12;
  const x = tf.randomNormal([batch, ...net.input], 0, 1, "float32", 3);
  const classes = model.outputs[0].shape[1] as number;
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % classes), "int32"), classes);
  const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
  // Keyed by position: layer names carry a process-wide counter.
  const out = new Map<string, Float32Array>();
  for (const [i, w] of model.weights.entries()) {
    const key = `weight ${i} (${w.name.split("/").at(-1)})`;
    if (w.trainable) out.set(`gradient of ${key}`, (await grads[w.originalName].data()) as Float32Array);
    else out.set(`${key} after the step`, (await w.read().data()) as Float32Array);
  }
  tf.dispose([x, y, ...Object.values(grads)]);
  model.dispose();
  return out;
}

/**
 * Relative to the reference's largest magnitude, floored at 1e-3: a bias just before a
 * BN layer has a gradient of exactly 0 in exact arithmetic, so both backends return
 * rounding noise there.
 */
const relErr = (got: Float32Array, want: Float32Array) => maxRelativeError(got, want, 1e-3);

describe("lib/tf fused batch-norm training step (wasm)", function () {
  before(async function () {
    assert.equal(await tfReady(), "wasm");
  });
  after(async function () {
    setWasmFastKernels(true);
    await tf.setBackend("wasm");
  });

  for (const net of NETS) {
    it(`${net.name}: gradients and moving statistics match tfjs's own BN on cpu and on wasm to 1e-4`, async function () {
      const cpu = await trainStep(net, "cpu", true);
      const reference = await trainStep(net, "wasm", false);
      const fast = await trainStep(net, "wasm", true);
      assert.equal(fast.size, cpu.size);
      for (const [name, want] of cpu) {
        for (const [label, got] of [["wasm optimised", fast.get(name)], ["wasm reference", reference.get(name)]] as const) {
          assert.ok(got !== undefined && got.length === want.length, `${label}: ${name} missing`);
          assert.ok(relErr(got, want) < 1e-4, `${label}: ${name} relative error ${relErr(got, want).toExponential(2)}`);
        }
      }
    });
  }

  it("runs the fused kernels in training only; inference is the layer's own batchNorm", async function () {
    await tf.setBackend("wasm");
    setWasmFastKernels(true);
    const input = tf.input({ shape: [4, 4, 3] });
    const model = tf.model({ inputs: input, outputs: apply(bn(), apply(conv(4, 1), input)) });
    const x = tf.randomNormal([2, 4, 4, 3], 0, 1, "float32", 4);
    const kernels = async (training: boolean) => (await tf.profile(() => tf.dispose(model.apply(x, { training }) as tf.Tensor))).kernelNames;
    assert.ok((await kernels(true)).includes("TinymlBatchNormTrain"));
    const inference = await kernels(false);
    assert.ok(!inference.includes("TinymlBatchNormTrain") && inference.includes("FusedBatchNorm"), inference.join(" "));
    tf.dispose(x);
    model.dispose();
  });

  it("leaks no tensor across training steps", async function () {
    await tf.setBackend("wasm");
    setWasmFastKernels(true);
    const input = tf.input({ shape: NETS[0].input });
    const model = tf.model({ inputs: input, outputs: NETS[0].build(input) });
    model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy" });
    const x = tf.randomNormal([8, ...NETS[0].input], 0, 1, "float32", 1);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], "int32"), 4);
    await model.trainOnBatch(x, y);
    const before = tf.memory().numTensors;
    const buffers = tf.backend().numDataIds();
    for (let i = 0; i < 20; i++) await model.trainOnBatch(x, y);
    assert.equal(tf.memory().numTensors, before);
    assert.equal(tf.backend().numDataIds(), buffers);
    tf.dispose([x, y]);
    model.dispose();
  });
});
