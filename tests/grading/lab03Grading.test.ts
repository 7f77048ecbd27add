import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LABS } from "../../grading/labs/labRegistry.js";
import { checkCleanRelease, gradeWithMistakes } from "../support/labGrading.js";

const LAB = LABS["03"];

describe("grading: lab 03 (distillation)", function () {
  this.timeout(300_000);

  it("a release of lab 03 holds no solution text and no hidden case, strips lab 03's references and ships lab 02's", () => {
    const out = checkCleanRelease(LAB, 20);
    assert.match(readFileSync(join(out, "lib", "compression", "distillation", "distillationLoss.ts"), "utf8"), /not implemented: distillationLoss/);
    assert.doesNotMatch(readFileSync(join(out, "lib", "compression", "quantization", "kmeansQuantize.ts"), "utf8"), /not implemented/);
  });

  it("the solution scores full marks, the release 0 with 'not implemented', and each seeded mistake loses exactly its exercise's points", async () => {
    const { results, lost } = await gradeWithMistakes(LAB, 2, {
      // The classic: the soft term without T^2.
      "missing-t2": { cell: "ex-kd", edit: (s) => s.replace("opts.alpha * t * t * soft", "opts.alpha * soft") },
      // The gradient summed over rows instead of averaged.
      "gradient-not-averaged": { cell: "ex-kg", edit: (s) => s.replace(") / rows;", ");") },
      // A student that ignores the weight budget: the widest uniform one under the MAC budget.
      "over-weights": { cell: "ex-st", edit: (s) => s.replace("if (macs <= budget.maxMacs && weights <= budget.maxWeights) {", "if (macs <= budget.maxMacs && weights >= 0) {") },
      // Helpers wrong: each costs its own exercise only, though distillationLoss and kdGradient call them.
      "reversed-kl": { cell: "ex-kl", edit: (s) => s.replace("if (p[i] > 0) total += p[i] * Math.log(p[i] / q[i]);", "if (q[i] > 0) total += q[i] * Math.log(q[i] / p[i]);") },
      "softmax-without-t": { cell: "ex-sm", edit: (s) => s.replace("Math.exp((logits[r + c] - max) / temperature)", "Math.exp(logits[r + c] - max)") },
      // Overflows for large logits.
      "ce-without-max": { cell: "ex-ce", edit: (s) => s.replace("const max = Math.max(...z);", "const max = 0;") },
    });
    assert.deepEqual(lost("reversed-kl"), { klDivergence: 2 });
    assert.deepEqual(lost("softmax-without-t"), { softmaxWithTemperature: 2 });
    assert.deepEqual(lost("ce-without-max"), { crossEntropyFromLogits: 2 });
    assert.deepEqual(lost("missing-t2"), { distillationLoss: 3 });
    assert.deepEqual(lost("gradient-not-averaged"), { kdGradient: 3 });
    assert.deepEqual(lost("over-weights"), { studentChannels: 3 });
    assert.match(results("over-weights").tests.find((t) => t.name === "studentChannels")?.output ?? "", /has \d+ weights, over the budget of 7000/);
  });
});
