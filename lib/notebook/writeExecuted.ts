import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { notebookToHtml } from "./notebookToHtml.js";
import type { Notebook } from "./notebookFormat.js";

/** Writes a file through a temporary name and a rename, so a reader never sees half of it. */
export function writeFileAtomic(path: string, data: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * Writes `<outDir>/<name>.ipynb` (nbformat 4, one-space indent as Jupyter writes) and
 * `<outDir>/<name>.html`. Returns both paths.
 */
export function writeExecuted(nb: Notebook, sourcePath: string, outDir: string): { ipynb: string; html: string } {
  mkdirSync(outDir, { recursive: true });
  const name = basename(sourcePath).replace(/\.ipynb$/, "");
  const ipynb = join(outDir, `${name}.ipynb`);
  const html = join(outDir, `${name}.html`);
  writeFileAtomic(ipynb, JSON.stringify(nb, null, 1) + "\n");
  writeFileAtomic(html, notebookToHtml(nb, name));
  return { ipynb, html };
}
