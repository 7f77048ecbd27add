import { strict as assert } from "node:assert";
import { archAccuracyPairs } from "../../lib/nas/archAccuracyPairs.js";
import { archMacs } from "../../lib/nas/archMacs.js";
import { encodeArch } from "../../lib/nas/encodeArch.js";
import { spearman } from "../../lib/nas/spearman.js";
import { trainAccuracyPredictor } from "../../lib/nas/trainAccuracyPredictor.js";
import { tfReady } from "../../lib/tf/tf.js";

describe("nas: the accuracy predictor", function () {
  this.timeout(300_000);
  before(async () => { await tfReady(); });

  it("trained on 800 shipped pairs, it ranks the 200 it never saw better than MACs do, and repeats under its seed", async () => {
    const { pairs } = archAccuracyPairs();
    const train = pairs.slice(0, 800), held = pairs.slice(800);
    const a = await trainAccuracyPredictor(train, { encode: encodeArch, seed: 1, epochs: 150, label: false });
    const predicted = a.predict(held.map((p) => p.arch));
    const measured = held.map((p) => p.accuracy);
    const rho = spearman(predicted, measured), byMacs = spearman(held.map((p) => archMacs(p.arch)), measured);
    assert.ok(rho >= 0.5 && rho > byMacs + 0.1, `Spearman ${rho} (MACs alone: ${byMacs})`);
    const b = await trainAccuracyPredictor(train, { encode: encodeArch, seed: 1, epochs: 150, label: false });
    assert.deepEqual(b.predict(held.slice(0, 20).map((p) => p.arch)), a.predict(held.slice(0, 20).map((p) => p.arch)));
    await assert.rejects(trainAccuracyPredictor(train, { encode: (x) => (x.stemStride === 1 ? new Float32Array(3) : new Float32Array(4)), seed: 1, label: false }), /every encoding must have the same length/);
  });
});
