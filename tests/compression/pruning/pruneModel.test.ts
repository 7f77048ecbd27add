import { strict as assert } from "node:assert";
import { fineTune } from "../../../lib/compression/shared/fineTune.js";
import { cubicSparsity } from "../../../lib/compression/pruning/cubicSparsity.js";
import { magnitudeMask } from "../../../lib/compression/pruning/magnitudeMask.js";
import { modelAccuracy } from "../../../lib/compression/shared/modelAccuracy.js";
import { prunableKernels } from "../../../lib/compression/shared/prunableKernels.js";
import { pruneModel } from "../../../lib/compression/pruning/pruneModel.js";
import { sensitivityScan } from "../../../lib/compression/pruning/sensitivityScan.js";
import { sparsityOf } from "../../../lib/compression/pruning/sparsityOf.js";
import { loadDataset } from "../../../lib/data/loadDataset.js";
import { dsCnn } from "../../../lib/models/dsCnn.js";
import { tfReady } from "../../../lib/tf/tf.js";
import { Interrupted, noteInterrupt } from "../../../lib/viz/kernelInterrupts.js";

const data = () => loadDataset("synthetic-keywords", { split: "train", limit: 96, seed: 3 });

describe("compression: pruning a tfjs model", function () {
  this.timeout(120_000);
  before(async () => { await tfReady(); });

  it("pruneModel zeroes exactly the masked weights of the chosen layers", () => {
    const model = dsCnn({ seed: 2, filters: 8 });
    const masks = pruneModel(model, (k, w) => (k.kind === "depthwise" ? null : magnitudeMask(w, 0.75)));
    const kernels = prunableKernels(model);
    for (const k of kernels) {
      const w = k.read();
      if (k.kind === "depthwise") {
        assert.equal(masks[k.layer], undefined);
        assert.equal(sparsityOf(w), 0);
      } else {
        assert.equal(w.filter((v) => v === 0).length, Math.round(0.75 * w.length), k.layer);
        w.forEach((v, i) => assert.equal(v === 0, masks[k.layer][i] === 0));
      }
    }
  });

  it("sensitivityScan reports each layer and sparsity and leaves the model as it was", async () => {
    const model = dsCnn({ seed: 2, filters: 8 });
    const before = prunableKernels(model).map((k) => k.read());
    const d = data();
    const rows = await sensitivityScan(model, { sparsities: [0, 0.9], mask: magnitudeMask, evaluate: (m) => modelAccuracy(m, d), layers: ["pw1", "classifier"], progress: false });
    assert.deepEqual(rows.map((r) => [r.layer, r.sparsity, r.params]), [["pw1", 0, 64], ["pw1", 0.9, 64], ["classifier", 0, 96], ["classifier", 0.9, 96]]);
    assert.equal(rows[0].accuracy, modelAccuracy(model, d));
    prunableKernels(model).forEach((k, i) => assert.deepEqual(k.read(), before[i]));
    await assert.rejects(() => sensitivityScan(model, { sparsities: [0.5], mask: magnitudeMask, evaluate: () => 0, layers: ["nope"] }), /no prunable layer named nope/);
  });

  it("an interrupt stops sensitivityScan after the evaluation under way, with the model as it was, and fineTune after the step under way", async () => {
    const model = dsCnn({ seed: 2, filters: 8 });
    const before = prunableKernels(model).map((k) => k.read());
    const d = data();
    let evaluations = 0;
    const scan = sensitivityScan(model, { sparsities: [0.2, 0.5, 0.9], mask: magnitudeMask, progress: false, evaluate: (m) => {
      // The stop button, pressed during the second evaluation.
      if (++evaluations === 2) noteInterrupt();
      return modelAccuracy(m, d);
    } });
    await assert.rejects(scan, (e: Error) => e instanceof Interrupted && /sensitivity scan stopped by an interrupt/.test(e.message) && e.stack === `Interrupted: ${e.message}`);
    assert.equal(evaluations, 2);
    prunableKernels(model).forEach((k, i) => assert.deepEqual(k.read(), before[i]));
    let steps = 0;
    const tune = fineTune(model, d, { epochs: 3, batchSize: 8, label: false, afterStep: () => { if (++steps === 2) noteInterrupt(); } });
    await assert.rejects(tune, Interrupted);
    assert.equal(steps, 2);
  });

  it("fineTune keeps fixed masks through training, and a cubic schedule ends at its final sparsity; runs repeat exactly", async () => {
    const run = async () => {
      const model = dsCnn({ seed: 2, filters: 8 });
      const masks = pruneModel(model, (_k, w) => magnitudeMask(w, 0.5));
      const r = await fineTune(model, data(), { epochs: 1, masks, label: false, seed: 1 });
      for (const k of prunableKernels(model)) k.read().forEach((v, i) => { if (masks[k.layer][i] === 0) assert.equal(v, 0); });
      return r.epochLoss[0];
    };
    const [a, b] = [await run(), await run()];
    assert.ok(Number.isFinite(a));
    assert.equal(a, b);
    const model = dsCnn({ seed: 2, filters: 8 });
    const schedule = { initial: 0, final: 0.8, begin: 0, end: 4 };
    await fineTune(model, data(), { epochs: 2, label: false, gradual: { sparsityAt: (t) => cubicSparsity(t, schedule), mask: magnitudeMask, layers: ["pw2"] } });
    const pw2 = prunableKernels(model).find((k) => k.layer === "pw2")?.read() ?? new Float32Array();
    assert.equal(sparsityOf(pw2), Math.round(0.8 * 64) / 64);
    assert.equal(sparsityOf(prunableKernels(model)[0].read()), 0);
  });
});
