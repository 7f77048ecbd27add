import { readFileSync } from "node:fs";
import { writeFileAtomic } from "../writeFileAtomic.js";
import { parseNotebook, type Notebook } from "./notebookFormat.js";

/** Outputs and execution counts a notebook holds: what must not be committed. */
export function notebookOutputs(nb: Notebook): { cell: number; what: string }[] {
  const found: { cell: number; what: string }[] = [];
  nb.cells.forEach((c, i) => {
    if (c.cell_type !== "code") return;
    const code = c as { outputs?: unknown[]; execution_count?: unknown };
    if ((code.outputs ?? []).length > 0) found.push({ cell: i + 1, what: `${(code.outputs ?? []).length} output(s)` });
    if (code.execution_count !== null && code.execution_count !== undefined) found.push({ cell: i + 1, what: `execution count ${String(code.execution_count)}` });
  });
  return found;
}

/**
 * Removes every code cell's outputs and execution count from the notebook at `path`, in
 * place (atomically; the file keeps the project's one-space JSON layout), as Jupyter's
 * "Clear All Outputs" does. Returns how many cells changed; an unchanged file is not rewritten.
 */
export function clearOutputs(path: string): number {
  const nb = parseNotebook(readFileSync(path, "utf8"), path);
  let changed = 0;
  for (const c of nb.cells) {
    if (c.cell_type !== "code") continue;
    const code = c as { outputs?: unknown[]; execution_count?: unknown };
    if ((code.outputs ?? []).length === 0 && (code.execution_count === null || code.execution_count === undefined)) continue;
    code.outputs = [];
    code.execution_count = null;
    changed++;
  }
  if (changed > 0) writeFileAtomic(path, JSON.stringify(nb, null, 1) + "\n");
  return changed;
}
