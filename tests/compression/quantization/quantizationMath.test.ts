import { strict as assert } from "node:assert";
import fc from "fast-check";
import { biasToInt32 } from "../../../lib/compression/quantization/biasToInt32.js";
import { chooseBitWidths } from "../../../lib/compression/quantization/chooseBitWidths.js";
import { dequantizeLinear } from "../../../lib/compression/quantization/dequantizeLinear.js";
import { fixedPointMultiplier } from "../../../lib/compression/quantization/fixedPointMultiplier.js";
import { integerFullyConnected } from "../../../lib/compression/quantization/integerFullyConnected.js";
import { kmeansQuantize } from "../../../lib/compression/quantization/kmeansQuantize.js";
import { kmeansStorageBytes } from "../../../lib/compression/quantization/kmeansStorageBytes.js";
import { linearQuantParams } from "../../../lib/compression/quantization/linearQuantParams.js";
import { perChannelScales } from "../../../lib/compression/quantization/perChannelScales.js";
import { quantizeLinear } from "../../../lib/compression/quantization/quantizeLinear.js";
import { quantizeMultiplier } from "../../../lib/ir/fixedPoint.js";
import { fullyConnectedInt8 } from "../../../lib/ir/kernels/fullyConnected.js";

const f32 = (...v: number[]) => Float32Array.from(v);

describe("compression: quantization arithmetic", () => {
  it("linearQuantParams: asymmetric hand cases", () => {
    // [-1, 3] at 8 bits: scale 4/255; zero point -128 - round(-1 / (4/255)) = -128 + round(63.75) = -64.
    const a = linearQuantParams(-1, 3, 8);
    assert.equal(a.scale, 4 / 255);
    assert.equal(a.zeroPoint, -64);
    // A positive range is widened to hold 0: [0, 2] at 4 bits gives scale 2/15 and zero point -8.
    assert.deepEqual(linearQuantParams(0.5, 2, 4), { scale: 2 / 15, zeroPoint: -8 });
    // -2.5 / (5/3) = -1.5 rounds away from zero to -2: zero point -2 + 2 = 0.
    assert.deepEqual(linearQuantParams(-2.5, 2.5, 2), { scale: 5 / 3, zeroPoint: 0 });
    assert.deepEqual(linearQuantParams(0, 0, 8), { scale: 1, zeroPoint: 0 });
    assert.throws(() => linearQuantParams(0, 1, 9), /bits must be an integer in \[2, 8\], got 9/);
    assert.throws(() => linearQuantParams(2, 1, 8), /min 2 is above max 1/);
  });

  it("quantizeLinear / dequantizeLinear: rounding half away from zero and clamping", () => {
    assert.deepEqual(quantizeLinear(f32(-1.5, -0.5, 0.5, 1.49, 300, -300), 1, 0, 8), Int8Array.of(-2, -1, 1, 1, 127, -128));
    assert.deepEqual(quantizeLinear(f32(0, 1, -1), 0.5, 3, 4), Int8Array.of(3, 5, 1));
    assert.deepEqual(quantizeLinear(f32(10, -10), 1, 0, 3), Int8Array.of(3, -4));
    assert.deepEqual(dequantizeLinear(Int8Array.of(3, 5, 1), 0.5, 3), f32(0, 1, -1));
  });

  it("property: quantize then dequantize is within scale/2 of every value in range, and 0 is exact", () => {
    // Widths from 1e-6 up: a subnormal range would underflow the scale itself.
    const range = fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 1e-6, max: 100, noNaN: true }))
      .map(([x, w]) => [x, x + w] as const);
    fc.assert(fc.property(range, fc.integer({ min: 2, max: 8 }), fc.boolean(), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 }),
      ([lo, hi], bits, symmetric, ts) => {
        // Symmetric: perChannelScales with one channel and zero point 0.
        const { scale, zeroPoint } = symmetric ? { scale: perChannelScales(Float32Array.of(lo, hi), 1, bits)[0], zeroPoint: 0 } : linearQuantParams(lo, hi, bits);
        const x = Float32Array.from(ts, (t) => lo + (hi - lo) * t);
        const back = dequantizeLinear(quantizeLinear(x, scale, zeroPoint, bits), scale, zeroPoint);
        // float32 storage of x and of the result adds a relative 2^-24 each.
        x.forEach((v, i) => assert.ok(Math.abs(back[i] - v) <= scale / 2 + 1e-6 * Math.max(1, Math.abs(v)), `${v} -> ${back[i]}, scale ${scale}`));
        assert.equal(Math.abs(dequantizeLinear(quantizeLinear(f32(0), scale, zeroPoint, bits), scale, zeroPoint)[0]), 0);
      }), { seed: 21, numRuns: 300 });
  });

  it("perChannelScales: one scale per fastest-varying channel; a zero channel gets 1", () => {
    // [1, 1, 2, 3] kernel: channel c holds w[c] and w[3 + c].
    assert.deepEqual(perChannelScales(f32(1, -4, 0, -2, 2, 0), 3, 4), Float64Array.of(2 / 7, 4 / 7, 1));
    // One channel: the symmetric per-tensor scale, max |w| / qmax.
    assert.deepEqual(perChannelScales(f32(-1, 3), 1, 4), Float64Array.of(3 / 7));
    assert.throws(() => perChannelScales(f32(1, 2, 3), 2, 8), /3 weights do not split into 2 channels/);
  });

  it("biasToInt32: bias / (inputScale * weightScale), per tensor or per channel", () => {
    assert.deepEqual(biasToInt32(f32(0.5, -0.25), 0.5, [0.1]), Int32Array.of(10, -5));
    assert.deepEqual(biasToInt32(f32(0.5, -0.25), 0.5, [0.1, 0.25]), Int32Array.of(10, -2));
    assert.deepEqual(biasToInt32(f32(1e10), 1e-3, [1e-3]), Int32Array.of(2147483647));
    assert.throws(() => biasToInt32(f32(1, 2, 3), 1, [1, 1]), /2 weight scales for 3 outputs/);
  });

  it("fixedPointMultiplier: hand cases, and equal to lib/ir's quantizeMultiplier (the graph's) on any multiplier", () => {
    assert.deepEqual(fixedPointMultiplier(0.5), { multiplier: 2 ** 30, shift: 0 });
    assert.deepEqual(fixedPointMultiplier(1), { multiplier: 2 ** 30, shift: 1 });
    assert.deepEqual(fixedPointMultiplier(0.75), { multiplier: 3 * 2 ** 29, shift: 0 });
    assert.deepEqual(fixedPointMultiplier(0), { multiplier: 0, shift: 0 });
    // Just below 1: f * 2^31 rounds up to 2^31, so it is halved and the shift grows.
    assert.deepEqual(fixedPointMultiplier(1 - 2 ** -40), { multiplier: 2 ** 30, shift: 1 });
    assert.throws(() => fixedPointMultiplier(-1), /cannot represent the multiplier -1/);
    fc.assert(fc.property(fc.double({ min: 1e-12, max: 1e6, noNaN: true }), (m) => {
      assert.deepEqual(fixedPointMultiplier(m), quantizeMultiplier(m));
    }), { seed: 5, numRuns: 2000 });
  });

  it("property: integerFullyConnected is bit-exact with the int8 graph's FULLY_CONNECTED kernel", () => {
    const int8 = (n: number) => fc.array(fc.integer({ min: -128, max: 127 }), { minLength: n, maxLength: n }).map((a) => Int8Array.from(a));
    const layer = fc.record({ batch: fc.integer({ min: 1, max: 3 }), inDepth: fc.integer({ min: 1, max: 20 }), outDepth: fc.integer({ min: 1, max: 6 }), perChannel: fc.boolean() })
      .chain((g) => fc.record({
        g: fc.constant(g),
        input: int8(g.batch * g.inDepth),
        weights: fc.array(fc.integer({ min: -127, max: 127 }), { minLength: g.outDepth * g.inDepth, maxLength: g.outDepth * g.inDepth }).map((a) => Int8Array.from(a)),
        bias: fc.array(fc.integer({ min: -20000, max: 20000 }), { minLength: g.outDepth, maxLength: g.outDepth }).map((a) => Int32Array.from(a)),
        inZp: fc.integer({ min: -128, max: 127 }), outZp: fc.integer({ min: -128, max: 127 }),
        reals: fc.array(fc.double({ min: 1e-5, max: 0.9, noNaN: true }), { minLength: g.perChannel ? g.outDepth : 1, maxLength: g.perChannel ? g.outDepth : 1 }),
        relu: fc.boolean(),
      }));
    fc.assert(fc.property(layer, (c) => {
      const q = c.reals.map((r) => quantizeMultiplier(r));
      const multipliers = Int32Array.from(q, (m) => m.multiplier), shifts = Int32Array.from(q, (m) => m.shift);
      const actMin = c.relu ? Math.max(-128, c.outZp) : -128;
      const expected = new Int8Array(c.g.batch * c.g.outDepth);
      fullyConnectedInt8(c.g, c.input, c.weights, 0, c.bias, { inputOffset: -c.inZp, outputOffset: c.outZp, multipliers, shifts, actMin, actMax: 127 }, expected);
      const got = integerFullyConnected(c.input, { weights: c.weights, bias: c.bias, inputZeroPoint: c.inZp, outputZeroPoint: c.outZp, multipliers, shifts, actMin, actMax: 127 });
      assert.deepEqual(got, expected);
    }), { seed: 8, numRuns: 300 });
  });

  it("kmeansQuantize: hand cases, the tie rule and a defined result", () => {
    // Two clusters from the linear init [0, 1]: {0, 0.1} and {0.9, 1}, means 0.05 and 0.95.
    const c = kmeansQuantize(f32(0, 0.1, 0.9, 1), 1);
    assert.deepEqual(Array.from(c.labels), [0, 0, 1, 1]);
    assert.deepEqual(c.codebook, f32(0.05, 0.95));
    // 0.5 is equidistant from the initial centroids 0 and 1: it goes to the lower index, and pulls it to 0.25.
    const t = kmeansQuantize(f32(0, 0.5, 1), 1, 1);
    assert.deepEqual(Array.from(t.labels), [0, 0, 1]);
    assert.deepEqual(t.codebook, f32(0.25, 1));
    // More centroids than weights: the empty ones keep their initial values.
    const e = kmeansQuantize(f32(-1, 1), 2);
    assert.deepEqual(e.codebook, f32(-1, -1 / 3, 1 / 3, 1));
    assert.deepEqual(Array.from(e.labels), [0, 3]);
    assert.throws(() => kmeansQuantize(f32(1), 0), /bits must be an integer in \[1, 8\], got 0/);
  });

  it("property: k-means labels pick a nearest centroid, and clustering never has more error than the linear init", () => {
    fc.assert(fc.property(fc.float32Array({ minLength: 2, maxLength: 120, noNaN: true, noDefaultInfinity: true, min: -10, max: 10 }), fc.integer({ min: 1, max: 4 }), (w, bits) => {
      const { codebook, labels } = kmeansQuantize(w, bits);
      assert.equal(codebook.length, 2 ** bits);
      const init = kmeansQuantize(w, bits, 0);
      const sse = (c: typeof init) => w.reduce((a, v, i) => a + (v - c.codebook[c.labels[i]]) ** 2, 0);
      assert.ok(sse({ codebook, labels }) <= sse(init) * (1 + 1e-6) + 1e-9);
      w.forEach((v, i) => {
        const d = Math.abs(v - codebook[labels[i]]);
        for (const x of codebook) assert.ok(d <= Math.abs(v - x) + 1e-6);
      });
    }), { seed: 13, numRuns: 200 });
  });

  it("kmeansStorageBytes: packed indices plus the codebook", () => {
    // 10 weights at 3 bits = 30 bits = 4 bytes; 8 float32 centroids = 32 bytes.
    assert.equal(kmeansStorageBytes(10, 3), 36);
    assert.equal(kmeansStorageBytes(1000, 4, 8), 500 + 16);
  });

  it("chooseBitWidths: the least-drop plan that fits, or a clear error", () => {
    const scan = [
      { layer: "a", bits: 2, accuracy: 0.5, params: 800 }, { layer: "a", bits: 4, accuracy: 0.89, params: 800 }, { layer: "a", bits: 8, accuracy: 0.9, params: 800 },
      { layer: "b", bits: 2, accuracy: 0.85, params: 80 }, { layer: "b", bits: 8, accuracy: 0.9, params: 80 },
    ];
    // Budget 500 bytes: a at 4 bits (400) plus b at 8 (80) = 480, drop 0.01; a at 8 would need 800.
    assert.deepEqual(chooseBitWidths(scan, { dense: 0.9, maxBytes: 500, maxDrop: 0.05 }), { a: 4, b: 8 });
    assert.deepEqual(chooseBitWidths(scan, { dense: 0.9, maxBytes: 420, maxDrop: 0.1 }), { a: 4, b: 2 });
    assert.throws(() => chooseBitWidths(scan, { dense: 0.9, maxBytes: 300, maxDrop: 0.1 }), /no plan fits 300 bytes within an accuracy drop of 0.1/);
  });
});
