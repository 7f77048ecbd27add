import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LABS } from "../../grading/labs/labRegistry.js";
import { ARM_TOOLCHAIN_INSTALL } from "../../lib/deploy/deployTargets.js";
import { missingToolchain } from "../../lib/deploy/runProject.js";
import { checkCleanRelease, gradeWithMistakes } from "../support/labGrading.js";
import { requireTool } from "../support/requireTool.js";

const LAB = LABS["05"];

describe("grading: lab 05 (deployment)", function () {
  this.timeout(900_000);

  it("a release of lab 05 holds no solution text and no hidden case, strips lab 05's references and ships lab 04's", () => {
    const out = checkCleanRelease(LAB, 60);
    assert.match(readFileSync(join(out, "lib", "deploy", "memory", "greedyBySize.ts"), "utf8"), /not implemented: greedyBySize/);
    assert.match(readFileSync(join(out, "lib", "deploy", "kernels", "dotProductKernel.ts"), "utf8"), /not implemented: dotProductKernel/);
    assert.doesNotMatch(readFileSync(join(out, "lib", "nas", "spearman.ts"), "utf8"), /not implemented/);
    // The engine the lab's exercises mirror stays whole: students deploy with it.
    assert.doesNotMatch(readFileSync(join(out, "lib", "deploy", "codegen", "planArena.ts"), "utf8"), /not implemented/);
  });

  it("the solution scores full marks, the release 0 with 'not implemented', and each seeded mistake loses exactly its exercise's points", async function () {
    // The dot product's instruction budget is measured on QEMU: without it that exercise cannot reach full marks.
    if (!requireTool(this, missingToolchain("m4") === null, "the Arm toolchain and QEMU", ARM_TOOLCHAIN_INSTALL)) return;
    const { results, lost } = await gradeWithMistakes(LAB, 2, {
      // The graph input taken as born at operator 0 instead of before it.
      "lifetime-off-by-one": { cell: "ex-live", edit: (s) => s.replace("use(t, -1)", "use(t, 0)") },
      // Placed in order of first use instead of size.
      "places-by-first-use": { cell: "ex-greedy", edit: (s) => s.replace("ranges[j].bytes - ranges[i].bytes || ranges[i].firstUse - ranges[j].firstUse", "ranges[i].firstUse - ranges[j].firstUse || ranges[j].bytes - ranges[i].bytes") },
      // The window's start and end without the padding.
      "field-ignores-padding": { cell: "ex-field", edit: (s) => s.replace("a * l.stride - l.pad", "a * l.stride").replace("b * l.stride - l.pad +", "b * l.stride +") },
      // A right shift that floors instead of rounding.
      "truncating-rounding": { cell: "ex-requant", edit: (s) => s.replace("v = (high >> right) + (remainder > threshold ? 1 : 0);", "v = high >> right; (void)threshold; (void)remainder;") },
      // Exact, but one MAC per iteration: too many instructions on the Cortex-M4.
      "plain-dot-loop": { cell: "ex-dot", edit: (s) => s.replace(/return `\/\* Two SMLADs[\s\S]*?^`;/m, "return `int32_t student_dot(const int8_t *x, const int8_t *w, int32_t x_offset, int32_t n) {\n  int32_t acc = 0;\n  for (int32_t i = 0; i < n; i++) acc += (x[i] + x_offset) * w[i];\n  return acc;\n}\n`;") },
      // The layer before the drop named as the faulty one.
      "wrong-faulty-layer": { cell: "ex-first", edit: (s) => s.replace("if (snrDb[k] < best - dropDb) return k;", "if (snrDb[k] < best - dropDb) return k - 1;") },
    });
    assert.deepEqual(lost("lifetime-off-by-one"), { liveRanges: 2 });
    assert.deepEqual(lost("places-by-first-use"), { greedyBySize: 3 });
    assert.deepEqual(lost("field-ignores-padding"), { receptiveField: 3 });
    assert.deepEqual(lost("truncating-rounding"), { requantizeKernel: 3 });
    assert.deepEqual(lost("plain-dot-loop"), { dotProductKernel: 4 });
    assert.deepEqual(lost("wrong-faulty-layer"), { firstDivergentLayer: 2 });
    const out = (id: string, name: string) => results(id).tests.find((t) => t.name === name)?.output ?? "";
    assert.match(out("truncating-rounding", "requantizeKernel"), /your C gives -?\d+, TFLite gives -?\d+/);
    assert.match(out("plain-dot-loop", "dotProductKernel"), /exact, but \d+\.\d\d instructions per MAC on the Cortex-M4 for n = \d+, over 3\.5/);
  });
});
