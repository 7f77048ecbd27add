import { dirname, resolve } from "node:path";
import { KernelClient } from "./KernelClient.js";
import { OutputCollector } from "./OutputCollector.js";
import { cellErrorFromStderr } from "./cellErrorFromStderr.js";
import { joinSource, readNotebook, type CodeCell, type Notebook, type Output } from "./notebookFormat.js";
import { tslabKernelArgv } from "./tslabKernelArgv.js";

export interface RunOptions {
  /** Per-cell limit, seconds. */
  timeoutS?: number;
  /** Keep executing after a failed cell (like nbconvert's --allow-errors). */
  allowErrors?: boolean;
  /** Kernel command; `{connection_file}` is replaced. Defaults to the project's tslab. */
  kernelArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** Cells for which this returns false are left unexecuted (their outputs cleared). */
  shouldRun?: (cell: CodeCell, index: number) => boolean;
  onProgress?: (event: ProgressEvent) => void;
}

export interface ProgressEvent {
  /** 0-based index among the notebook's code cells to run. */
  done: number;
  total: number;
  /** 1-based cell number in the notebook (counting markdown cells). */
  cellNumber: number;
  status: "running" | "ok" | "failed";
  elapsedMs: number;
}

export interface CellFailure {
  /** 1-based position of the cell in the notebook, counting every cell. */
  cellNumber: number;
  kind: "error" | "timeout" | "died";
  /** One line: what happened. */
  message: string;
}

export interface RunResult {
  path: string;
  notebook: Notebook;
  failures: CellFailure[];
  /** Code cells executed (whatever their outcome). */
  executed: number;
  elapsedMs: number;
  kernelStartMs: number;
}

/**
 * Executes a notebook's code cells in order in a fresh kernel whose working directory
 * is the notebook's folder, and returns the notebook with outputs. Stops at the first
 * failure unless `allowErrors`; a timed-out or dead kernel always stops the run. The
 * kernel is shut down whatever happens. Throws NotebookFormatError for an unreadable
 * file and Error when the kernel cannot start; cell failures are returned, not thrown.
 */
export async function runNotebook(path: string, opts: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const notebook = readNotebook(path);
  const timeoutMs = (opts.timeoutS ?? 300) * 1000;
  const toRun = notebook.cells
    .map((cell, index) => ({ cell, index }))
    .filter((x): x is { cell: CodeCell; index: number } => x.cell.cell_type === "code");
  for (const { cell } of toRun) {
    cell.outputs = [];
    cell.execution_count = null;
  }
  const failures: CellFailure[] = [];
  let executed = 0;
  const kernel = await KernelClient.start({
    argv: opts.kernelArgv ?? tslabKernelArgv(),
    cwd: dirname(resolve(path)),
    env: opts.env,
  });
  const kernelStartMs = Date.now() - started;
  const collector = new OutputCollector();
  try {
    for (let i = 0; i < toRun.length; i++) {
      const { cell, index } = toRun[i];
      if (opts.shouldRun !== undefined && !opts.shouldRun(cell, index)) continue;
      const code = joinSource(cell.source);
      if (code.trim() === "") continue;
      opts.onProgress?.({ done: i, total: toRun.length, cellNumber: index + 1, status: "running", elapsedMs: Date.now() - started });
      const outputs: Output[] = cell.outputs;
      const outcome = await kernel.execute(code, { timeoutMs, onIopub: (m) => collector.add(outputs, m) });
      executed++;
      cell.execution_count = outcome.executionCount;
      const failure = describe(outcome.status, outcome.detail, outputs, index + 1, opts.timeoutS ?? 300);
      opts.onProgress?.({
        done: i + 1,
        total: toRun.length,
        cellNumber: index + 1,
        status: failure ? "failed" : "ok",
        elapsedMs: Date.now() - started,
      });
      if (failure === null) continue;
      failures.push(failure);
      if (!kernel.alive || !opts.allowErrors) break;
    }
  } finally {
    await kernel.shutdown();
  }
  return { path, notebook, failures, executed, elapsedMs: Date.now() - started, kernelStartMs };
}

function describe(
  status: string,
  detail: string,
  outputs: Output[],
  cellNumber: number,
  timeoutS: number,
): CellFailure | null {
  if (status === "ok") return null;
  if (status === "timeout") {
    outputs.push({ output_type: "error", ename: "CellTimeout", evalue: `did not finish within ${timeoutS} s (${detail})`, traceback: [] });
    return { cellNumber, kind: "timeout", message: `did not finish within ${timeoutS} s (${detail})` };
  }
  if (status === "died") {
    outputs.push({ output_type: "error", ename: "KernelDied", evalue: detail, traceback: [] });
    return { cellNumber, kind: "died", message: `${detail} (did the cell call process.exit() or run out of memory?)` };
  }
  let err = outputs.find((o) => o.output_type === "error");
  if (err === undefined) {
    err = cellErrorFromStderr(outputs);
    outputs.push(err);
  }
  return { cellNumber, kind: "error", message: err.output_type === "error" ? `${err.ename}: ${err.evalue}` : "failed" };
}
