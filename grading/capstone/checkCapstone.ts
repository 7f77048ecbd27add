import { existsSync, readFileSync } from "node:fs";
import { loadDataset } from "../../lib/data/loadDataset.js";
import { CAPSTONE } from "../labs/capstone.js";
import { gradeCapstoneModel } from "./gradeCapstoneModel.js";

/**
 * In the capstone notebook: `await checkCapstone()` grades your `capstone.tflite` the way
 * the grader does, with two differences: accuracy is measured on the released test split
 * (540 clips; the grader uses hidden clips of other speakers, so expect a little less there),
 * and nothing runs on QEMU (the grader deploys Track A's model and uses the measured count).
 * Prints one line per graded item and returns the automatic points.
 */
export async function checkCapstone(path = CAPSTONE.modelFile): Promise<number> {
  if (!existsSync(path)) {
    console.log(`✘ no ${path}: run the cell that writes it first`);
    return 0;
  }
  const g = await gradeCapstoneModel(new Uint8Array(readFileSync(path)), { spec: CAPSTONE, hidden: loadDataset("synthetic-keywords", { split: "test" }), qemu: false });
  let points = 0;
  for (const t of g.tests) {
    if (t.status === undefined) {
      console.log(`… ${t.name}: ${t.max_score} points, graded by hand`);
      continue;
    }
    points += t.score;
    console.log(`${t.status === "passed" ? "✔" : "✘"} ${t.name.replace("hidden-clip", "test-split")}: ${t.score}/${t.max_score}: ${t.output.replace("hidden clips", "released test clips")}`);
  }
  for (const n of g.notes) console.log(`  note: ${n}`);
  const max = g.tests.filter((t) => t.status !== undefined).reduce((a, t) => a + t.max_score, 0);
  console.log(`${points}/${max} automatic points on the released test split (the grader uses hidden clips and QEMU)`);
  return points;
}
