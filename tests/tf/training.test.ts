import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tf, tfReady } from "../../lib/tf/tf.js";
import { seedEverything, makeRng } from "../../lib/tf/seedEverything.js";
import { loadModel, saveModel } from "../../lib/tf/modelFiles.js";
import { dsCnn } from "../../lib/models/dsCnn.js";

/** Two classes of 12x8 "spectrograms": energy in the top or the bottom half, plus noise. */
function bands(n: number, seed: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const rng = makeRng(seed);
  const xs = new Float32Array(n * 12 * 8);
  const ys = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const cls = i % 2;
    ys[i * 2 + cls] = 1;
    for (let r = 0; r < 12; r++) for (let c = 0; c < 8; c++) {
      xs[(i * 12 + r) * 8 + c] = ((cls === 0 ? r < 6 : r >= 6) ? 0.8 : 0) + (rng() - 0.5);
    }
  }
  return { x: tf.tensor4d(xs, [n, 12, 8, 1]), y: tf.tensor2d(ys, [n, 2]) };
}

describe("lib/tf training on the wasm backend", () => {
  before(async () => {
    assert.equal(await tfReady(), "wasm");
  });

  it("a small DS-CNN's loss falls when trained on wasm (conv and depthwise gradients)", async () => {
    seedEverything(7);
    const model = dsCnn({ inputShape: [12, 8], classes: 2, filters: 8, blocks: 2, seed: 3 });
    model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
    const { x, y } = bands(64, 1);
    const h = await model.fit(x, y, { epochs: 8, batchSize: 16, shuffle: true, verbose: 0 });
    const loss = h.history.loss as number[];
    assert.ok(loss[loss.length - 1] < 0.6 * loss[0], `loss ${loss.map((l) => l.toFixed(3)).join(" ")}`);
    tf.dispose([x, y]);
  });

  it("seedEverything makes two training runs identical", async () => {
    const run = async () => {
      seedEverything(42);
      const model = dsCnn({ inputShape: [12, 8], classes: 2, filters: 4, blocks: 1 });
      model.compile({ optimizer: tf.train.sgd(0.1), loss: "categoricalCrossentropy" });
      const { x, y } = bands(32, 2);
      const h = await model.fit(x, y, { epochs: 2, batchSize: 8, shuffle: true, verbose: 0 });
      tf.dispose([x, y]);
      return h.history.loss as number[];
    };
    assert.deepEqual(await run(), await run());
  });

  it("the same seeded training gives the same losses and accuracy on cpu and on wasm (optimised and reference kernels), to float rounding", async () => {
    const { setWasmFastKernels } = await import("../../lib/tf/wasmFastKernels.js");
    const run = async (backend: "cpu" | "wasm", fast: boolean) => {
      await tf.setBackend(backend);
      setWasmFastKernels(fast);
      seedEverything(11);
      const model = dsCnn({ inputShape: [12, 8], classes: 2, filters: 8, blocks: 2, seed: 4 });
      model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
      const { x, y } = bands(48, 5);
      const h = await model.fit(x, y, { epochs: 3, batchSize: 16, shuffle: true, verbose: 0 });
      const acc = (await model.evaluate(x, y) as tf.Scalar[])[1].dataSync()[0];
      tf.dispose([x, y]);
      model.dispose();
      return { loss: h.history.loss as number[], acc };
    };
    try {
      const cpu = await run("cpu", true);
      for (const [label, got] of [["wasm optimised", await run("wasm", true)], ["wasm reference", await run("wasm", false)]] as const) {
        const gaps = got.loss.map((l, i) => Math.abs(l - cpu.loss[i]) / cpu.loss[i]);
        assert.ok(gaps.every((g) => g < 1e-3), `${label}: losses ${got.loss.join(" ")} vs cpu ${cpu.loss.join(" ")}`);
        assert.equal(got.acc, cpu.acc, label);
      }
    } finally {
      setWasmFastKernels(true);
      await tf.setBackend("wasm");
    }
  });

  it("saves and loads a model to files without tfjs-node, predictions unchanged", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tinyml-model-"));
    try {
      const model = dsCnn({ inputShape: [12, 8], classes: 3, filters: 4, blocks: 1, seed: 5 });
      const { x } = bands(4, 3);
      const before = (await (model.predict(x) as tf.Tensor).data()) as Float32Array;
      await saveModel(model, join(dir, "m"));
      const loaded = await loadModel(join(dir, "m"));
      const after = (await (loaded.predict(x) as tf.Tensor).data()) as Float32Array;
      assert.deepEqual(Array.from(after), Array.from(before));
      writeFileSync(join(dir, "m", "weights.bin"), Buffer.alloc(10));
      await assert.rejects(loadModel(join(dir, "m")), /truncated/);
      await assert.rejects(loadModel(join(dir, "nothing")), /no model.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
