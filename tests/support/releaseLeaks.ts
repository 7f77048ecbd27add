import { readFileSync } from "node:fs";
import { join } from "node:path";
import { encodeValue } from "../../grading/codec.js";
import { filesUnder } from "../../lib/filesUnder.js";
import type { HiddenCases, LabSpec } from "../../grading/exerciseSpec.js";
import { joinSource, readNotebook } from "../../lib/notebook/notebookFormat.js";
import { ROOT } from "./runCli.js";

/**
 * Every place a released student tree in `dir` shows a line of a solution
 * region of `lab`'s master notebook (lines of 30 characters or more: shorter
 * ones, like `return masks;`, are common code, not a solution; nor is a
 * line that lib/ holds outside this lab's files, such as TFLite's
 * QuantizeMultiplier in lib/ir or an earlier lab's reference, which ship) or the
 * arguments of a hidden case (encodings of 8 characters or more: a case
 * like fixedPointMultiplier(0) is no secret, and "0" is everywhere): "file: what". Empty for a clean release.
 * Also returns how many solution lines were looked for, so a test can
 * tell a clean release from an empty search.
 */
export function releaseLeaks(lab: LabSpec, hidden: HiddenCases, dir: string): { leaks: string[]; solutionLines: number } {
  const own = new Set(lab.libFiles.map((f) => join(ROOT, f)));
  const shipped = filesUnder(join(ROOT, "lib")).filter((f) => f.endsWith(".ts") && !own.has(f)).map((f) => readFileSync(f, "utf8")).join("\n");
  const lines = readNotebook(join(ROOT, lab.master)).cells.flatMap((c) => {
    const src = joinSource(c.source);
    return [...src.matchAll(/\/\/ BEGIN SOLUTION\n([\s\S]*?)\/\/ END SOLUTION/g)].flatMap((m) => m[1].split("\n").map((l) => l.trim()).filter((l) => l.length >= 30 && !shipped.includes(l)));
  });
  const hiddenArgs = Object.values(hidden).flat().map((c) => JSON.stringify(encodeValue(c.args)).slice(1, -1)).filter((h) => h.length >= 8);
  const leaks: string[] = [];
  for (const f of filesUnder(dir).filter((x) => /\.(ts|ipynb|json)$/.test(x) && !x.includes("datasets"))) {
    const t = readFileSync(f, "utf8");
    for (const l of lines) if (t.includes(l) || t.includes(JSON.stringify(l).slice(1, -1))) leaks.push(`${f}: solution text ${l}`);
    for (const h of hiddenArgs) if (t.includes(h)) leaks.push(`${f}: hidden case ${h}`);
  }
  return { leaks, solutionLines: lines.length };
}
