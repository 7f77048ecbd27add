import { mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { writeFileAtomic } from "../writeFileAtomic.js";
import { notebookToHtml } from "./notebookToHtml.js";
import type { Notebook } from "./notebookFormat.js";

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
