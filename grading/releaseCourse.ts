import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readNotebook } from "../lib/notebook/notebookFormat.js";
import { projectRoot } from "../lib/projectRoot.js";
import type { LabSpec } from "./exerciseSpec.js";
import { CAPSTONE } from "./labs/capstone.js";
import { releaseLab, writeReleasedNotebook } from "./releaseLab.js";
import { releaseNotebook } from "./releaseNotebook.js";

/** The README of a student course: how to start, how checks and grading work; nothing about solutions or hidden cases. */
function studentReadme(labs: readonly LabSpec[]): string {
  const list = [...labs.map((l) => `- \`${l.master}\`: ${l.exercises.length} graded exercises`),
    `- \`${CAPSTONE.master}\`: the capstone, graded on the \`${CAPSTONE.modelFile}\` it writes (\`await checkCapstone()\` shows how it scores)`].join("\n");
  return `# TinyML.ts: the course

TinyML in TypeScript: Jupyter notebooks on the tslab kernel, a virtual microcontroller, and deployment to
Cortex-M, all on a laptop CPU and offline. This is the **student edition**: every exercise is yours to write.

## Start

You need Node.js 20.19 or newer and Jupyter (\`sudo apt-get install jupyter-notebook\`, or
\`python3 -m pip install --user jupyterlab\`).

\`\`\`sh
npm install && npm start            # opens the labs in Jupyter; pick the kernel "TypeScript (TinyML.ts)"
npm start -- --fast                 # the same labs on a data subset with short training (minutes become seconds)
npm start -- --port 9000            # when port 8888 is taken
\`\`\`

Without Jupyter, \`npm start\` says how to get it and meanwhile runs the labs and serves them as web pages.

## The labs

${list}

Run the cells from the top. Each exercise cell ends with \`await check("name", name)\`: it runs the public checks
and shows the call, the expected and your result at the first difference. Until you write it, an exercise says
"not implemented". Your instructor grades with more (hidden) cases.

After a kernel restart, run the setup cells at the top again (Run > Run All Above) before an exercise cell.
`;
}

/**
 * Writes the standalone student course into `out`: every lab's released notebook and
 * public checks, lib/ with every lab's solutions replaced by stubs, grading/ without hidden
 * cases, bin/, datasets/, a package.json and package-lock.json for \`npm install && npm start\`
 * (no test, lint or benchmark scripts and no development dependencies), .gitignore and a
 * student README. No tests, benchmarks, CI or instructor documents. Returns the notebooks.
 */
export function releaseCourse(labs: readonly LabSpec[], out: string, root = projectRoot()): string[] {
  const sorted = [...labs].sort((a, b) => a.lab.localeCompare(b.lab));
  if (sorted.length === 0) throw new Error("no labs to release");
  // Releasing the first lab strips the solutions of it and every later lab: all of them.
  const notebooks = [releaseLab(sorted[0], labs, out, root)];
  for (const spec of sorted.slice(1)) notebooks.push(writeReleasedNotebook(spec, out, root));
  // The capstone has no exercises: its design cell is released empty, so the notebook runs and writes the baseline.
  const capstone = join(out, CAPSTONE.master);
  writeFileSync(capstone, JSON.stringify(releaseNotebook(readNotebook(join(root, CAPSTONE.master)), CAPSTONE.master), null, 1) + "\n");
  notebooks.push(capstone);
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;
  const student = {
    name: pkg.name, version: pkg.version, private: true, description: `${String(pkg.description)} Student edition.`,
    type: pkg.type, engines: pkg.engines, bin: pkg.bin,
    scripts: { start: (pkg.scripts as Record<string, string>).start },
    dependencies: pkg.dependencies, overrides: pkg.overrides, allowScripts: pkg.allowScripts,
  };
  writeFileSync(join(out, "package.json"), JSON.stringify(student, null, 2) + "\n");
  for (const f of [".npmrc", ".gitignore"]) if (existsSync(join(root, f))) copyFileSync(join(root, f), join(out, f));
  writeFileSync(join(out, "README.md"), studentReadme(sorted));
  return notebooks;
}
