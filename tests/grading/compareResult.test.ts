import { strict as assert } from "node:assert";
import { compareResult } from "../../grading/compareResult.js";

const exact = { kind: "exact" } as const;
const close = { kind: "close", rtol: 1e-3, atol: 1e-6 } as const;

describe("grading: compareResult", () => {
  it("exact: equal numbers, arrays and objects pass; NaN equals NaN", () => {
    assert.equal(compareResult(3, 3, exact).pass, true);
    assert.equal(compareResult(Int8Array.of(1, -2), Int8Array.of(1, -2), exact).pass, true);
    assert.equal(compareResult({ a: [1, 2], b: "x" }, { a: [1, 2], b: "x" }, exact).pass, true);
    assert.equal(compareResult(NaN, NaN, exact).pass, true);
  });

  it("exact: names the first mismatch by path, once, at any depth", () => {
    assert.deepEqual(compareResult(320000, 125, exact), { pass: false, message: "result: expected 320000, got 125" });
    assert.equal(compareResult([1, 2, 3], [1, 5, 9], exact).message, "first mismatch at result[1]: expected 2, got 5");
    assert.equal(compareResult({ w: [[0, 1], [2, 3]] }, { w: [[0, 1], [2, 4]] }, exact).message, "first mismatch at result.w[1][1]: expected 3, got 4");
    assert.equal(compareResult([1, 2], [1, 2, 3], exact).message, "result: expected 2 elements, got 3");
    assert.equal(compareResult([1], 1, exact).message, "result: expected an array of 1, got 1");
    assert.equal(compareResult({ a: 1 }, null, exact).message, "result: expected an object, got null");
    // A float the student got slightly off is wrong under exact, shown with 7 significant digits.
    assert.equal(compareResult(0.1, 0.1 + 1e-12, exact).message, "result: expected 0.1000000, got 0.1000000");
  });

  it("close: atol + rtol * |expected|, element by element", () => {
    // Allowed: 1e-6 + 1e-3 * 100 = 0.100001.
    assert.equal(compareResult(100, 100.1, close).pass, true);
    assert.equal(compareResult(100, 100.1001, close).pass, false);
    assert.equal(compareResult(0, 9e-7, close).pass, true);
    assert.equal(compareResult(0, 2e-6, close).pass, false);
    const m = compareResult(Float32Array.of(1, 2, 3), Float32Array.of(1, 2.001, 3.5), close);
    assert.match(m.message, /^first mismatch at result\[2\]: expected 3, got 3\.500000 \(tolerance atol 0\.000001 \+ rtol 0\.001\)$/);
  });

  it("predicate: the predicate's reason is the message; a throwing predicate fails the result, never the grader", () => {
    const rule = { kind: "predicate", description: "positive" } as const;
    const positive = (g: unknown) => (typeof g === "number" && g > 0 ? null : "not above 0");
    assert.equal(compareResult(null, 5, rule, positive).pass, true);
    assert.equal(compareResult(null, -1, rule, positive).message, 'the result -1 does not meet "positive": not above 0');
    const c = compareResult(null, {}, rule, () => { throw new TypeError("boom"); });
    assert.equal(c.pass, false);
    assert.match(c.message, /could not be checked \(boom\)/);
    assert.equal(compareResult(null, 5, rule).pass, false);
  });
});
