import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { GradeInputError, gradeClass } from "../../grading/gradeClass.js";
import type { HiddenCases } from "../../grading/exerciseSpec.js";
import type { LabSpec } from "../../grading/exerciseSpec.js";
import { LABS } from "../../grading/labs/labRegistry.js";
import { releaseLab } from "../../grading/releaseLab.js";
import { releaseCourse } from "../../grading/releaseCourse.js";
import { buildGradescopeAutograder } from "../../grading/gradescopeAutograder.js";
import { gradescopeRun } from "../../grading/gradescopeRun.js";
import { CAPSTONE } from "../../grading/labs/capstone.js";
import { gradeCapstoneClass } from "../../grading/capstone/gradeCapstoneClass.js";
import { capstoneGradescopeRun } from "../../grading/capstone/capstoneGradescopeRun.js";
import type { Dataset } from "../../lib/data/loadDataset.js";

function labSpec(lab: string): LabSpec {
  const key = lab.padStart(2, "0");
  const spec = LABS[key];
  if (key === CAPSTONE.lab) throw new GradeInputError(`lab ${CAPSTONE.lab} is the capstone: it has no release of its own (release --all includes it); grade it with tinyml grade --lab ${CAPSTONE.lab} or tinyml gradescope --lab ${CAPSTONE.lab}`);
  if (spec === undefined) throw new GradeInputError(`no lab ${lab}; graded labs: ${[...Object.keys(LABS), CAPSTONE.lab].join(", ")}`);
  return spec;
}

/** `tinyml release --lab NN --out DIR`: the student tree of a lab; `--all`: the standalone student course. */
export function releaseCommand(o: { lab?: string; all?: boolean; out: string }): string {
  if ((o.lab === undefined) === (o.all !== true)) throw new GradeInputError("give --lab NN (one lab's student tree) or --all (the whole student course)");
  if (o.all === true) {
    const nbs = releaseCourse(Object.values(LABS), resolve(o.out));
    return `released the student course to ${resolve(o.out)}: ${nbs.length} notebooks, every solution stubbed, no hidden cases; in it: npm install && npm start`;
  }
  if (o.lab === undefined) throw new GradeInputError("give --lab NN");
  const nb = releaseLab(labSpec(o.lab), Object.values(LABS), resolve(o.out));
  const lab = o.lab;
  return `released lab ${lab}: ${nb} (solutions stubbed, other cells locked), grading/public/lab${labSpec(lab).lab}.json (public checks); lib solutions of lab ${labSpec(lab).lab} and later replaced by stubs`;
}

export const BWRAP_INSTALL = "sudo apt-get install bubblewrap";

/** This lab's hidden cases. Loaded, not imported: a student's copy has no grading/hidden and its CLI must still start. */
async function loadHidden(spec: LabSpec): Promise<HiddenCases> {
  try {
    return (await import("../../grading/hidden/hiddenRegistry.js") as { HIDDEN: Record<string, HiddenCases> }).HIDDEN[spec.lab] ?? {};
  } catch {
    throw new GradeInputError("grading/hidden is missing: this looks like a student's copy; grade from the instructor's repository");
  }
}

/** `tinyml gradescope --lab NN --out autograder.zip`: Gradescope's autograder for one lab. */
export async function gradescopeCommand(o: { lab: string; out: string }): Promise<string[]> {
  if (o.lab.padStart(2, "0") === CAPSTONE.lab) {
    await loadHiddenClips();
    const { files, bytes } = buildGradescopeAutograder(CAPSTONE, Object.values(LABS), resolve(o.out));
    return [
      `wrote ${resolve(o.out)}: Gradescope autograder for the capstone, lab ${CAPSTONE.lab} (${files} files, ${(bytes / 1e6).toFixed(1)} MB)`,
      `upload it as the assignment's autograder (Ubuntu base image) with the leaderboard on; students upload ${CAPSTONE.modelFile} and their notebook`,
    ];
  }
  const spec = labSpec(o.lab);
  await loadHidden(spec);
  const { files, bytes } = buildGradescopeAutograder(spec, Object.values(LABS), resolve(o.out));
  return [
    `wrote ${resolve(o.out)}: Gradescope autograder for lab ${spec.lab} (${files} files, ${(bytes / 1e6).toFixed(1)} MB)`,
    "upload it as the assignment's autograder (Ubuntu base image); students upload their .ipynb",
  ];
}

/** `tinyml gradescope-run`: what the zip's run_autograder calls inside Gradescope's container. */
export async function gradescopeRunCommand(o: { lab: string; submission: string; results: string; timeout: number }): Promise<string[]> {
  if (o.lab.padStart(2, "0") === CAPSTONE.lab) {
    // The clips are loaded inside the run, so a broken course still writes results.json.
    const hidden = await loadHiddenClips().catch(() => null);
    const r = await capstoneGradescopeRun(CAPSTONE, () => {
      if (hidden === null) throw new Error("grading/hidden/capstone is missing from the autograder");
      return hidden;
    }, { submission: resolve(o.submission), results: resolve(o.results) });
    return [`${r.score} / ${r.max_score} automatic points; wrote ${resolve(o.results)}`];
  }
  const spec = labSpec(o.lab);
  const r = await gradescopeRun(spec, Object.values(LABS), await loadHidden(spec), { submission: resolve(o.submission), results: resolve(o.results), timeoutS: o.timeout });
  return [`${r.score} / ${r.max_score} automatic points; wrote ${resolve(o.results)}`];
}

/** The capstone's hidden clips. Loaded, not imported, like the hidden cases. */
async function loadHiddenClips(): Promise<Dataset> {
  try {
    return (await import("../../grading/hidden/capstone/hiddenClips.js") as { hiddenClips: () => Dataset }).hiddenClips();
  } catch (e) {
    if (e instanceof Error && /Cannot find module|ERR_MODULE_NOT_FOUND/.test(`${(e as { code?: string }).code ?? ""} ${e.message}`)) {
      throw new GradeInputError("grading/hidden is missing: this looks like a student's copy; grade from the instructor's repository");
    }
    throw e;
  }
}

/**
 * `tinyml grade --lab 06 SUBMISSIONS... --out DIR`: the capstone. No submitted code runs
 * (a .tflite is data, read by the bounds-checked reader), so there is no sandbox to need.
 */
async function gradeCapstoneCommand(paths: string[], o: { out: string; force: boolean }): Promise<string[]> {
  const summary = await gradeCapstoneClass(CAPSTONE, await loadHiddenClips(), paths.map((p) => resolve(p)), {
    out: resolve(o.out), force: o.force, onProgress: (done, total, id) => console.error(`graded ${done}/${total}: ${id}`),
  });
  return [
    ...[...summary.results].map(([id, r]) => `${id.padEnd(24)} ${String(r.score).padStart(6)} / ${r.max_score}`),
    ...(summary.skipped.length > 0 ? [`already graded (use --force to grade again): ${summary.skipped.join(", ")}`] : []),
    `wrote ${resolve(o.out)}/<student>/results.json (with leaderboard entries) and feedback.html, gradebook.csv, summary.html, leaderboard.html`,
  ];
}

/** `tinyml grade SUBMISSIONS... --lab NN --out DIR`: returns the summary lines. */
export async function gradeCommand(paths: string[], o: { lab: string; out: string; jobs: number; timeout: number; unsafeNoSandbox: boolean; force: boolean }): Promise<string[]> {
  if (o.lab.padStart(2, "0") === CAPSTONE.lab) return gradeCapstoneCommand(paths, o);
  const spec = labSpec(o.lab);
  // Submissions are hostile code: sandboxed unless the instructor says otherwise, in so many words.
  const sandbox = !o.unsafeNoSandbox;
  if (sandbox && spawnSync("bwrap", ["--version"]).status !== 0) {
    throw new GradeInputError(`grading runs each submission under bubblewrap, which is not installed: ${BWRAP_INSTALL} (or pass --unsafe-no-sandbox to grade trusted notebooks without it)`);
  }
  if (!sandbox) console.error("warning: --unsafe-no-sandbox: submissions run with your permissions and can read, write and start anything you can; grade only notebooks you trust");
  const hidden = await loadHidden(spec);
  const summary = await gradeClass(spec, Object.values(LABS), hidden, paths.map((p) => resolve(p)), {
    out: resolve(o.out), jobs: Math.floor(o.jobs), timeoutS: o.timeout, sandbox, force: o.force,
    onProgress: (done, total, id) => console.error(`graded ${done}/${total}: ${id}`),
  });
  return [
    ...[...summary.results].map(([id, r]) => `${id.padEnd(24)} ${String(r.score).padStart(6)} / ${r.max_score}`),
    ...(summary.skipped.length > 0 ? [`already graded (use --force to grade again): ${summary.skipped.join(", ")}`] : []),
    `wrote ${resolve(o.out)}/<student>/results.json and feedback.html, gradebook.csv, summary.html`,
  ];
}
