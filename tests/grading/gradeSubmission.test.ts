import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gradeClass } from "../../grading/gradeClass.js";
import type { GradescopeResults } from "../../grading/gradescopeResults.js";
import { LABS } from "../../grading/labs/labRegistry.js";
import { releaseLab } from "../../grading/releaseLab.js";
import type { Notebook } from "../../lib/notebook/notebookFormat.js";
import { readNotebook } from "../../lib/notebook/notebookFormat.js";
import { ROOT } from "../support/runCli.js";
import { FIXTURE_HIDDEN, FIXTURE_LAB } from "./fixtures/fixtureLab.js";

const ALL_LABS = [...Object.values(LABS), FIXTURE_LAB];
const master = (): Notebook => readNotebook(join(ROOT, FIXTURE_LAB.master));
function variant(code: Record<string, string | null>): Notebook {
  const nb = master();
  for (const [id, src] of Object.entries(code)) {
    if (src === null) nb.cells = nb.cells.filter((c) => c.id !== id);
    else nb.cells.forEach((c) => { if (c.id === id) c.source = src; });
  }
  return nb;
}

describe("grading: the fixture lab (one exercise per rule)", function () {
  this.timeout(300_000);
  let out = "";
  const r = (id: string) => JSON.parse(readFileSync(join(out, id, "results.json"), "utf8")) as GradescopeResults;
  const test = (id: string, name: string) => {
    const t = r(id).tests.find((x) => x.name === name);
    if (t === undefined) throw new Error(`${id} has no test ${name}`);
    return t;
  };

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), "tinyml-fixture-subs-"));
    const write = (id: string, nb: Notebook) => writeFileSync(join(dir, `${id}.ipynb`), JSON.stringify(nb));
    write("solution", master());
    write("stub", readNotebook(releaseLab(FIXTURE_LAB, ALL_LABS, mkdtempSync(join(tmpdir(), "tinyml-fixture-rel-")))));
    write("mistakes", variant({
      // No clamp: Int8Array.map wraps 127 + 1 to -128.
      addBias: "function addBias(x: Int8Array): Int8Array { return x.map((v) => v + BIAS); }",
      // Off by a relative 1e-12: within rtol 1e-9.
      rms: "function rms(x: number[]): number { return Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length) * (1 + 1e-12); }",
      underBudget: "function underBudget(budget: number): number[] { return [budget]; }",
    }));
    write("missing", variant({ underBudget: null, whyBias: null }));
    out = mkdtempSync(join(tmpdir(), "tinyml-fixture-grades-"));
    await gradeClass(FIXTURE_LAB, ALL_LABS, FIXTURE_HIDDEN, [dir], { out, jobs: 2, timeoutS: 20, sandbox: false, force: false });
  });

  it("the master scores full marks; demo cells are skipped; the manual answer is pending", () => {
    const s = r("solution");
    assert.equal(s.score, 6);
    assert.equal(s.max_score, 7);
    assert.doesNotMatch(s.output, /demo cell ran/);
    assert.deepEqual(s.tests.map((t) => [t.name, t.score, t.status ?? "pending"]), [["addBias", 3, "passed"], ["rms", 2, "passed"], ["underBudget", 1, "passed"], ["whyBias", 0, "pending"]]);
    assert.match(test("solution", "whyBias").output, /Because int8 stops there/);
  });

  it("the released stub scores 0 with 'not implemented' feedback", () => {
    assert.equal(r("stub").score, 0);
    for (const name of ["addBias", "rms", "underBudget"]) assert.match(test("stub", name).output, new RegExp(`not implemented: ${name}`));
  });

  it("exact finds the first mismatching element; close forgives within tolerance; a predicate explains its verdict", () => {
    // addBias([0, -5, 126, 127]) must be [1, -4, 127, 127]; the unclamped one wraps the last to -128.
    assert.match(test("mistakes", "addBias").output, /case 1 \(args .*\): first mismatch at result\[3\]: expected 127, got -128/);
    assert.equal(test("mistakes", "addBias").score, 1.5);
    assert.equal(test("mistakes", "rms").score, 2);
    assert.match(test("mistakes", "underBudget").output, /does not meet "a non-empty list of numbers, all below the budget": \[10\] is not below 10/);
    // Hidden cases count but do not show their values.
    assert.match(test("mistakes", "underBudget").output, /hidden case 1: wrong result \(the values of hidden cases are not shown\)/);
    // Hidden cases are numbered on their own, after the public ones ("hidden case 1" is the first hidden, not the second case).
    assert.doesNotMatch(test("mistakes", "underBudget").output, /hidden case 2/);
  });

  it("a deleted answer cell is graded as the unanswered stub and said so", () => {
    assert.equal(test("missing", "underBudget").score, 0);
    assert.match(r("missing").output, /the answer cell "underBudget" is missing from the submission/);
    assert.equal(test("missing", "addBias").score, 3);
    assert.match(test("missing", "whyBias").output, /^pending manual grading/);
  });
});
