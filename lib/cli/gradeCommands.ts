import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { GradeInputError, gradeClass } from "../../grading/gradeClass.js";
import type { HiddenCases } from "../../grading/exerciseSpec.js";
import type { LabSpec } from "../../grading/exerciseSpec.js";
import { LABS } from "../../grading/labs/labRegistry.js";
import { releaseLab } from "../../grading/releaseLab.js";

function labSpec(lab: string): LabSpec {
  const key = lab.padStart(2, "0");
  const spec = LABS[key];
  if (spec === undefined) throw new GradeInputError(`no lab ${lab}; graded labs: ${Object.keys(LABS).join(", ")}`);
  return spec;
}

/** `tinyml release --lab NN --out DIR`: the student tree of a lab. */
export function releaseCommand(o: { lab: string; out: string }): string {
  const nb = releaseLab(labSpec(o.lab), Object.values(LABS), resolve(o.out));
  return `released lab ${o.lab}: ${nb} (solutions stubbed, other cells locked), grading/public/lab${labSpec(o.lab).lab}.json (public checks); lib solutions of lab ${labSpec(o.lab).lab} and later replaced by stubs`;
}

export const BWRAP_INSTALL = "sudo apt-get install bubblewrap";

/** `tinyml grade SUBMISSIONS... --lab NN --out DIR`: returns the summary lines. */
export async function gradeCommand(paths: string[], o: { lab: string; out: string; jobs: number; timeout: number; sandbox: boolean; force: boolean }): Promise<string[]> {
  const spec = labSpec(o.lab);
  if (o.sandbox && spawnSync("bwrap", ["--version"]).status !== 0) throw new GradeInputError(`--sandbox needs bubblewrap, which is not installed: ${BWRAP_INSTALL}`);
  // Loaded here, not imported: a student's copy has no grading/hidden and its CLI must still start.
  let hidden: HiddenCases;
  try {
    hidden = (await import("../../grading/hidden/hiddenRegistry.js") as { HIDDEN: Record<string, HiddenCases> }).HIDDEN[spec.lab] ?? {};
  } catch {
    throw new GradeInputError("grading/hidden is missing: this looks like a student's copy; grade from the instructor's repository");
  }
  const summary = await gradeClass(spec, Object.values(LABS), hidden, paths.map((p) => resolve(p)), {
    out: resolve(o.out), jobs: Math.floor(o.jobs), timeoutS: o.timeout, sandbox: o.sandbox, force: o.force,
    onProgress: (done, total, id) => console.error(`graded ${done}/${total}: ${id}`),
  });
  return [
    ...[...summary.results].map(([id, r]) => `${id.padEnd(24)} ${String(r.score).padStart(6)} / ${r.max_score}`),
    ...(summary.skipped.length > 0 ? [`already graded (use --force to grade again): ${summary.skipped.join(", ")}`] : []),
    `wrote ${resolve(o.out)}/<student>/results.json and feedback.html, gradebook.csv, summary.html`,
  ];
}
