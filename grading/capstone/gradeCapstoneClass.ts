import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { joinSource, parseNotebook } from "../../lib/notebook/notebookFormat.js";
import type { Dataset } from "../../lib/data/loadDataset.js";
import { writeFileAtomic } from "../../lib/writeFileAtomic.js";
import { checkSubmissionIds, feedbackHtml, GradeInputError, writeClassReports } from "../gradeClass.js";
import type { GradescopeResults } from "../gradescopeResults.js";
import { nbgraderOf } from "../releaseNotebook.js";
import type { CapstoneSpec } from "../labs/capstone.js";
import type { CapstoneGrade } from "./gradeCapstoneModel.js";
import { gradeCapstoneModel, refusedCapstone } from "./gradeCapstoneModel.js";
import { leaderboardHtml } from "./leaderboardHtml.js";

/** A submitted model: the student id and the .tflite's path (null when the submission folder has none). */
export interface CapstoneSubmission {
  id: string;
  path: string | null;
}

/** Larger files are refused unread: the budgets allow at most a few hundred KB of flash. */
export const MAX_MODEL_BYTES = 16 * 1024 * 1024;

/**
 * Capstone submissions: each .tflite file given (id: its name), each folder holding the
 * spec's model file (id: the folder's name), and inside a folder given, every .tflite
 * and every subfolder (a subfolder without the model file is a submission without a model).
 */
export function listCapstoneSubmissions(paths: string[], spec: CapstoneSpec): CapstoneSubmission[] {
  const found: CapstoneSubmission[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new GradeInputError(`${p}: no such file or folder`);
    if (!statSync(p).isDirectory()) {
      if (!p.endsWith(".tflite")) throw new GradeInputError(`${p}: capstone submissions are .tflite files or folders holding ${spec.modelFile}`);
      found.push({ id: basename(p).replace(/\.tflite$/, ""), path: resolve(p) });
    } else if (existsSync(join(p, spec.modelFile))) {
      found.push({ id: basename(resolve(p)), path: resolve(p, spec.modelFile) });
    } else {
      for (const n of readdirSync(p).sort()) {
        const f = join(p, n);
        if (statSync(f).isDirectory()) found.push({ id: n, path: existsSync(join(f, spec.modelFile)) ? resolve(f, spec.modelFile) : null });
        else if (n.endsWith(".tflite")) found.push({ id: n.replace(/\.tflite$/, ""), path: resolve(f) });
      }
    }
  }
  checkSubmissionIds(found, "");
  if (found.length === 0) throw new GradeInputError("no capstone submissions found (.tflite files, or folders holding capstone.tflite)");
  return found;
}

/** A submission's grade as Gradescope's results.json, with the leaderboard and the grader's notes. */
export function capstoneResults(g: CapstoneGrade, seconds: number): GradescopeResults {
  const auto = g.tests.filter((t) => t.status !== undefined);
  return {
    score: auto.reduce((a, t) => a + t.score, 0),
    max_score: g.tests.reduce((a, t) => a + t.max_score, 0),
    execution_time: Math.round(seconds),
    output: g.notes.join("\n"),
    visibility: "visible",
    tests: g.tests,
    ...(g.leaderboard.length > 0 ? { leaderboard: g.leaderboard } : {}),
  };
}

/**
 * The design report's text from a notebook beside the model (a submission folder's .ipynb, the markdown cell whose
 * nbgrader grade_id is designReport), for the grader to read; null when there is none or it cannot be parsed.
 */
export function designReport(modelPath: string): string | null {
  const dir = dirname(modelPath);
  for (const n of readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort()) {
    try {
      const nb = parseNotebook(readFileSync(join(dir, n), "utf8"), n);
      const cell = nb.cells.find((c) => c.cell_type === "markdown" && nbgraderOf(c)?.grade_id === "designReport");
      if (cell !== undefined) return joinSource(cell.source).slice(0, 5000);
    } catch {
      // A broken notebook is the report grader's business, not a reason to stop grading the model.
    }
  }
  return null;
}

/** One submission, whatever it holds: never throws for what the student sent. */
export async function gradeCapstoneFile(path: string | null, spec: CapstoneSpec, hidden: Dataset, qemu = true): Promise<{ grade: CapstoneGrade; results: GradescopeResults }> {
  const t0 = performance.now();
  let bytes: Uint8Array;
  if (path === null) bytes = new Uint8Array(0);
  else if (statSync(path).size > MAX_MODEL_BYTES) bytes = new Uint8Array(0);
  else bytes = new Uint8Array(readFileSync(path));
  const grade = path === null ? refusedCapstone(spec, `no ${spec.modelFile} in the submission: the notebook's last cell writes it`)
    : bytes.length === 0 ? refusedCapstone(spec, `${spec.modelFile} is empty or larger than ${MAX_MODEL_BYTES} bytes`)
      : await gradeCapstoneModel(bytes, { spec, hidden, qemu });
  const report = path === null || basename(path) !== spec.modelFile ? null : designReport(path);
  if (report !== null) grade.tests = grade.tests.map((t) => (t.status === undefined ? { ...t, output: `pending manual grading. Answer:\n${report}` } : t));
  return { grade, results: capstoneResults(grade, (performance.now() - t0) / 1000) };
}

export interface CapstoneClassOptions {
  out: string;
  force: boolean;
  /** Deploy to QEMU where a track names a board (default true). */
  qemu?: boolean;
  onProgress?: (done: number, total: number, id: string) => void;
}

/**
 * Grades every capstone submission into `out/<id>/` (results.json with the leaderboard,
 * feedback.html), skipping those already graded unless `force`; then writes
 * gradebook.csv, summary.html and leaderboard.html over all of them.
 */
export async function gradeCapstoneClass(spec: CapstoneSpec, hidden: Dataset, paths: string[], opts: CapstoneClassOptions): Promise<{ graded: string[]; skipped: string[]; results: Map<string, GradescopeResults> }> {
  const subs = listCapstoneSubmissions(paths, spec);
  mkdirSync(opts.out, { recursive: true });
  const todo = subs.filter((s) => opts.force || !existsSync(join(opts.out, s.id, "results.json")));
  const results = new Map<string, GradescopeResults>();
  for (const [k, s] of todo.entries()) {
    const dir = join(opts.out, s.id);
    mkdirSync(dir, { recursive: true });
    const { results: r } = await gradeCapstoneFile(s.path, spec, hidden, opts.qemu);
    writeFileAtomic(join(dir, "feedback.html"), feedbackHtml(s.id, spec.lab, r));
    // Written last: its presence marks the submission graded.
    writeFileAtomic(join(dir, "results.json"), JSON.stringify(r, null, 1) + "\n");
    results.set(s.id, r);
    opts.onProgress?.(k + 1, todo.length, s.id);
  }
  const ids = subs.map((s) => s.id);
  writeClassReports(spec, ids, opts.out);
  const all = ids.map((id) => ({ id, r: JSON.parse(readFileSync(join(opts.out, id, "results.json"), "utf8")) as GradescopeResults }));
  writeFileAtomic(join(opts.out, "leaderboard.html"), leaderboardHtml(spec, all));
  return { graded: todo.map((s) => s.id), skipped: subs.filter((s) => !todo.includes(s)).map((s) => s.id), results };
}
