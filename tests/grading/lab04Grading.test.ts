import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LABS } from "../../grading/labs/labRegistry.js";
import { checkCleanRelease, gradeWithMistakes } from "../support/labGrading.js";

const LAB = LABS["04"];

describe("grading: lab 04 (neural architecture search)", function () {
  this.timeout(600_000);

  it("a release of lab 04 holds no solution text and no hidden case, strips lab 04's references and ships lab 03's", () => {
    const out = checkCleanRelease(LAB, 40);
    assert.match(readFileSync(join(out, "lib", "nas", "encodeArch.ts"), "utf8"), /not implemented: encodeArch/);
    assert.doesNotMatch(readFileSync(join(out, "lib", "compression", "distillation", "klDivergence.ts"), "utf8"), /not implemented/);
  });

  it("the solution scores full marks, the release 0 with 'not implemented', and each seeded mistake loses exactly its exercise's points", async () => {
    const { results, lost } = await gradeWithMistakes(LAB, 2, {
      // Depth 1 taken as index 1: every depth group is shifted by one.
      "encoding-off-by-one": { cell: "ex-enc", edit: (s) => s.replace("for (let s = 0; s < STAGES; s++) hot(CHOICES.depth, arch.depths[s]);", "for (let s = 0; s < STAGES; s++) { out[at + arch.depths[s]] = 1; at += 3; }") },
      // A bound compared the wrong way round.
      "constraint-wrong-sign": { cell: "ex-sat", edit: (s) => s.replace("if (value > (bound as number)) ok = false;", "if (value < (bound as number)) ok = false;") },
      // A kernel size the space does not have.
      "mutation-invalid": { cell: "ex-mut", edit: (s) => s.replace("maybe(k, CHOICES.kernel)", "maybe(k, [...CHOICES.kernel, 9])") },
      // Crossover that always takes parent a.
      "crossover-copies": { cell: "ex-cross", edit: (s) => s.replace("(rng() < 0.5 ? x : y)", "(rng() < 2 ? x : y)") },
      // A design over the latency budget: the largest network.
      "design-over-budget": { cell: "ex-choose", edit: (s) => s.replace(/return \{ stemStride[^;]*;/, "return { stemStride: 1, width: 1, depths: [3, 3, 3, 3], kernels: Array(12).fill(7), expands: Array(12).fill(4) };") },
    });
    assert.deepEqual(lost("encoding-off-by-one"), { encodeArch: 2 });
    assert.deepEqual(lost("constraint-wrong-sign"), { satisfiesConstraints: 2 });
    assert.deepEqual(lost("mutation-invalid"), { mutateArch: 2 });
    assert.deepEqual(lost("crossover-copies"), { crossoverArch: 2 });
    assert.deepEqual(lost("design-over-budget"), { chosenArch: 4 });
    assert.match(results("mutation-invalid").tests.find((t) => t.name === "mutateArch")?.output ?? "", /allowed: 3, 5, 7/);
    assert.match(results("design-over-budget").tests.find((t) => t.name === "chosenArch")?.output ?? "", /ms on nano33-ble, over the budget of 40 ms/);
  });
});
