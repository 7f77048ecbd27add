import { strict as assert } from "node:assert";
import { estimate } from "../../lib/hwsim/estimate.js";
import { findDevice } from "../../lib/hwsim/findDevice.js";
import { archLayers } from "../../lib/nas/archLayers.js";
import { ArchError } from "../../lib/nas/ArchError.js";
import { largestArch, sampleArch, smallestArch } from "../../lib/nas/archSearch.js";
import { crossoverArch } from "../../lib/nas/crossoverArch.js";
import { mutateArch } from "../../lib/nas/mutateArch.js";
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
    // Half width: stem 8, stages 8, 12, 16, 24. 49x10x1 -> stem 3x3/2 -> 25x5x8: 9,000.
    // Stage 0 (8, stride 2): expand 8 to 8 at 25x5 8,000, -> 13x3: dw 2,808 + pw 2,496.
    // Stage 1 (12): expand 2,496 + dw 2,808 + pw 3,744 (8 to 12: no add).
    // Stage 2 (16, stride 2): expand 12 to 12 at 13x3 5,616, -> 7x2: dw 1,512 + pw 2,688.
    // Stage 3 (24): expand 3,584 + dw 2,016 + pw 5,376. Classifier 24 x 12 = 288. Total 52,432.
    const layers = archLayers(smallestArch());
    const block = ["conv2d", "depthwise_conv2d", "conv2d"];
    assert.deepEqual(layers.map((l) => l.kernel), ["conv2d", ...block, ...block, ...block, ...block, "average_pool2d", "fully_connected", "softmax"]);
    const r = estimate(layers, findDevice("nano33-ble"));
    assert.equal(r.layers.reduce((a, l) => a + l.macs, 0), 52_432);
    // Weights by hand: stem 3*3*8 = 72; per stage expand + dw + pw: 64 + 72 + 64, 64 + 72 + 96, 144 + 108 + 192,
    // 256 + 144 + 384; fc 288: 2,020 bytes, plus 4-byte biases.
    const biases = 4 * (8 + (8 + 8 + 8) + (8 + 8 + 12) + (12 + 12 + 16) + (16 + 16 + 24) + 12);
    assert.equal(r.weightBytes, 2020 + biases);
  });

  it("a wider, deeper network costs more everywhere; the expand ratio sets the expand layer's width", () => {
    const big = largestArch();
    const d = findDevice("nano33-ble");
    const small = estimate(archLayers(smallestArch()), d), large = estimate(archLayers(big), d);
    assert.ok(large.ms > 10 * small.ms && large.peakSramBytes > small.peakSramBytes && large.flashBytes > small.flashBytes);
    // Ratio 2 in the first block: its expand layer gives 16 channels instead of 8, and the layer count is unchanged.
    const wider = archLayers({ ...smallestArch(), expands: [2, ...Array(11).fill(1)] });
    assert.equal(wider.length, archLayers(smallestArch()).length);
    assert.ok(wider[1].kernel === "conv2d" && wider[1].g.outC === 16);
  });

  it("sampling, mutation and crossover always give valid architectures; crossover takes each field from a parent", () => {
    const rng = counter(7);
    for (let i = 0; i < 200; i++) {
      const a = validateArch(sampleArch(rng)), b = validateArch(sampleArch(rng));
      validateArch(mutateArch(a, 0.5, i));
      const c = validateArch(crossoverArch(a, b, i));
      c.kernels.forEach((k, j) => assert.ok(k === a.kernels[j] || k === b.kernels[j]));
    }
    const a = sampleArch(rng);
    assert.deepEqual(mutateArch(a, 0, 1), a);
  });
});
