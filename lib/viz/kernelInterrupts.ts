/**
 * Thrown by the library's long loops (fine-tuning, distillation, scans) when the kernel was
 * interrupted while they ran. Its stack is its one-line message: a student pressed stop, no
 * trace is needed.
 */
export class Interrupted extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Interrupted";
    this.stack = `${this.name}: ${message}`;
  }
}

let noted = -Infinity;

/**
 * When the kernel was last interrupted (performance.now() ms). Jupyter interrupts a tslab kernel
 * with SIGINT; tslab then ends the running cell at once, but work the cell started goes on in the
 * background unless it looks for the signal itself. The kernel launcher (bin/tslab-kernel.mjs)
 * records each SIGINT under this global symbol. It listens from start-up because a SIGINT listener
 * added while a cell's synchronous code runs (inside node:vm's breakOnSigint) leaves the process
 * killed by the next SIGINT.
 */
function lastInterrupt(): number {
  const fromKernel = (globalThis as Record<symbol, unknown>)[Symbol.for("tinyml.lastInterrupt")];
  return Math.max(noted, typeof fromKernel === "number" ? fromKernel : -Infinity);
}

/** Marks the start of a long piece of work; pass the value to `yieldOrStop`. */
export function workStarted(): number {
  return performance.now();
}

/**
 * Yields to the event loop, so that signals, Jupyter messages and live displays get
 * through, then throws `Interrupted` ("<what> stopped by an interrupt") if the kernel was
 * interrupted after `since`. Call it at least once a second in a long loop, between steps,
 * so the work stops in a defined state (a model keeps its last completed step).
 */
export async function yieldOrStop(since: number, what: string): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  if (lastInterrupt() > since) throw new Interrupted(`${what} stopped by an interrupt; it keeps the state of its last completed step`);
}

/** Records an interrupt as the SIGINT handler does (for code that receives interrupts another way, and for tests). */
export function noteInterrupt(): void {
  noted = performance.now();
}
