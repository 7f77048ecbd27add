import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import pMap from "p-map";
import { basename, join, resolve } from "node:path";
import { readNotebook } from "../lib/notebook/notebookFormat.js";
import { projectRoot } from "../lib/projectRoot.js";
import { figurePageHtml } from "../lib/viz/plot.js";
import { writeFileAtomic } from "../lib/writeFileAtomic.js";
import type { HiddenCases, LabSpec } from "./exerciseSpec.js";
import type { GradescopeResults } from "./gradescopeResults.js";
import type { GradeContext, GradeOptions } from "./gradeSubmission.js";
import { expectedResults, gradeSubmission } from "./gradeSubmission.js";
import { linkTree } from "./linkTree.js";
import { releaseLab } from "./releaseLab.js";

export interface ClassOptions extends GradeOptions {
  out: string;
  jobs: number;
  /** Grade again submissions that already have results. */
  force: boolean;
  onProgress?: (done: number, total: number, id: string) => void;
}

export interface ClassSummary {
  graded: string[];
  skipped: string[];
  results: Map<string, GradescopeResults>;
}

export class GradeInputError extends Error {}

/** Submission files: each .ipynb given, and every .ipynb directly inside a folder given. Ids are file names without .ipynb. */
export function listSubmissions(paths: string[]): { id: string; path: string }[] {
  const found: { id: string; path: string }[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new GradeInputError(`${p}: no such file or folder`);
    const files = statSync(p).isDirectory() ? readdirSync(p).filter((n) => n.endsWith(".ipynb")).sort().map((n) => join(p, n)) : [p];
    for (const f of files) found.push({ id: basename(f).replace(/\.ipynb$/, ""), path: resolve(f) });
  }
  checkSubmissionIds(found, ".ipynb");
  if (found.length === 0) throw new GradeInputError("no .ipynb submissions found");
  return found;
}

/** Student ids become folder names under the output: letters, digits, '.', '_' and '-' only, each once. */
export function checkSubmissionIds(found: readonly { id: string; path: string | null }[], ext: string): void {
  const seen = new Set<string>();
  for (const s of found) {
    if (!/^[A-Za-z0-9._-]+$/.test(s.id)) throw new GradeInputError(`${s.path ?? s.id}: a student id (the file or folder name) may use letters, digits, '.', '_' and '-' only`);
    if (seen.has(s.id)) throw new GradeInputError(`two submissions are named ${s.id}${ext}`);
    seen.add(s.id);
  }
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A student's feedback page: score, each exercise's outcome and what went wrong, the grader's notes. */
export function feedbackHtml(id: string, lab: string, r: GradescopeResults): string {
  const rows = r.tests.map((t) => `<tr><td>${esc(t.name)}</td><td>${t.score} / ${t.max_score}</td><td>${t.status ?? "pending"}</td><td><pre>${esc(t.output)}</pre></td></tr>`).join("");
  return `<!doctype html><html><head><meta charset="utf-8"><title>Lab ${lab}: ${esc(id)}</title></head><body style="font-family:sans-serif;margin:2em">` +
    `<h1>Lab ${lab}: ${esc(id)}</h1><p><b>${r.score} / ${r.max_score}</b> points (answers graded by hand count once graded)</p>` +
    `<table border="1" cellpadding="6" style="border-collapse:collapse"><tr><th>exercise</th><th>points</th><th>status</th><th>details</th></tr>${rows}</table>` +
    (r.output === "" ? "" : `<h2>Notes</h2><pre>${esc(r.output)}</pre>`) + `</body></html>`;
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Grades every submission into `out/<id>/` (results.json in Gradescope's
 * format, feedback.html), `jobs` at a time, each in a fresh kernel and folder;
 * skips those already graded unless `force`; then writes `gradebook.csv`
 * and `summary.html` (table and score histogram) over all results in `out`.
 */
export async function gradeClass(spec: LabSpec, labs: readonly LabSpec[], hidden: HiddenCases, paths: string[], opts: ClassOptions): Promise<ClassSummary> {
  const subs = listSubmissions(paths);
  mkdirSync(opts.out, { recursive: true });
  const tree = join(resolve(opts.out), ".tree");
  rmSync(tree, { recursive: true, force: true });
  const releasedPath = releaseLab(spec, labs, tree);
  // The tree's own node_modules, hard-linked: a symlink into the instructor's checkout would let a submission walk
  // from its folder up into the checkout (and read grading/hidden) even without the sandbox.
  linkTree(join(projectRoot(), "node_modules"), join(tree, "node_modules"));
  const ctx: GradeContext = {
    spec, hidden, released: readNotebook(releasedPath), tree, nodeModules: join(tree, "node_modules"), expected: expectedResults(spec, hidden),
  };
  const todo = subs.filter((s) => opts.force || !existsSync(join(opts.out, s.id, "results.json")));
  const skipped = subs.filter((s) => !todo.includes(s)).map((s) => s.id);
  const results = new Map<string, GradescopeResults>();
  let done = 0;
  await pMap(todo, async (s) => {
    const dir = join(opts.out, s.id);
    mkdirSync(dir, { recursive: true });
    const work = join(resolve(opts.out), ".work", s.id);
    const r = await gradeSubmission(ctx, s.path, work, opts);
    rmSync(work, { recursive: true, force: true });
    writeFileAtomic(join(dir, "feedback.html"), feedbackHtml(s.id, spec.lab, r));
    // Written last: its presence marks the submission graded.
    writeFileAtomic(join(dir, "results.json"), JSON.stringify(r, null, 1) + "\n");
    results.set(s.id, r);
    opts.onProgress?.(++done, todo.length, s.id);
  }, { concurrency: Math.max(1, Math.floor(opts.jobs)) });
  rmSync(join(resolve(opts.out), ".work"), { recursive: true, force: true });
  writeClassReports(spec, subs.map((s) => s.id), opts.out);
  return { graded: todo.map((s) => s.id), skipped, results };
}

/** gradebook.csv and summary.html from every results.json under `out`. */
export function writeClassReports(spec: Pick<LabSpec, "lab">, ids: string[], out: string): void {
  const all = ids.map((id) => ({ id, r: JSON.parse(readFileSync(join(out, id, "results.json"), "utf8")) as GradescopeResults }));
  const names = all[0]?.r.tests.map((t) => t.name) ?? [];
  const header = ["student", ...names, "total", "max", "pending manual points"];
  const rows = all.map(({ id, r }) => [id, ...names.map((n) => r.tests.find((t) => t.name === n)?.score ?? 0), r.score, r.max_score,
    r.tests.filter((t) => t.status === undefined).reduce((a, t) => a + t.max_score, 0)]);
  writeFileAtomic(join(out, "gradebook.csv"), [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\n") + "\n");
  const text = [`Lab ${spec.lab}: ${all.length} submissions`, ...all.map(({ id, r }) => `${id.padEnd(24)} ${String(r.score).padStart(6)} / ${r.max_score}`)].join("\n");
  writeFileAtomic(join(out, "summary.html"), figurePageHtml(`Lab ${spec.lab} grades`, text, [{
    data: [{ type: "histogram", x: all.map(({ r }) => r.score), xbins: { start: -0.5, end: (all[0]?.r.max_score ?? 1) + 0.5, size: 1 } }],
    // The whole scale from 0 to the maximum, whatever the class scored: an empty end says something too.
    layout: { title: { text: "score histogram (automatic points)" }, xaxis: { title: { text: "points" }, range: [-0.5, (all[0]?.r.max_score ?? 1) + 0.5] }, yaxis: { title: { text: "students" } } },
  }]));
}
