import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LABS } from "../../grading/labs/labRegistry.js";
import { checkCleanRelease, gradeWithMistakes } from "../support/labGrading.js";

const LAB = LABS["02"];

describe("grading: lab 02 (quantization)", function () {
  this.timeout(300_000);

  it("a release of lab 02 holds no solution text and no hidden case, strips lab 02's references and ships lab 01's", () => {
    const out = checkCleanRelease(LAB, 30);
    assert.match(readFileSync(join(out, "lib", "compression", "quantization", "linearQuantParams.ts"), "utf8"), /not implemented: linearQuantParams/);
    assert.doesNotMatch(readFileSync(join(out, "lib", "compression", "pruning", "magnitudeMask.ts"), "utf8"), /not implemented/);
  });

  it("the solution scores full marks, the release 0 with 'not implemented', and each seeded mistake loses exactly its exercise's points", async () => {
    const { results, lost } = await gradeWithMistakes(LAB, 2, {
      // The zero point with the wrong sign: qmin + round(lo / scale).
      "zero-point-sign": { cell: "ex-lp", edit: (s) => s.replace("qmin - rounded", "qmin + rounded") },
      // The range not widened to include 0, so 0 is not exactly representable.
      "no-widening": { cell: "ex-lp", edit: (s) => s.replace("const lo = Math.min(0, min);", "const lo = min;").replace("const hi = Math.max(0, max);", "const hi = max;") },
      // The shift's sign flipped (a right shift counted as positive).
      "shift-sign": { cell: "ex-fm", edit: (s) => s.replace("return { multiplier, shift };", "return { multiplier, shift: -shift };") },
      // One scale for the whole tensor instead of one per channel.
      "per-tensor": { cell: "ex-pc", edit: (s) => s.replace("return maxAbs.map((m) => (m === 0 ? 1 : m / qmax));", "const all = Math.max(...maxAbs);\n  return maxAbs.map(() => (all === 0 ? 1 : all / qmax));") },
      // Math.round rounds -2.5 to -2: the classic rounding slip.
      "math-round": { cell: "ex-ql", edit: (s) => s.replace("(r < 0 ? -Math.round(-r) : Math.round(r))", "Math.round(r)") },
      // A plan that ignores the byte budget: every layer at its widest.
      "greedy-bits": { cell: "ex-cb", edit: (s) => s.replace("// BEGIN SOLUTION", "// BEGIN SOLUTION\n  if (scan.length > 0) return Object.fromEntries(scan.map((r) => [r.layer, Math.max(...scan.filter((x) => x.layer === r.layer).map((x) => x.bits))]));") },
    });
    assert.deepEqual(lost("zero-point-sign"), { linearQuantParams: 2 });
    assert.deepEqual(lost("no-widening"), { linearQuantParams: 2 });
    assert.deepEqual(lost("shift-sign"), { fixedPointMultiplier: 2 });
    assert.deepEqual(lost("per-tensor"), { perChannelScales: 2 });
    assert.deepEqual(lost("math-round"), { quantizeLinear: 2 });
    assert.deepEqual(lost("greedy-bits"), { chooseBitWidths: 3 });
    assert.match(results("greedy-bits").tests.find((t) => t.name === "chooseBitWidths")?.output ?? "", /the weights take \d+ bytes, over the budget of 3000/);
  });
});
