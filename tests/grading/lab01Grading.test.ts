import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gradeClass } from "../../grading/gradeClass.js";
import type { GradescopeResults } from "../../grading/gradescopeResults.js";
import { HIDDEN } from "../../grading/hidden/hiddenRegistry.js";
import { LABS } from "../../grading/labs/labRegistry.js";
import { releaseLab } from "../../grading/releaseLab.js";
import type { Notebook } from "../../lib/notebook/notebookFormat.js";
import { joinSource, readNotebook } from "../../lib/notebook/notebookFormat.js";
import { releaseLeaks } from "../support/releaseLeaks.js";
import { ROOT } from "../support/runCli.js";

const LAB = LABS["01"];
const master = (): Notebook => readNotebook(join(ROOT, LAB.master));

/** The master with one solution cell's code edited by `edit`, a typical student mistake. */
function mistake(cellId: string, edit: (src: string) => string): Notebook {
  const nb = master();
  const cell = nb.cells.find((c) => c.id === cellId);
  if (cell === undefined) throw new Error(`no cell ${cellId}`);
  const before = joinSource(cell.source);
  cell.source = edit(before);
  if (cell.source === before) throw new Error(`the mistake for ${cellId} changed nothing`);
  return nb;
}

describe("grading: lab 01 (pruning)", function () {
  this.timeout(300_000);

  it("a release of lab 01 holds no solution text and no hidden case", () => {
    const out = mkdtempSync(join(tmpdir(), "tinyml-lab01-scan-"));
    releaseLab(LAB, Object.values(LABS), out);
    const { leaks, solutionLines } = releaseLeaks(LAB, HIDDEN["01"], out);
    assert.ok(solutionLines >= 30);
    assert.deepEqual(leaks, []);
    assert.match(readFileSync(join(out, "lib", "compression", "magnitudeMask.ts"), "utf8"), /not implemented: magnitudeMask/);
  });

  it("the solution scores full marks, the release 0 with 'not implemented', and each seeded mistake loses exactly its exercise's points", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tinyml-lab01-subs-"));
    const write = (id: string, nb: Notebook) => writeFileSync(join(dir, `${id}.ipynb`), JSON.stringify(nb));
    write("solution", master());
    write("release", readNotebook(releaseLab(LAB, Object.values(LABS), mkdtempSync(join(tmpdir(), "tinyml-lab01-rel-")))));
    // Off by one in the number of pruned weights: `<=` prunes round(s * n) + 1.
    write("off-by-one", mistake("ex-mm", (s) => s.replace("for (let i = 0; i < k; i++)", "for (let i = 0; i <= k; i++)")));
    // Ascending importance: keeps the least important channels.
    write("wrong-order", mistake("ex-kp", (s) => s.replace("importance[b] - importance[a]", "importance[a] - importance[b]")));
    // A plan that ignores the accuracy budget: everything at the highest scanned sparsity.
    write("greedy-plan", mistake("ex-ch", (s) => s.replace("// BEGIN SOLUTION", "// BEGIN SOLUTION\n  if (scan.length > 0) return Object.fromEntries(scan.map((r) => [r.layer, Math.max(...scan.filter((x) => x.layer === r.layer).map((x) => x.sparsity))]));")));
    const out = mkdtempSync(join(tmpdir(), "tinyml-lab01-grades-"));
    await gradeClass(LAB, Object.values(LABS), HIDDEN["01"], [dir], { out, jobs: 2, timeoutS: 30, sandbox: false, force: false });
    const r = (id: string) => JSON.parse(readFileSync(join(out, id, "results.json"), "utf8")) as GradescopeResults;
    const auto = LAB.exercises.reduce((a, e) => a + e.points, 0);
    assert.equal(LAB.exercises.length >= 8, true);
    assert.equal(r("solution").score, auto, JSON.stringify(r("solution").tests, null, 1).slice(0, 2000));
    assert.equal(r("solution").max_score, auto + 2);
    assert.equal(r("release").score, 0);
    for (const t of r("release").tests.filter((x) => x.status !== undefined)) assert.match(t.output, new RegExp(`not implemented: ${t.name}`));
    const lost = (id: string) => Object.fromEntries(r(id).tests.filter((t) => t.score < t.max_score && t.status !== undefined).map((t) => [t.name, t.max_score - t.score]));
    assert.deepEqual(lost("off-by-one"), { magnitudeMask: 3 });
    // Degenerate cases (all ties, one channel) do not tell the orders apart: some points stay, only in this exercise.
    assert.deepEqual(Object.keys(lost("wrong-order")), ["channelsToKeep"]);
    assert.ok(lost("wrong-order").channelsToKeep >= 1);
    assert.deepEqual(lost("greedy-plan"), { chooseSparsities: 3 });
    assert.match(r("greedy-plan").tests.find((t) => t.name === "chooseSparsities")?.output ?? "", /summed accuracy drop is .*, above 0.05/);
  });
});
