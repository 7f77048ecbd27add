import { strict as assert } from "node:assert";
import { estimate } from "../../lib/hwsim/estimate.js";
import { findDevice } from "../../lib/hwsim/findDevice.js";
import { archLayers } from "../../lib/nas/archLayers.js";
import { archMacs } from "../../lib/nas/archMacs.js";
import { largestArch, sampleArch, smallestArch } from "../../lib/nas/archSearch.js";
import { ConstraintError } from "../../lib/nas/constraints.js";
import { crossoverArch } from "../../lib/nas/crossoverArch.js";
import { encodeArch, ENCODING_LENGTH } from "../../lib/nas/encodeArch.js";
import { mutateArch } from "../../lib/nas/mutateArch.js";
import { archPeakBytes } from "../../lib/nas/archPeakBytes.js";
import { satisfiesConstraints } from "../../lib/nas/satisfiesConstraints.js";
import { selectParents } from "../../lib/nas/selectParents.js";
import { spearman } from "../../lib/nas/spearman.js";
import { makeRng } from "../../lib/tf/seedEverything.js";
import { archMissesBudget, crossoverMisses, mutationMisses } from "../../grading/labs/lab04Predicates.js";
import { LAB04_BUDGET } from "../../grading/labs/lab04.js";
import { chosenArch } from "../../lib/nas/chosenArch.js";
import { tfReady } from "../../lib/tf/tf.js";

// Lab 04's references, against hand calculations and independent code (lib/hwsim's layer pricing).
describe("nas: lab 04's references", () => {
  it("encodeArch: 101 one-hot values, skipped blocks all zero (hand-placed indices for the smallest network)", () => {
    assert.equal(ENCODING_LENGTH, 101);
    const e = encodeArch(smallestArch());
    const hot = Array.from(e.keys()).filter((i) => e[i] === 1);
    // stride 2 -> 1; width 0.5 -> 2; depth 1 per stage -> 5, 8, 11, 14; kernel 3 in slots 0, 3, 6, 9 -> 17 + 3 slot; expand 1 -> 53 + 4 slot.
    assert.deepEqual(hot, [1, 2, 5, 8, 11, 14, 17, 26, 35, 44, 53, 65, 77, 89]);
    const skippedDiffers = { ...smallestArch(), kernels: [3, 7, 7, 3, 5, 5, 3, 7, 7, 3, 5, 5], expands: [1, 4, 4, 1, 2, 2, 1, 3, 3, 1, 2, 2] };
    assert.deepEqual(encodeArch(skippedDiffers), e);
  });

  it("archMacs equals lib/hwsim's MACs for the smallest (52,432 by hand), the largest and 300 random networks", () => {
    const d = findDevice("nano33-ble");
    const hw = (a: ReturnType<typeof smallestArch>) => estimate(archLayers(a), d).layers.reduce((s, l) => s + l.macs, 0);
    assert.equal(archMacs(smallestArch()), 52_432);
    assert.equal(archMacs(largestArch()), hw(largestArch()));
    const rng = makeRng(3);
    for (let i = 0; i < 300; i++) { const a = sampleArch(rng); assert.equal(archMacs(a), hw(a)); }
  });

  it("archPeakBytes: 2,000 bytes for the smallest network by hand, never under hwsim's lower bound", () => {
    // The first expand layer: its input and output are both 25x5x8 = 1,000 bytes (the stem: 490 + 1,000).
    assert.equal(archPeakBytes(smallestArch()), 2000);
    const d = findDevice("nano33-ble"), rng = makeRng(4);
    for (let i = 0; i < 200; i++) { const a = sampleArch(rng); assert.ok(archPeakBytes(a) >= estimate(archLayers(a), d).arenaBytes); }
  });

  it("satisfiesConstraints: a bound met exactly counts; an unknown key (MIT's millonMACs) or a missing measurement throws", () => {
    const m = { latencyMs: 10, peakSramBytes: 2048, flashBytes: 5000, macs: 1e6 };
    assert.equal(satisfiesConstraints(m, { latencyMs: 10, macs: 1e6 }), true);
    assert.equal(satisfiesConstraints(m, { peakSramBytes: 2047 }), false);
    assert.equal(satisfiesConstraints(m, {}), true);
    assert.throws(() => satisfiesConstraints(m, { millonMACs: 5e6 } as never), (e: Error) => e instanceof ConstraintError && /unknown constraint "millonMACs"/.test(e.message));
    assert.throws(() => satisfiesConstraints({ latencyMs: 1 }, { macs: 5 }), /no measured macs/);
  });

  it("spearman: ties share their mean rank (hand: 0.9487), monotone maps give 1 and -1, constant series NaN", () => {
    assert.ok(Math.abs(spearman([10, 20, 20, 30], [1, 2, 3, 4]) - 4.5 / Math.sqrt(22.5)) < 1e-12);
    assert.equal(spearman([1, 5, 2], [10, 500, 20]), 1);
    assert.equal(spearman([1, 2, 3], [3, 2, 1]), -1);
    assert.ok(Number.isNaN(spearman([1, 1, 1], [1, 2, 3])));
    assert.throws(() => spearman([1], [1]), RangeError);
  });

  it("selectParents: the best round(n x ratio), at least 2, best first, ties by index", () => {
    assert.deepEqual(selectParents([0.5, 0.9, 0.1, 0.9, 0.7, 0.3, 0.2, 0.8], 0.25), [1, 3]);
    assert.deepEqual(selectParents([0.1, 0.2, 0.3], 0.1), [2, 1]);
    assert.deepEqual(selectParents([0.3, 0.3, 0.3, 0.3, 0.1, 0.5], 0.5), [5, 0, 1]);
    assert.throws(() => selectParents([1, 2], 1), RangeError);
  });

  it("the references meet their own graded predicates; a copying crossover and an invalid mutation do not", () => {
    const rng = makeRng(5);
    for (let i = 0; i < 100; i++) {
      const a = sampleArch(rng), b = sampleArch(rng);
      assert.equal(mutationMisses(mutateArch(a, 1, i), [a, 1, i]), null);
      assert.equal(mutationMisses(mutateArch(a, 0.1, i), [a, 0.1, i]), null);
      assert.equal(crossoverMisses(crossoverArch(a, b, i), [a, b, i]), null);
    }
    const a = smallestArch(), b = largestArch();
    assert.match(crossoverMisses({ ...a }, [a, b, 1]) ?? "", /all of them come from parent a: the child is a copy/);
    assert.match(mutationMisses({ ...a, kernels: Array(12).fill(9) }, [a, 1, 1]) ?? "", /kernels\[0\] is 9, allowed: 3, 5, 7/);
    assert.match(mutationMisses({ ...a, width: 1 }, [a, 0, 1]) ?? "", /prob 0 must copy the parent, but 1 fields differ/);
  });

  it("the design reference meets the design task's budget: hwsim's latency and SRAM on nano33-ble, and the accuracy asked on the test clips", async function () {
    this.timeout(120_000);
    await tfReady();
    assert.equal(await archMissesBudget(chosenArch(LAB04_BUDGET), [LAB04_BUDGET]), null);
    assert.match(await archMissesBudget(largestArch(), [LAB04_BUDGET]) ?? "", /ms on nano33-ble, over the budget of 40 ms/);
  });
});
