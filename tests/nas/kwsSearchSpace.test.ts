import { strict as assert } from "node:assert";
import { estimate } from "../../lib/hwsim/estimate.js";
import { findDevice } from "../../lib/hwsim/findDevice.js";
import { archLayers } from "../../lib/nas/archLayers.js";
import { ArchError } from "../../lib/nas/ArchError.js";
import { crossoverArch, mutateArch, sampleArch, smallestArch } from "../../lib/nas/archSearch.js";
import { searchSpaceSize } from "../../lib/nas/kwsSearchSpace.js";
import { validateArch } from "../../lib/nas/validateArch.js";

/** A deterministic stand-in for a seeded generator. */
const counter = (seed: number) => { let s = seed; return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646; };

describe("nas: the elastic keyword-spotting search space", () => {
  it("holds over a million networks: 2 strides x 3 widths x (12 + 12^2 + 12^3)^4", () => {
    assert.equal(searchSpaceSize(), 2 * 3 * 1884 ** 4);
    assert.ok(searchSpaceSize() > 1e6);
  });

  it("names every bad field with the values it may take, and unknown fields", () => {
    const good = smallestArch();
    assert.deepEqual(validateArch(JSON.parse(JSON.stringify(good))), good);
    assert.throws(() => validateArch({ ...good, width: 0.6, depths: [1, 2, 4, 1], kernels: [3], millonMACs: 5 }), (e: Error) => {
      assert.ok(e instanceof ArchError);
      assert.deepEqual(e.problems, [
        'unknown field "millonMACs" (the fields are stemStride, width, depths, kernels, expands)',
        "width is 0.6, allowed: 0.5, 0.75, 1",
        "depths[2] is 4, allowed: 1, 2, 3",
        "kernels must be an array of 12 values from 3, 5, 7, got [3]",
      ]);
      return true;
    });
    assert.throws(() => validateArch("big"), /expected an object/);
  });

  it("prices the smallest network layer by layer: MACs by hand", () => {
    // 49x10x1 -> stem 3x3/2 -> 25x5x16: 18,000. Stage 0 (16, stride 1): dw 18,000 + pw 32,000 + add.
    // Stage 1 (24, stride 2) -> 13x3: dw 5,616 + pw 14,976. Stage 2 (32): dw 8,424 + pw 29,952.
    // Stage 3 (48, stride 2) -> 7x2: dw 4,032 + pw 21,504. Classifier 48 x 12 = 576.
    const layers = archLayers(smallestArch());
    assert.deepEqual(layers.map((l) => l.kernel), ["conv2d", "depthwise_conv2d", "conv2d", "add", "depthwise_conv2d", "conv2d", "depthwise_conv2d", "conv2d", "depthwise_conv2d", "conv2d", "average_pool2d", "fully_connected", "softmax"]);
    const r = estimate(layers, findDevice("nano33-ble"));
    assert.equal(r.layers.reduce((a, l) => a + l.macs, 0), 153_080);
    // Weights by hand: stem 3*3*16 + dw 144 + pw 256 + dw 144 + pw 384 + dw 216 + pw 768 + dw 288 + pw 1536 + fc 576 = 4,456 bytes, plus 4-byte biases.
    const biases = 4 * (16 + 16 + 16 + 16 + 24 + 24 + 32 + 32 + 48 + 12);
    assert.equal(r.weightBytes, 4456 + biases);
  });

  it("a wider, deeper network costs more everywhere; expansion adds a 1x1 layer", () => {
    const big = { stemStride: 1 as const, width: 1 as const, depths: [3, 3, 3, 3], kernels: Array(12).fill(7), expands: Array(12).fill(4) };
    const d = findDevice("nano33-ble");
    const small = estimate(archLayers(smallestArch()), d), large = estimate(archLayers(big), d);
    assert.ok(large.ms > 10 * small.ms && large.peakSramBytes > small.peakSramBytes && large.flashBytes > small.flashBytes);
    assert.equal(archLayers({ ...smallestArch(), expands: [2, ...Array(11).fill(1)] }).length, archLayers(smallestArch()).length + 1);
  });

  it("sampling, mutation and crossover always give valid architectures; crossover takes each field from a parent", () => {
    const rng = counter(7);
    for (let i = 0; i < 200; i++) {
      const a = validateArch(sampleArch(rng)), b = validateArch(sampleArch(rng));
      validateArch(mutateArch(a, 0.5, rng));
      const c = validateArch(crossoverArch(a, b, rng));
      c.kernels.forEach((k, j) => assert.ok(k === a.kernels[j] || k === b.kernels[j]));
    }
    const a = sampleArch(rng);
    assert.deepEqual(mutateArch(a, 0, rng), a);
  });
});
