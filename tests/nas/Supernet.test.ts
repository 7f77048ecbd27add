import { strict as assert } from "node:assert";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDataset } from "../../lib/data/loadDataset.js";
import { convertModel } from "../../lib/deploy/convert/convertModel.js";
import { tensorLifetimes } from "../../lib/deploy/codegen/planArena.js";
import { Interpreter } from "../../lib/ir/Interpreter.js";
import { quantizeTensor } from "../../lib/ir/quantizeTensor.js";
import { largestArch, sampleArch, smallestArch } from "../../lib/nas/archSearch.js";
import { archAccuracyPairs } from "../../lib/nas/archAccuracyPairs.js";
import { clipsTensor } from "../../lib/nas/clipsTensor.js";
import { extractSubnet } from "../../lib/nas/extractSubnet.js";
import { archPeakBytes } from "../../lib/nas/archPeakBytes.js";
import { disposeMoments, recalibrateBn } from "../../lib/nas/recalibrateBn.js";
import { sandwichSampler } from "../../lib/nas/sandwichSampler.js";
import { sortChannels } from "../../lib/nas/sortChannels.js";
import { subnetAccuracy } from "../../lib/nas/subnetAccuracy.js";
import { BN_EPSILON, Supernet } from "../../lib/nas/Supernet.js";
import { loadSupernet, SUPERNET_DIR, supernetCard } from "../../lib/nas/supernetFiles.js";
import { trainSupernet } from "../../lib/nas/trainSupernet.js";
import { makeRng } from "../../lib/tf/seedEverything.js";
import { tf, tfReady } from "../../lib/tf/tf.js";

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => { let d = 0; for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i])); return d; };

describe("nas: the supernet", function () {
  this.timeout(300_000);
  const calibration = loadDataset("synthetic-keywords", { split: "train", seed: 3, limit: 128 });
  const val = loadDataset("synthetic-keywords", { split: "val", seed: 2, limit: 64 });
  before(async () => { await tfReady(); });

  it("at initialisation a 5x5 and a 3x3 kernel are the 7x7 kernel's centre (the kernel transformations start as the identity)", () => {
    const net = Supernet.init(1);
    const full = net.depthwiseKernel("s1b0", 16, 7).arraySync() as number[][][][];
    const k5 = net.depthwiseKernel("s1b0", 16, 5).arraySync() as number[][][][];
    const k3 = net.depthwiseKernel("s1b0", 16, 3).arraySync() as number[][][][];
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) assert.deepEqual(k5[i][j], full[i + 1][j + 1]);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) assert.deepEqual(k3[i][j], full[i + 2][j + 2]);
    net.dispose();
  });

  it("sorting channels by importance keeps the largest network's function and puts the heaviest channels first", () => {
    const net = Supernet.init(2);
    const x = clipsTensor(val, 0, 16);
    const before = net.forward(largestArch(), x, { kind: "batch" }).dataSync();
    const orders = sortChannels(net);
    const after = net.forward(largestArch(), x, { kind: "batch" }).dataSync();
    assert.ok(maxDiff(before, after) < 1e-4, `logits moved by ${maxDiff(before, after)}`);
    assert.ok(orders.some((o) => o.some((v, i) => v !== i)), "nothing was reordered");
    const importance = tf.sum(tf.abs(net.w("s2b1/project/kernel")), [0, 1, 3]).dataSync();
    for (let i = 1; i < importance.length; i++) assert.ok(importance[i] <= importance[i - 1]);
    net.dispose();
  });

  it("recalibrated batch norm: the stem's statistics are the mean and variance of its convolution over the calibration clips", () => {
    const net = Supernet.init(3);
    const arch = { ...smallestArch(), width: 1 as const };
    const x = clipsTensor(calibration);
    const stats = recalibrateBn(net, arch, x);
    // By hand: the stem convolution alone, then moments over batch, time and frequency.
    const conv = tf.conv2d(x, tf.slice(net.w("stem/kernel"), [0, 0, 0, 0], [3, 3, 1, 16]) as tf.Tensor4D, 2, "same");
    const flat = conv.reshape([-1, 16]).arraySync() as number[][];
    const mean = Array.from({ length: 16 }, (_, c) => flat.reduce((s, r) => s + r[c], 0) / flat.length);
    const variance = mean.map((m, c) => flat.reduce((s, r) => s + (r[c] - m) ** 2, 0) / flat.length);
    assert.ok(maxDiff(stats[0].mean.dataSync(), mean) < 1e-4);
    assert.ok(maxDiff(stats[0].variance.dataSync(), variance) < 1e-3 * Math.max(...variance));
    assert.equal(stats.length, 1 + 4 * 3, "stem + (expand, depthwise, projection) per block");
    disposeMoments(stats);
    net.dispose();
  });

  it("an extracted subnet is a standalone tfjs model computing what the supernet does, and converts to an int8 graph whose liveness peak is archPeakBytes", () => {
    const net = Supernet.init(4);
    const rng = makeRng(9);
    for (let i = 0; i < 3; i++) {
      const arch = i === 0 ? { ...sampleArch(rng), depths: [2, 3, 2, 3] } : sampleArch(rng);
      const model = extractSubnet(net, arch, calibration);
      const x = clipsTensor(val, 0, 8);
      const stats = recalibrateBn(net, arch, clipsTensor(calibration));
      const viaSupernet = tf.softmax(net.forward(arch, x, { kind: "stats", stats })).dataSync();
      const viaModel = (model.predict(x) as tf.Tensor).dataSync();
      assert.ok(maxDiff(viaSupernet, viaModel) < 1e-5, `arch ${i}: ${maxDiff(viaSupernet, viaModel)}`);
      assert.ok(model.layers.every((l) => ["InputLayer", "Conv2D", "BatchNormalization", "ReLU", "DepthwiseConv2D", "Add", "GlobalAveragePooling2D", "Dense"].includes(l.getClassName())));
      const samples = Array.from({ length: 16 }, (_, k) => calibration.x.slice(k * 490, (k + 1) * 490));
      const { int8 } = convertModel(model, { calibration: samples, name: `subnet${i}` });
      // The oracle: the int8 graph's own tensor lifetimes (lib/deploy's arena planner input), busiest operator.
      const buffers = tensorLifetimes(int8);
      const busiest = Math.max(...int8.operators.map((_, k) => buffers.filter((b) => b.firstUse <= k && k <= b.lastUse).reduce((a, b) => a + b.bytes, 0)));
      assert.equal(archPeakBytes(arch), busiest, `arch ${i} ${JSON.stringify(arch)}`);
      new Interpreter(int8).run([quantizeTensor(int8.tensors[int8.inputs[0]], val.x.slice(0, 490))]);
      disposeMoments(stats);
      model.dispose();
    }
    net.dispose();
  });

  it("training is seeded: two runs give the same weights, bit for bit", async () => {
    const small = loadDataset("synthetic-keywords", { split: "train", seed: 1, limit: 64 });
    const run = async () => {
      const net = Supernet.init(5);
      await trainSupernet(net, { data: small, steps: 2, sampler: sandwichSampler(1), seed: 6, label: false });
      const bytes = Buffer.concat([...net.weights.values()].map((v) => Buffer.from((v.dataSync() as Float32Array).buffer)));
      net.dispose();
      return bytes;
    };
    const [a, b] = [await run(), await run()];
    assert.ok(a.equals(b));
    assert.throws(() => extractSubnet(Supernet.init(1), { ...smallestArch(), kernels: [9] } as never, calibration), /kernels must be an array of 12 values/);
  });

  it("the shipped supernet: checksum checked at load, its card's smallest-network accuracy reproduces, and its pairs belong to it", () => {
    const card = supernetCard();
    assert.equal(card.inheritedVsAlone.length, 3);
    const { net } = loadSupernet();
    const test = loadDataset("synthetic-keywords", { split: "test" });
    assert.equal(subnetAccuracy(net, smallestArch(), calibration, test), card.smallestAccuracy);
    const pairs = archAccuracyPairs();
    assert.ok(pairs.pairs.length >= 1000);
    const first = pairs.pairs[0];
    assert.equal(subnetAccuracy(net, first.arch, calibration, loadDataset("synthetic-keywords", { split: "val" })), first.accuracy);
    net.dispose();
    // A damaged copy is refused, naming both checksums.
    const dir = join(mkdtempSync(join(tmpdir(), "tinyml-supernet-")), "kws-supernet");
    cpSync(SUPERNET_DIR(), dir, { recursive: true });
    const bytes = readFileSync(join(dir, "weights.bin"));
    bytes[100] ^= 1;
    writeFileSync(join(dir, "weights.bin"), bytes);
    assert.throws(() => loadSupernet(dir), /weights\.bin has SHA-256 [0-9a-f]{64}, the card records [0-9a-f]{64}; the file is damaged/);
    assert.equal(BN_EPSILON, 1e-3);
  });
});
