import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { readNotebook } from "../lib/notebook/notebookFormat.js";
import { projectRoot } from "../lib/projectRoot.js";
import { encodeValue } from "./codec.js";
import type { LabSpec } from "./exerciseSpec.js";
import { releaseNotebook } from "./releaseNotebook.js";
import { stripSolutions } from "./solutionRegions.js";
import { filesUnder } from "../lib/filesUnder.js";

/** Public checks of a lab as released: each case's arguments and the reference's result, encoded. */
export interface PublicChecks {
  lab: string;
  exercises: Record<string, { cases: { args: unknown; expected: unknown }[] }>;
}

export function publicChecksPath(root: string, lab: string): string {
  return join(root, "grading", "public", `lab${lab}.json`);
}

/** Runs the reference on every public case. */
export function publicChecks(spec: LabSpec): PublicChecks {
  const exercises: PublicChecks["exercises"] = {};
  for (const ex of spec.exercises) {
    const ref = spec.reference[ex.name] as ((...a: unknown[]) => unknown) | undefined;
    exercises[ex.name] = { cases: ex.public.map((c) => ({ args: encodeValue(c.args), expected: ex.rule.kind === "predicate" || ref === undefined ? null : encodeValue(ref(...c.args)) })) };
  }
  return { lab: spec.lab, exercises };
}

/**
 * Writes the student tree of `spec`'s lab into `out`: lib/ with the solution
 * regions of this lab's and every later lab's files replaced by stubs (earlier
 * labs' references ship, markers removed), grading/ without hidden/, the
 * released notebook, and the public checks with their expected results.
 * `labs` are all the course's labs. Returns the written notebook's path.
 */
export function releaseLab(spec: LabSpec, labs: readonly LabSpec[], out: string, root = projectRoot()): string {
  mkdirSync(out, { recursive: true });
  for (const entry of ["lib", "bin", "datasets", "package.json", "package-lock.json", "tsconfig.json"]) {
    if (existsSync(join(root, entry))) cpSync(join(root, entry), join(out, entry), { recursive: true, dereference: true });
  }
  cpSync(join(root, "grading"), join(out, "grading"), { recursive: true, filter: (src) => relative(join(root, "grading"), src).split(/[\\/]/)[0] !== "hidden" });
  for (const other of labs) {
    const strip = other.lab >= spec.lab;
    for (const f of other.libFiles) {
      const { text } = stripSolutions(readFileSync(join(root, f), "utf8"), basename(f).replace(/\.ts$/, ""), f, strip ? "stub" : "keep");
      writeFileSync(join(out, f), text);
    }
  }
  // A marker left in any lib file not listed under a lab would leak its solution.
  for (const f of filesUnder(join(out, "lib"))) {
    if (/\.(ts|c|h)$/.test(f) && readFileSync(f, "utf8").includes("BEGIN SOLUTION")) {
      throw new Error(`${relative(out, f)} has a solution region but belongs to no lab's libFiles`);
    }
  }
  return writeReleasedNotebook(spec, out, root);
}

/** Writes `spec`'s released notebook (stubs, locked cells) and its public checks into the student tree `out`; returns the notebook's path. */
export function writeReleasedNotebook(spec: LabSpec, out: string, root = projectRoot()): string {
  const nbOut = join(out, spec.master);
  mkdirSync(dirname(nbOut), { recursive: true });
  writeFileSync(nbOut, JSON.stringify(releaseNotebook(readNotebook(join(root, spec.master)), spec.master), null, 1) + "\n");
  mkdirSync(join(out, "grading", "public"), { recursive: true });
  writeFileSync(publicChecksPath(out, spec.lab), JSON.stringify(publicChecks(spec), null, 1) + "\n");
  return nbOut;
}
