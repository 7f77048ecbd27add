import { mkdirSync } from "node:fs";
import { basename, dirname, relative } from "node:path";
import type { Dataset } from "../../lib/data/loadDataset.js";
import { writeFileAtomic } from "../../lib/writeFileAtomic.js";
import { filesUnder } from "../../lib/filesUnder.js";
import type { GradescopeResults } from "../gradescopeResults.js";
import type { CapstoneSpec } from "../labs/capstone.js";
import { capstoneResults, gradeCapstoneFile } from "./gradeCapstoneClass.js";
import { refusedCapstone } from "./gradeCapstoneModel.js";

/**
 * The model to grade among the uploaded files: the one named like the spec's model file,
 * else the first .tflite by name, else null. `note` says what was chosen when there was a choice.
 */
export function pickCapstoneModel(spec: CapstoneSpec, dir: string): { path: string | null; note: string } {
  const all = filesUnder(dir).sort();
  const models = all.filter((f) => f.endsWith(".tflite"));
  if (models.length === 0) return { path: null, note: all.length === 0 ? "the submission is empty" : `no .tflite in the submission (found: ${all.map((f) => relative(dir, f)).join(", ")})` };
  const path = models.find((f) => basename(f) === spec.modelFile) ?? models[0];
  return { path, note: models.length > 1 ? `several models were uploaded (${models.map((f) => relative(dir, f)).join(", ")}); graded ${relative(dir, path)}` : "" };
}

/**
 * Gradescope's run_autograder for the capstone: grades the uploaded model (data only: no
 * submitted code runs, so no sandbox is needed) and writes results.json with the
 * leaderboard entries. Always writes a results file, whatever the upload holds.
 */
export async function capstoneGradescopeRun(spec: CapstoneSpec, hidden: () => Dataset, o: { submission: string; results: string }): Promise<GradescopeResults> {
  let results: GradescopeResults;
  try {
    const picked = pickCapstoneModel(spec, o.submission);
    const { results: r } = await gradeCapstoneFile(picked.path, spec, hidden());
    results = { ...r, output: [picked.path === null ? `${picked.note}: upload ${spec.modelFile}, which your notebook's last cell writes` : picked.note, r.output].filter((s) => s !== "").join("\n") };
  } catch (e) {
    results = capstoneResults(refusedCapstone(spec, `not graded: the autograder failed (${e instanceof Error ? e.message : String(e)}); please tell your instructor`), 0);
  }
  mkdirSync(dirname(o.results), { recursive: true });
  writeFileAtomic(o.results, JSON.stringify(results, null, 1) + "\n");
  return results;
}
