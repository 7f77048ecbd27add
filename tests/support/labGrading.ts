import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LabSpec } from "../../grading/exerciseSpec.js";
import { gradeClass } from "../../grading/gradeClass.js";
import type { GradescopeResults } from "../../grading/gradescopeResults.js";
import { HIDDEN } from "../../grading/hidden/hiddenRegistry.js";
import { LABS } from "../../grading/labs/labRegistry.js";
import { releaseLab } from "../../grading/releaseLab.js";
import type { Notebook } from "../../lib/notebook/notebookFormat.js";
import { joinSource, readNotebook } from "../../lib/notebook/notebookFormat.js";
import { releaseLeaks } from "./releaseLeaks.js";
import { ROOT } from "./runCli.js";

/** A typical student mistake: one solution cell's code edited. */
export interface Mistake {
  cell: string;
  edit: (src: string) => string;
}

/** The lab's master with one solution cell's code edited; throws if the edit changed nothing. */
function withMistake(lab: LabSpec, m: Mistake): Notebook {
  const nb = readNotebook(join(ROOT, lab.master));
  const cell = nb.cells.find((c) => c.id === m.cell);
  if (cell === undefined) throw new Error(`no cell ${m.cell}`);
  const before = joinSource(cell.source);
  cell.source = m.edit(before);
  if (cell.source === before) throw new Error(`the mistake for ${m.cell} changed nothing`);
  return nb;
}

/**
 * Releases `lab` into a temporary folder and checks it leaks nothing: no
 * solution line (at least `minSolutionLines` looked for) and no hidden case.
 * Returns the release's folder.
 */
export function checkCleanRelease(lab: LabSpec, minSolutionLines: number): string {
  const out = mkdtempSync(join(tmpdir(), `tinyml-lab${lab.lab}-scan-`));
  releaseLab(lab, Object.values(LABS), out);
  const { leaks, solutionLines } = releaseLeaks(lab, HIDDEN[lab.lab], out);
  assert.ok(solutionLines >= minSolutionLines, `only ${solutionLines} solution lines looked for`);
  assert.deepEqual(leaks, []);
  return out;
}

/**
 * Grades the master, the released notebook and one submission per mistake
 * with the real grader (2 jobs), and checks the master scores full marks
 * (plus `manualPoints` left to a person) and the release 0 with "not
 * implemented" on every exercise. Returns each submission's results and the
 * points it lost per exercise.
 */
export async function gradeWithMistakes(lab: LabSpec, manualPoints: number, mistakes: Record<string, Mistake>): Promise<{
  results: (id: string) => GradescopeResults;
  lost: (id: string) => Record<string, number>;
}> {
  const dir = mkdtempSync(join(tmpdir(), `tinyml-lab${lab.lab}-subs-`));
  const write = (id: string, nb: Notebook) => writeFileSync(join(dir, `${id}.ipynb`), JSON.stringify(nb));
  write("solution", readNotebook(join(ROOT, lab.master)));
  write("release", readNotebook(releaseLab(lab, Object.values(LABS), mkdtempSync(join(tmpdir(), `tinyml-lab${lab.lab}-rel-`)))));
  for (const [id, m] of Object.entries(mistakes)) write(id, withMistake(lab, m));
  const out = mkdtempSync(join(tmpdir(), `tinyml-lab${lab.lab}-grades-`));
  await gradeClass(lab, Object.values(LABS), HIDDEN[lab.lab], [dir], { out, jobs: 2, timeoutS: 30, sandbox: false, force: false });
  const results = (id: string) => JSON.parse(readFileSync(join(out, id, "results.json"), "utf8")) as GradescopeResults;
  const auto = lab.exercises.reduce((a, e) => a + e.points, 0);
  assert.ok(lab.exercises.length >= 8, `lab ${lab.lab} has ${lab.exercises.length} graded exercises`);
  assert.equal(results("solution").score, auto, JSON.stringify(results("solution").tests, null, 1).slice(0, 2000));
  assert.equal(results("solution").max_score, auto + manualPoints);
  assert.equal(results("release").score, 0);
  for (const t of results("release").tests.filter((x) => x.status !== undefined)) assert.match(t.output, new RegExp(`not implemented: ${t.name}`));
  const lost = (id: string) => Object.fromEntries(results(id).tests.filter((t) => t.score < t.max_score && t.status !== undefined).map((t) => [t.name, t.max_score - t.score]));
  return { results, lost };
}
