import { strict as assert } from "node:assert";
import seedrandom from "seedrandom";
import {
  expOnNegativeValues, fixedPointLogistic, getReciprocal, multiplyByQuantizedMultiplier, quantizeMultiplier,
  roundingDivideByPot, saturatingRoundingDoublingHighMul,
} from "../../lib/ir/fixedPoint.js";

/** The C++ definition, evaluated with BigInt: an oracle independent of the split-product code. */
function srdhmBigInt(a: number, b: number): number {
  if (a === -2147483648 && b === -2147483648) return 2147483647;
  const ab = BigInt(a) * BigInt(b);
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  return Number((ab + nudge) / (1n << 31n)); // BigInt division truncates, as C++ does
}

describe("ir/fixedPoint", () => {
  it("SaturatingRoundingDoublingHighMul equals the int64 definition on edge cases and 50,000 seeded pairs", () => {
    const edges = [0, 1, -1, 2, -2, 32767, 32768, 65535, 65536, -65536, 1 << 30, -(1 << 30), 2147483647, -2147483648];
    for (const a of edges) for (const b of edges) assert.equal(saturatingRoundingDoublingHighMul(a, b), srdhmBigInt(a, b), `${a} * ${b}`);
    const rng = seedrandom("srdhm");
    for (let i = 0; i < 50000; i++) {
      const a = (rng.int32()), b = rng.int32();
      assert.equal(saturatingRoundingDoublingHighMul(a, b), srdhmBigInt(a, b), `${a} * ${b}`);
    }
  });

  it("RoundingDivideByPOT rounds half away from zero (hand-computed)", () => {
    assert.deepEqual([5, -5, 6, -6, 7, -7, 4, -4].map((x) => roundingDivideByPot(x, 1)), [3, -3, 3, -3, 4, -4, 2, -2]);
    assert.deepEqual([10, -10, 9, -9].map((x) => roundingDivideByPot(x, 2)), [3, -3, 2, -2]);
    assert.equal(roundingDivideByPot(-2147483648, 31), -1);
  });

  it("QuantizeMultiplier gives multiplier * 2^shift / 2^31 == the real value (hand-computed)", () => {
    assert.deepEqual(quantizeMultiplier(0.5), { multiplier: 2 ** 30, shift: 0 });
    assert.deepEqual(quantizeMultiplier(1), { multiplier: 2 ** 30, shift: 1 });
    assert.deepEqual(quantizeMultiplier(0.75), { multiplier: 3 * 2 ** 29, shift: 0 });
    assert.deepEqual(quantizeMultiplier(0.1875), { multiplier: 3 * 2 ** 29, shift: -2 });
    assert.deepEqual(quantizeMultiplier(0), { multiplier: 0, shift: 0 });
    assert.deepEqual(quantizeMultiplier(2 ** -40), { multiplier: 0, shift: 0 });
    // rounding the fraction up to 2^31 renormalises
    assert.deepEqual(quantizeMultiplier(1 - 2 ** -40), { multiplier: 2 ** 30, shift: 1 });
    assert.throws(() => quantizeMultiplier(-1), /cannot quantize/);
  });

  it("MultiplyByQuantizedMultiplier rounds twice, as TFLite's default build does", () => {
    // 0.1379545 * -18 = -2.483: SRDHM gives -10 (of -9.93), then -10 / 4 = -2.5 rounds to -3
    assert.equal(multiplyByQuantizedMultiplier(-18, 1185020362, -2), -3);
    assert.equal(multiplyByQuantizedMultiplier(100, 2 ** 30, 0), 50);
    assert.equal(multiplyByQuantizedMultiplier(3, 2 ** 30, 2), 6);
  });

  it("exp, reciprocal and logistic in fixed point agree with Math to their precision", () => {
    for (const x of [0, -0.01, -0.25, -0.5, -1, -2, -4, -8, -16, -31]) {
      const got = expOnNegativeValues(Math.round(x * 2 ** 26), 5) / 2 ** 31;
      assert.ok(Math.abs(got - Math.exp(x)) < 1e-6, `exp(${x}) = ${got}`);
    }
    const r = getReciprocal(3 * 2 ** 19, 12); // 3.0 in Q12.19
    assert.equal(r.bitsOverUnit, 1);
    assert.ok(Math.abs(r.scale / 2 ** 31 / 2 - 1 / 3) < 1e-8);
    for (const x of [-7, -1, -0.1, 0, 0.5, 3]) {
      const got = fixedPointLogistic(Math.round(x * 2 ** 27), 4) / 2 ** 31;
      assert.ok(Math.abs(got - 1 / (1 + Math.exp(-x))) < 1e-6, `logistic(${x}) = ${got}`);
    }
  });
});
