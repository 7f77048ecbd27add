import { strict as assert } from "node:assert";
import { tf, tfReady } from "../../lib/tf/tf.js";
import { profileModel } from "../../lib/models/profileModel.js";
import { dsCnn } from "../../lib/models/dsCnn.js";
import { resnet8 } from "../../lib/models/resnet8.js";
import { makeDivisible, mobileNetV2 } from "../../lib/models/mobileNetV2.js";

describe("lib/models profileModel", () => {
  before(async () => {
    await tfReady();
  });

  it("counts a small chain by hand: conv, depthwise stride 2, flatten, dense", () => {
    const input = tf.input({ shape: [8, 8, 1] });
    const c = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: "same", name: "c" }).apply(input) as tf.SymbolicTensor;
    const d = tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: "same", name: "d" }).apply(c) as tf.SymbolicTensor;
    const f = tf.layers.flatten({ name: "f" }).apply(d) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 10, name: "fc" }).apply(f) as tf.SymbolicTensor;
    const p = profileModel(tf.model({ inputs: input, outputs: out }));
    const by = Object.fromEntries(p.layers.map((l) => [l.name, l]));
    // conv: 8*8 positions * 4 filters * 3*3*1 taps; params 3*3*1*4 + 4 biases
    assert.equal(by.c.macs, 8 * 8 * 4 * 9);
    assert.equal(by.c.params, 40);
    // depthwise: 4*4 positions * 4 channels * 9 taps; params 9*4 + 4
    assert.equal(by.d.macs, 4 * 4 * 4 * 9);
    assert.equal(by.d.params, 40);
    assert.equal(by.fc.macs, 64 * 10);
    assert.equal(by.fc.params, 650);
    assert.equal(p.macs, 2304 + 576 + 640);
    // int8 live bytes: conv step holds input 64 + output 256; dense holds 64 + 10.
    assert.equal(by.c.liveBytes, 64 + 256);
    assert.equal(by.d.liveBytes, 256 + 64);
    assert.equal(by.f.inPlace, true);
    assert.equal(by.fc.liveBytes, 64 + 10);
    assert.equal(p.peakActivationBytes, 320);
    // int8 weights + int32 bias per output channel
    assert.equal(p.int8WeightBytes, 36 + 4 * 4 + 36 + 4 * 4 + 640 + 4 * 10);
    assert.equal(profileModel(tf.model({ inputs: input, outputs: out }), 4).peakActivationBytes, 1280);
  });

  it("keeps a residual input live until its add", () => {
    const input = tf.input({ shape: [4, 4, 2] });
    const a = tf.layers.conv2d({ filters: 2, kernelSize: 1, name: "a" }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers.conv2d({ filters: 2, kernelSize: 1, name: "b" }).apply(a) as tf.SymbolicTensor;
    const s = tf.layers.add({ name: "s" }).apply([input, b]) as tf.SymbolicTensor;
    const p = profileModel(tf.model({ inputs: input, outputs: s }));
    const by = Object.fromEntries(p.layers.map((l) => [l.name, l]));
    // Every tensor is 32 bytes. During b: input (kept for the add), a, b.
    assert.equal(by.a.liveBytes, 64);
    assert.equal(by.b.liveBytes, 96);
    assert.equal(by.s.liveBytes, 96);
    assert.equal(p.peakActivationBytes, 96);
  });

  it("treats batch norm and ReLU as folded into the conv before them", () => {
    const input = tf.input({ shape: [6, 6, 3] });
    let x = tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: "same", useBias: false }).apply(input) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU().apply(x) as tf.SymbolicTensor;
    const p = profileModel(tf.model({ inputs: input, outputs: x }));
    assert.equal(p.peakActivationBytes, 6 * 6 * 3 + 6 * 6 * 8);
    // BN's 4 * 8 parameters count as Keras counts them, but in flash the conv gains an int32 bias.
    assert.equal(p.params, 3 * 3 * 3 * 8 + 4 * 8);
    assert.equal(p.int8WeightBytes, 3 * 3 * 3 * 8 + 4 * 8);
  });

  it("matches the published sizes of the three reference models", () => {
    // DS-CNN: stem 10*4*64, four blocks of (3*3*64 dw + 64*64 pw) with BN, dense 64*12+12.
    const ds = profileModel(dsCnn());
    assert.equal(ds.params, 2560 + 256 + 4 * (576 + 256 + 4096 + 256) + 780);
    assert.equal(ds.macs, 25 * 5 * 64 * 40 + 4 * (25 * 5 * 64 * 9 + 25 * 5 * 64 * 64) + 64 * 12);
    assert.equal(ds.peakActivationBytes, 2 * 25 * 5 * 64);
    // ResNet-8: MLPerf Tiny lists 78k parameters and 12.5 M MACs.
    const rn = profileModel(resnet8());
    assert.ok(Math.abs(rn.params - 78_000) < 1000, `${rn.params}`);
    assert.ok(Math.abs(rn.macs - 12.5e6) < 0.1e6, `${rn.macs}`);
    // During stack 1: its input, conv1 and conv2 outputs, each 32*32*16.
    assert.equal(rn.peakActivationBytes, 3 * 32 * 32 * 16);
    // MobileNetV2-0.35: the widest point is block 1's 48x48x48 expansion feeding its stride-2 depthwise.
    const mb = profileModel(mobileNetV2());
    assert.equal(mb.peakActivationBytes, 48 * 48 * 48 + 24 * 24 * 48);
    assert.equal(makeDivisible(32 * 0.35), 16);
    assert.equal(makeDivisible(16 * 0.35), 8);
  });
});
