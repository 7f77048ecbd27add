import { relative } from "node:path";
import cliProgress from "cli-progress";
import { runNotebook, type ProgressEvent, type RunResult } from "../notebook/runNotebook.js";
import { writeExecuted } from "../notebook/writeExecuted.js";
import { NotebookFormatError } from "../notebook/notebookFormat.js";

export interface RunNotebooksOptions {
  out: string;
  timeout: number;
  allowErrors: boolean;
  /** Progress bar on a terminal, one line per cell otherwise. */
  progress: boolean;
}

export interface RunSummary {
  results: RunResult[];
  /** One line per problem: "<notebook>: cell N: what happened". */
  problems: string[];
  written: Array<{ ipynb: string; html: string }>;
}

/**
 * Executes notebooks one after another, writes each executed notebook and its HTML
 * (also when a cell failed, so the outputs of the cells that ran are kept), and
 * returns one line per problem. Never throws for a bad notebook.
 */
export async function runNotebooksCommand(paths: string[], opts: RunNotebooksOptions): Promise<RunSummary> {
  const summary: RunSummary = { results: [], problems: [], written: [] };
  for (const path of paths) {
    const shown = relative(process.cwd(), path) || path;
    const bar = opts.progress && process.stderr.isTTY ? new cliProgress.SingleBar(
      { format: `${shown} [{bar}] {value}/{total} cells | cell {cell} | {duration}s`, stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    ) : null;
    const onProgress = (e: ProgressEvent) => {
      if (bar !== null) {
        if (e.done === 0 && e.status === "running") bar.start(e.total, 0, { cell: e.cellNumber });
        else bar.update(e.done, { cell: e.cellNumber });
      } else if (opts.progress && e.status !== "running") {
        process.stderr.write(`${shown}: [${e.done}/${e.total}] cell ${e.cellNumber} ${e.status} (${(e.elapsedMs / 1000).toFixed(1)} s)\n`);
      }
    };
    let result: RunResult;
    try {
      result = await runNotebook(path, { timeoutS: opts.timeout, allowErrors: opts.allowErrors, onProgress });
    } catch (e) {
      bar?.stop();
      summary.problems.push(e instanceof NotebookFormatError ? e.message : `${shown}: ${(e as Error).message}`);
      continue;
    }
    bar?.stop();
    summary.results.push(result);
    summary.written.push(writeExecuted(result.notebook, path, opts.out));
    for (const f of result.failures) summary.problems.push(`${shown}: cell ${f.cellNumber}: ${f.message}`);
  }
  return summary;
}
