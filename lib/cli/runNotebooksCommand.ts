import { relative } from "node:path";
import cliProgress from "cli-progress";
import pMap from "p-map";
import { runNotebook, type ProgressEvent, type RunResult } from "../notebook/runNotebook.js";
import { writeExecuted } from "../notebook/writeExecuted.js";
import { NotebookFormatError } from "../notebook/notebookFormat.js";

export interface RunNotebooksOptions {
  out: string;
  timeout: number;
  allowErrors: boolean;
  /** Progress bar on a terminal, one line per cell otherwise. */
  progress: boolean;
  /** Notebooks run at once, each in its own kernel (1 or more; default 1). */
  jobs?: number;
}

export interface RunSummary {
  /** In the order of the paths given, whatever order they finished in. */
  results: RunResult[];
  /** One line per problem: "<notebook>: cell N: what happened", in the order of the paths. */
  problems: string[];
  written: Array<{ ipynb: string; html: string }>;
}

/** What one notebook's run left: its result and files, or the one line saying why it could not run. */
type Outcome = { result: RunResult; written: { ipynb: string; html: string } } | { problem: string };

/**
 * Executes notebooks, `jobs` at a time (each in a fresh kernel: they share no
 * state), writes each executed notebook and its HTML (also when a cell failed,
 * so the outputs of the cells that ran are kept), and returns one line per
 * problem. Never throws for a bad notebook. An interrupt kills every kernel
 * (KernelClient's signal handlers).
 */
export async function runNotebooksCommand(paths: string[], opts: RunNotebooksOptions): Promise<RunSummary> {
  const jobs = Math.max(1, Math.floor(opts.jobs ?? 1));
  const tty = opts.progress && process.stderr.isTTY;
  // On a terminal, one bar per running notebook.
  const bars = tty ? new cliProgress.MultiBar(
    { format: "{name} [{bar}] {value}/{total} cells | cell {cell} | {duration}s", stream: process.stderr, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  ) : null;
  const runOne = async (path: string): Promise<Outcome> => {
    const shown = relative(process.cwd(), path) || path;
    // Set by onProgress (a closure), so typed by cast: narrowing would call it null below.
    let bar = null as cliProgress.SingleBar | null;
    const onProgress = (e: ProgressEvent) => {
      if (bars !== null) {
        bar ??= bars.create(e.total, 0, { name: shown, cell: e.cellNumber });
        bar.update(e.done, { cell: e.cellNumber });
      } else if (opts.progress && e.status !== "running") {
        process.stderr.write(`${shown}: [${e.done}/${e.total}] cell ${e.cellNumber} ${e.status} (${(e.elapsedMs / 1000).toFixed(1)} s)\n`);
      }
    };
    try {
      const result = await runNotebook(path, { timeoutS: opts.timeout, allowErrors: opts.allowErrors, onProgress });
      return { result, written: writeExecuted(result.notebook, path, opts.out) };
    } catch (e) {
      return { problem: e instanceof NotebookFormatError ? e.message : `${shown}: ${(e as Error).message}` };
    } finally {
      bar?.stop();
    }
  };
  let outcomes: Outcome[];
  try {
    outcomes = await pMap(paths, runOne, { concurrency: jobs });
  } finally {
    bars?.stop();
  }
  const summary: RunSummary = { results: [], problems: [], written: [] };
  for (const o of outcomes) {
    if ("problem" in o) {
      summary.problems.push(o.problem);
      continue;
    }
    summary.results.push(o.result);
    summary.written.push(o.written);
    const shown = relative(process.cwd(), o.result.path) || o.result.path;
    for (const f of o.result.failures) summary.problems.push(`${shown}: cell ${f.cellNumber}: ${f.message}`);
  }
  return summary;
}
