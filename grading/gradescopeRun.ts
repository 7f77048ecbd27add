import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { writeFileAtomic } from "../lib/writeFileAtomic.js";
import type { HiddenCases, LabSpec } from "./exerciseSpec.js";
import { gradeClass } from "./gradeClass.js";
import type { GradescopeResults } from "./gradescopeResults.js";
import { filesUnder } from "../lib/filesUnder.js";

export interface GradescopeRunOptions {
  /** Gradescope's submission folder (/autograder/submission): the student's uploaded files. */
  submission: string;
  /** Where Gradescope reads the results (/autograder/results/results.json). */
  results: string;
  /** Limit per cell and per exercise call, seconds. */
  timeoutS: number;
}

/**
 * The file to grade among the uploaded ones: the notebook named like the lab's master,
 * else the first .ipynb by name; with no .ipynb at all, the first file (it is then
 * reported as unreadable) or null. `note` says what was chosen, when there was a choice.
 */
export function pickSubmission(spec: LabSpec, dir: string): { path: string | null; note: string } {
  const all = filesUnder(dir).sort();
  const notebooks = all.filter((f) => f.endsWith(".ipynb") && !f.includes(".ipynb_checkpoints"));
  const shown = (fs: string[]) => fs.map((f) => relative(dir, f)).join(", ");
  if (notebooks.length === 0) {
    return { path: all[0] ?? null, note: all.length === 0 ? "the submission is empty: upload your lab's .ipynb" : `no .ipynb file in the submission (found: ${shown(all)}); upload the notebook itself (Jupyter: File > Download as > Notebook)` };
  }
  const named = notebooks.find((f) => basename(f) === basename(spec.master));
  const path = named ?? notebooks[0];
  return { path, note: notebooks.length > 1 ? `several notebooks were uploaded (${shown(notebooks)}); graded ${relative(dir, path)}` : "" };
}

function failedResults(spec: LabSpec, why: string): GradescopeResults {
  const tests = spec.exercises.map((ex, i) => ({ name: ex.name, number: String(i + 1), score: 0, max_score: ex.points, status: "failed" as const, output: why, visibility: "visible" as const }));
  return { score: 0, max_score: tests.reduce((a, t) => a + t.max_score, 0), execution_time: 0, output: why, visibility: "visible", tests };
}

/**
 * Gradescope's run_autograder: grades the uploaded notebook sandboxed (bubblewrap is
 * required: the hidden cases sit in the same container) and writes results.json.
 * Always writes a results file, whatever the submission holds or however grading fails.
 */
export async function gradescopeRun(spec: LabSpec, labs: readonly LabSpec[], hidden: HiddenCases, o: GradescopeRunOptions): Promise<GradescopeResults> {
  const work = mkdtempSync(join(tmpdir(), "tinyml-gradescope-run-"));
  let results: GradescopeResults;
  try {
    if (spawnSync("bwrap", ["--version"]).status !== 0) {
      results = failedResults(spec, "not graded: the autograder image has no bubblewrap (its setup.sh installs it); please tell your instructor");
    } else {
      const picked = pickSubmission(spec, o.submission);
      const subs = join(work, "submissions");
      mkdirSync(subs);
      const target = join(subs, "submission.ipynb");
      // A missing or non-notebook upload goes through the same path: the grader reports it as unreadable.
      if (picked.path === null) writeFileSync(target, "");
      else copyFileSync(picked.path, target);
      const summary = await gradeClass(spec, labs, hidden, [subs], { out: join(work, "out"), jobs: 1, timeoutS: o.timeoutS, sandbox: true, force: true });
      const r = summary.results.get("submission");
      if (r === undefined) throw new Error("the grader returned no result");
      results = { ...r, output: [picked.note, r.output].filter((s) => s !== "").join("\n") };
    }
  } catch (e) {
    results = failedResults(spec, `not graded: the autograder failed (${e instanceof Error ? e.message : String(e)}); please tell your instructor`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  mkdirSync(dirname(o.results), { recursive: true });
  writeFileAtomic(o.results, JSON.stringify(results, null, 1) + "\n");
  return results;
}
