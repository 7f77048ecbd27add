import { strict as assert } from "node:assert";
import fc from "fast-check";
import { channelL2Norms } from "../../../lib/compression/pruning/channelL2Norms.js";
import { channelsToKeep } from "../../../lib/compression/pruning/channelsToKeep.js";
import { chooseSparsities } from "../../../lib/compression/pruning/chooseSparsities.js";
import { cubicSparsity } from "../../../lib/compression/pruning/cubicSparsity.js";
import { globalMagnitudeMasks } from "../../../lib/compression/pruning/globalMagnitudeMasks.js";
import { magnitudeMask } from "../../../lib/compression/pruning/magnitudeMask.js";
import { sparseStorageBytes } from "../../../lib/compression/pruning/sparseStorageBytes.js";
import { sparsityOf } from "../../../lib/compression/pruning/sparsityOf.js";

const f32 = (...v: number[]) => Float32Array.from(v);
const weights = fc.float32Array({ minLength: 1, maxLength: 200, noNaN: true, noDefaultInfinity: true });

describe("compression: pruning arithmetic", () => {
  it("magnitudeMask: hand cases, including the tie rule (earlier position pruned first)", () => {
    assert.deepEqual(magnitudeMask(f32(0.5, -0.1, 0.3, -0.9), 0.5), Uint8Array.of(1, 0, 0, 1));
    // |w| ties at 0.2: round(0.5 * 4) = 2 pruned, so the first two 0.2s go.
    assert.deepEqual(magnitudeMask(f32(0.2, -0.2, 0.2, 1), 0.5), Uint8Array.of(0, 0, 1, 1));
    // round(0.3 * 5) = round(1.5) = 2.
    assert.deepEqual(magnitudeMask(f32(5, 4, 3, 2, 1), 0.3), Uint8Array.of(1, 1, 1, 0, 0));
    assert.deepEqual(magnitudeMask(f32(1, 2), 0), Uint8Array.of(1, 1));
    assert.deepEqual(magnitudeMask(f32(1, 2), 1), Uint8Array.of(0, 0));
    assert.throws(() => magnitudeMask(f32(1), 1.5), /sparsity must be in \[0, 1\], got 1.5/);
  });

  it("property: magnitudeMask prunes exactly round(s*n) weights, and no kept weight is smaller than a pruned one", () => {
    fc.assert(fc.property(weights, fc.double({ min: 0, max: 1, noNaN: true }), (w, s) => {
      const m = magnitudeMask(w, s);
      const pruned = m.reduce((a, v) => a + (v === 0 ? 1 : 0), 0);
      assert.equal(pruned, Math.round(s * w.length));
      const maxPruned = Math.max(-1, ...Array.from(w).filter((_, i) => m[i] === 0).map(Math.abs));
      const minKept = Math.min(Infinity, ...Array.from(w).filter((_, i) => m[i] === 1).map(Math.abs));
      assert.ok(maxPruned <= minKept);
    }), { seed: 11, numRuns: 200 });
  });

  it("globalMagnitudeMasks: one threshold across tensors; ties by tensor then position", () => {
    const [a, b] = globalMagnitudeMasks([f32(0.1, 0.9), f32(0.1, 0.5, 0.05)], 0.6);
    // round(0.6 * 5) = 3 smallest: 0.05 (b[2]), then the tied 0.1s: a[0] before b[0].
    assert.deepEqual([a, b], [Uint8Array.of(0, 1), Uint8Array.of(0, 1, 0)]);
    fc.assert(fc.property(fc.array(weights, { minLength: 1, maxLength: 4 }), fc.double({ min: 0, max: 1, noNaN: true }), (ws, s) => {
      const total = ws.reduce((n, w) => n + w.length, 0);
      const pruned = globalMagnitudeMasks(ws, s).reduce((n, m) => n + m.filter((v) => v === 0).length, 0);
      assert.equal(pruned, Math.round(s * total));
      // One tensor alone: global and per-tensor pruning agree.
      assert.deepEqual(globalMagnitudeMasks([ws[0]], s)[0], magnitudeMask(ws[0], s));
    }), { seed: 12, numRuns: 100 });
  });

  it("sparsityOf counts exact zeros, -0 included", () => {
    assert.equal(sparsityOf(f32(0, 1, -0, 2)), 0.5);
    assert.equal(sparsityOf(new Float32Array(0)), 0);
  });

  it("cubicSparsity: held before begin and after end; the cubic in between (hand values)", () => {
    const s = { initial: 0, final: 0.8, begin: 100, end: 200 };
    assert.equal(cubicSparsity(0, s), 0);
    assert.equal(cubicSparsity(300, s), 0.8);
    // Halfway: 0.8 + (0 - 0.8) * 0.5^3 = 0.7.
    assert.ok(Math.abs(cubicSparsity(150, s) - 0.7) < 1e-12);
    assert.ok(Math.abs(cubicSparsity(125, s) - (0.8 - 0.8 * 0.75 ** 3)) < 1e-12);
    fc.assert(fc.property(fc.integer({ min: 0, max: 299 }), (t) => cubicSparsity(t, s) <= cubicSparsity(t + 1, s)), { seed: 13 });
  });

  it("channelL2Norms over [kh, kw, in, out]; channelsToKeep by importance, ties to the lower index, ascending", () => {
    // 1x1x2x3: channel 0 = (3, 4) -> 5, channel 1 = (0, 0) -> 0, channel 2 = (1, 0) -> 1.
    assert.deepEqual(Array.from(channelL2Norms(f32(3, 0, 1, 4, 0, 0), [1, 1, 2, 3])), [5, 0, 1]);
    assert.throws(() => channelL2Norms(f32(1, 2, 3), [1, 1, 2, 2]), /kernel has 3 values/);
    assert.deepEqual(channelsToKeep(f32(0.5, 2, 0.5, 1), 2), Int32Array.of(1, 3));
    assert.deepEqual(channelsToKeep(f32(0.5, 2, 0.5, 1), 3), Int32Array.of(0, 1, 3));
    assert.throws(() => channelsToKeep(f32(1), 2), /keep must be an integer in \[1, 1\]/);
  });

  it("sparseStorageBytes: bitmask plus packed kept values", () => {
    // 20 weights: 3 bytes of mask; 5 kept at 8 bits = 5 bytes; at 4 bits = ceil(2.5) = 3.
    const m = Uint8Array.from({ length: 20 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    assert.equal(sparseStorageBytes(m, 8), 8);
    assert.equal(sparseStorageBytes(m, 4), 6);
  });

  it("chooseSparsities meets the goal on a hand-made scan, and refuses an impossible one", () => {
    const scan = [
      { layer: "a", sparsity: 0.5, accuracy: 0.9, params: 100 }, { layer: "a", sparsity: 0.9, accuracy: 0.5, params: 100 },
      { layer: "b", sparsity: 0.5, accuracy: 0.89, params: 1000 }, { layer: "b", sparsity: 0.9, accuracy: 0.88, params: 1000 },
    ];
    const plan = chooseSparsities(scan, { dense: 0.9, minPruned: 0.8, maxDrop: 0.03 });
    const pruned = 100 * plan.a + 1000 * plan.b;
    assert.ok(pruned >= 0.8 * 1100, JSON.stringify(plan));
    assert.deepEqual(plan, { a: 0.5, b: 0.9 });
    assert.throws(() => chooseSparsities(scan, { dense: 0.9, minPruned: 0.95, maxDrop: 0.03 }), /cannot prune 0.95/);
  });
});
