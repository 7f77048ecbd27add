import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LABS } from "../../grading/labs/labRegistry.js";
import { checkCleanRelease, gradeWithMistakes } from "../support/labGrading.js";

const LAB = LABS["01"];

describe("grading: lab 01 (pruning)", function () {
  this.timeout(300_000);

  it("a release of lab 01 holds no solution text and no hidden case", () => {
    const out = checkCleanRelease(LAB, 30);
    assert.match(readFileSync(join(out, "lib", "compression", "pruning", "magnitudeMask.ts"), "utf8"), /not implemented: magnitudeMask/);
  });

  it("the solution scores full marks, the release 0 with 'not implemented', and each seeded mistake loses exactly its exercise's points", async () => {
    const { results, lost } = await gradeWithMistakes(LAB, 2, {
      // Off by one in the number of pruned weights: `<=` prunes round(s * n) + 1.
      "off-by-one": { cell: "ex-mm", edit: (s) => s.replace("for (let i = 0; i < k; i++)", "for (let i = 0; i <= k; i++)") },
      // Equal magnitudes: the later position pruned first.
      "ties-later": { cell: "ex-mm", edit: (s) => s.replace("|| a - b", "|| b - a") },
      // Each tensor pruned at the sparsity on its own, instead of one global threshold.
      "per-tensor": { cell: "ex-gl", edit: (s) => s.replace("// BEGIN SOLUTION", "// BEGIN SOLUTION\n  if (tensors.length > 0) return tensors.map((w) => { const k = Math.round(sparsity * w.length); const order = Array.from(w.keys()).sort((a, b) => Math.abs(w[a]) - Math.abs(w[b]) || a - b); const m = new Uint8Array(w.length).fill(1); for (let i = 0; i < k; i++) m[order[i]] = 0; return m; });") },
      // A quadratic schedule instead of the cubic one.
      "cubic-square": { cell: "ex-cu", edit: (s) => s.replace("left ** 3", "left ** 2") },
      // Ascending importance: keeps the least important channels.
      "wrong-order": { cell: "ex-kp", edit: (s) => s.replace("importance[b] - importance[a]", "importance[a] - importance[b]") },
      // A plan that ignores the accuracy budget: everything at the highest scanned sparsity.
      "greedy-plan": { cell: "ex-ch", edit: (s) => s.replace("// BEGIN SOLUTION", "// BEGIN SOLUTION\n  if (scan.length > 0) return Object.fromEntries(scan.map((r) => [r.layer, Math.max(...scan.filter((x) => x.layer === r.layer).map((x) => x.sparsity))]));") },
    });
    assert.deepEqual(lost("off-by-one"), { magnitudeMask: 3 });
    assert.deepEqual(lost("ties-later"), { magnitudeMask: 3 });
    assert.deepEqual(lost("per-tensor"), { globalMagnitudeMasks: 2 });
    assert.deepEqual(lost("cubic-square"), { cubicSparsity: 2 });
    // Degenerate cases (all ties, one channel) do not tell the orders apart: some points stay, only in this exercise.
    assert.deepEqual(Object.keys(lost("wrong-order")), ["channelsToKeep"]);
    assert.ok(lost("wrong-order").channelsToKeep >= 1);
    assert.deepEqual(lost("greedy-plan"), { chooseSparsities: 3 });
    assert.match(results("greedy-plan").tests.find((t) => t.name === "chooseSparsities")?.output ?? "", /summed accuracy drop is .*, above 0.05/);
  });
});
