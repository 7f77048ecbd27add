import { strict as assert } from "node:assert";
import { channelL2Norms } from "../../../lib/compression/pruning/channelL2Norms.js";
import { channelsToKeep } from "../../../lib/compression/pruning/channelsToKeep.js";
import { dsCnnMacs } from "../../../lib/compression/pruning/dsCnnMacs.js";
import { pruneChannels } from "../../../lib/compression/pruning/pruneChannels.js";
import { convertModel } from "../../../lib/deploy/convert/convertModel.js";
import { graphMacs } from "../../../lib/ir/countMacs.js";
import { dsCnn } from "../../../lib/models/dsCnn.js";
import { tf, tfReady } from "../../../lib/tf/tf.js";
import { makeRng } from "../../../lib/tf/seedEverything.js";

const CONVS = ["stem_conv", "pw1", "pw2", "pw3", "pw4"];

/** Random but fixed batch-norm statistics, so removing channels is not trivially invisible. */
function randomiseBatchNorms(model: tf.LayersModel, seed: number): void {
  const rng = makeRng(seed);
  for (const l of model.layers.filter((x) => x.getClassName() === "BatchNormalization")) {
    l.setWeights(l.getWeights().map((w, i) => tf.tensor(Float32Array.from({ length: w.size }, () => (i === 3 ? 0.5 + rng() : rng() - 0.5)), w.shape)));
  }
}

describe("compression: pruneChannels", function () {
  this.timeout(60_000);
  before(async () => { await tfReady(); });

  it("the narrow model computes exactly what the wide one does with the removed channels silenced", async () => {
    const wide = dsCnn({ seed: 3, filters: 16 });
    randomiseBatchNorms(wide, 4);
    const keep: Record<string, Int32Array> = {};
    const widths = [8, 12, 5, 16, 9];
    CONVS.forEach((name, i) => {
      const k = wide.getLayer(name).getWeights()[0];
      keep[name] = channelsToKeep(channelL2Norms(k.dataSync() as Float32Array, k.shape as [number, number, number, number]), widths[i]);
    });
    const narrow = await pruneChannels(wide, keep);
    // Silence the removed channels in the wide model: their BN (after the conv and after the next depthwise) outputs 0.
    const silence = (bnName: string, kept: Int32Array) => {
      const bn = wide.getLayer(bnName);
      const [gamma, beta, mean, variance] = bn.getWeights().map((w) => w.dataSync() as Float32Array);
      for (let c = 0; c < gamma.length; c++) if (!kept.includes(c)) { gamma[c] = 0; beta[c] = 0; }
      bn.setWeights([gamma, beta, mean, variance].map((d) => tf.tensor1d(d)));
    };
    CONVS.forEach((name, i) => {
      silence(i === 0 ? "stem_bn" : `${name}_bn`, keep[name]);
      if (i < 4) silence(`dw${i + 1}_bn`, keep[name]);
    });
    const x = tf.randomNormal([4, 49, 10, 1], 0, 1, "float32", 5);
    const a = (wide.predict(x) as tf.Tensor).dataSync(), b = (narrow.predict(x) as tf.Tensor).dataSync();
    assert.deepEqual((narrow.outputs[0].shape), [null, 12]);
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-5, `output ${i}: ${a[i]} vs ${b[i]}`);
    assert.deepEqual(CONVS.map((n) => narrow.getLayer(n).getWeights()[0].shape[3]), widths);
    assert.deepEqual(narrow.getLayer("classifier").getWeights()[0].shape, [9, 12]);
  });

  it("the exported int8 graph has the channels physically removed: MACs follow dsCnnMacs (hand formula)", async () => {
    const model = dsCnn({ seed: 1 });
    const widths = [32, 40, 24, 64, 16];
    const keep = Object.fromEntries(CONVS.map((n, i) => [n, Int32Array.from({ length: widths[i] }, (_, j) => j)]));
    const narrow = await pruneChannels(model, keep);
    const rng = makeRng(2);
    const calibration = Array.from({ length: 4 }, () => Float32Array.from({ length: 490 }, () => rng() * 2 - 1));
    const { int8 } = convertModel(narrow, { calibration });
    // By hand for [32, 40, 24, 64, 16]: 125*32*40 + 125*(32*9 + 32*40 + 40*9 + 40*24 + 24*9 + 24*64 + 64*9 + 64*16) + 16*12.
    const byHand = 125 * 32 * 40 + 125 * (32 * 9 + 32 * 40 + 40 * 9 + 40 * 24 + 24 * 9 + 24 * 64 + 64 * 9 + 64 * 16) + 16 * 12;
    assert.equal(dsCnnMacs(widths, 12), byHand);
    assert.equal(graphMacs(int8), byHand);
    assert.ok(graphMacs(convertModel(model, { calibration }).int8) > 2 * byHand);
  });

  it("refuses what it cannot do, by name", async () => {
    const model = dsCnn({ seed: 1, filters: 8 });
    await assert.rejects(pruneChannels(model, { dw1: [0] }), /dw1 is not a conv layer/);
    const input = tf.input({ shape: [4, 4, 2] });
    const c1 = tf.layers.conv2d({ filters: 2, kernelSize: 1, name: "c1" }).apply(input) as tf.SymbolicTensor;
    const sum = tf.layers.add().apply([c1, input]) as tf.SymbolicTensor;
    await assert.rejects(pruneChannels(tf.model({ inputs: input, outputs: sum }), { c1: [0] }), /only chains of layers are supported/);
  });
});
