import { strict as assert } from "node:assert";
import { clusterModel } from "../../../lib/compression/quantization/clusterModel.js";
import { fineTune } from "../../../lib/compression/shared/fineTune.js";
import { kmeansFineTune } from "../../../lib/compression/quantization/kmeansFineTune.js";
import { kmeansQuantize } from "../../../lib/compression/quantization/kmeansQuantize.js";
import { mapKernels } from "../../../lib/compression/shared/mapKernels.js";
import { prunableKernels } from "../../../lib/compression/shared/prunableKernels.js";
import { qatFineTune } from "../../../lib/compression/quantization/qatFineTune.js";
import { loadDataset } from "../../../lib/data/loadDataset.js";
import { dsCnn } from "../../../lib/models/dsCnn.js";
import { tfReady } from "../../../lib/tf/tf.js";

const data = () => loadDataset("synthetic-keywords", { split: "train", limit: 96, seed: 3 });

/** Symmetric per-tensor fake quantization at `bits`, written independently of the lab's functions. */
function fakeQuant(w: Float32Array, bits: number): Float32Array {
  const qmax = 2 ** (bits - 1) - 1;
  const scale = Math.max(...Array.from(w, Math.abs)) / qmax || 1;
  return w.map((v) => scale * Math.round(v / scale));
}

describe("compression: quantizing a tfjs model", function () {
  this.timeout(120_000);
  before(async () => { await tfReady(); });

  it("clusterModel puts every weight on its centroid; kmeansFineTune moves the centroids and keeps the labels", async () => {
    const model = dsCnn({ seed: 4, filters: 8 });
    const clusters = clusterModel(model, (k, w) => (k.kind === "depthwise" ? null : kmeansQuantize(w, 2)));
    const before = Object.fromEntries(Object.entries(clusters).map(([l, c]) => [l, { codebook: c.codebook.slice(), labels: c.labels.slice() }]));
    const check = () => {
      for (const k of prunableKernels(model)) {
        const c = clusters[k.layer];
        if (k.kind === "depthwise") { assert.equal(c, undefined); continue; }
        const w = k.read();
        w.forEach((v, i) => assert.equal(v, c.codebook[c.labels[i]]));
        assert.ok(new Set(w).size <= 4, k.layer);
      }
    };
    check();
    const { epochLoss } = await kmeansFineTune(model, data(), clusters, { epochs: 2, seed: 1, label: false, learningRate: 3e-3 });
    check();
    assert.ok(epochLoss[1] < epochLoss[0], `loss ${epochLoss.join(" -> ")}`);
    for (const [l, c] of Object.entries(clusters)) {
      assert.deepEqual(c.labels, before[l].labels);
      assert.notDeepEqual(c.codebook, before[l].codebook, l);
    }
  });

  it("qatFineTune with an identity quantizer is plain fine-tuning (the straight-through bookkeeping loses nothing)", async () => {
    const a = dsCnn({ seed: 5, filters: 8 });
    const b = dsCnn({ seed: 5, filters: 8 });
    await qatFineTune(a, data(), (_k, w) => w.slice(), { epochs: 1, seed: 2, label: false });
    await fineTune(b, data(), { epochs: 1, seed: 2, label: false });
    const kb = prunableKernels(b);
    prunableKernels(a).forEach((k, i) => {
      const wa = k.read(), wb = kb[i].read();
      // Shadow updates are added back in float32: allow rounding of w + (w' - w).
      wa.forEach((v, j) => assert.ok(Math.abs(v - wb[j]) <= 1e-6 * Math.max(1, Math.abs(wb[j])), `${k.layer}[${j}]: ${v} vs ${wb[j]}`));
    });
  });

  it("qatFineTune ends on the quantization grid, away from where rounding the float model lands", async () => {
    const model = dsCnn({ seed: 6, filters: 8 });
    const ptq = dsCnn({ seed: 6, filters: 8 });
    mapKernels(ptq, (_k, w) => fakeQuant(w, 3));
    await qatFineTune(model, data(), (k, w) => (k.kind === "dense" ? null : fakeQuant(w, 3)), { epochs: 1, seed: 2, label: false });
    const kp = prunableKernels(ptq);
    prunableKernels(model).forEach((k, i) => {
      const w = k.read();
      if (k.kind === "dense") return;
      assert.deepEqual(fakeQuant(w, 3), w, `${k.layer} is not on its 3-bit grid`);
      assert.ok(new Set(w).size <= 7);
      assert.notDeepEqual(w, kp[i].read(), `${k.layer} did not train`);
    });
  });
});
