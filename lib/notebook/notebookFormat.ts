import { existsSync, readFileSync, statSync } from "node:fs";

/** The parts of the nbformat 4 schema the course reads and writes. */

export type MultilineString = string | string[];
export type MimeBundle = Record<string, unknown>;

export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: MultilineString;
}
export interface DisplayDataOutput {
  output_type: "display_data";
  data: MimeBundle;
  metadata: Record<string, unknown>;
}
export interface ExecuteResultOutput {
  output_type: "execute_result";
  execution_count: number | null;
  data: MimeBundle;
  metadata: Record<string, unknown>;
}
export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

export interface CodeCell {
  cell_type: "code";
  id?: string;
  source: MultilineString;
  metadata: Record<string, unknown>;
  execution_count: number | null;
  outputs: Output[];
}
export interface TextCell {
  cell_type: "markdown" | "raw";
  id?: string;
  source: MultilineString;
  metadata: Record<string, unknown>;
  attachments?: Record<string, MimeBundle>;
}
export type Cell = CodeCell | TextCell;

export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: Cell[];
}

/** A notebook that cannot be read; the message names the file and the problem. */
export class NotebookFormatError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = "NotebookFormatError";
  }
}

export function joinSource(source: MultilineString): string {
  return Array.isArray(source) ? source.join("") : source;
}

/** Splits text into nbformat's list-of-lines form, each line keeping its "\n". */
export function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === "" ? [] : lines;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Checks the structure this project relies on and returns the notebook typed.
 * Rejects nbformat 3 and older with a pointer to `jupyter nbconvert --to notebook`,
 * which upgrades them.
 */
export function parseNotebook(text: string, path: string): Notebook {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new NotebookFormatError(path, `not valid JSON (${(e as Error).message})`);
  }
  if (!isRecord(raw)) throw new NotebookFormatError(path, "not a notebook: the top level is not a JSON object");
  const major = raw.nbformat;
  if (typeof major !== "number") throw new NotebookFormatError(path, "not a notebook: no nbformat version");
  if (major !== 4) {
    throw new NotebookFormatError(
      path,
      `nbformat ${major} is not supported; only nbformat 4 is. ` +
        (major < 4 ? "Upgrade it with: jupyter nbconvert --to notebook --inplace " + path : ""),
    );
  }
  if (!Array.isArray(raw.cells)) throw new NotebookFormatError(path, "not a notebook: no cells list");
  raw.cells.forEach((c: unknown, i: number) => {
    if (!isRecord(c)) throw new NotebookFormatError(path, `cell ${i + 1} is not an object`);
    if (c.cell_type !== "code" && c.cell_type !== "markdown" && c.cell_type !== "raw") {
      throw new NotebookFormatError(path, `cell ${i + 1} has unknown cell_type ${JSON.stringify(c.cell_type)}`);
    }
    if (typeof c.source !== "string" && !Array.isArray(c.source)) {
      throw new NotebookFormatError(path, `cell ${i + 1} has no source`);
    }
    if (!isRecord(c.metadata)) c.metadata = {};
    if (c.cell_type === "code") {
      if (!Array.isArray(c.outputs)) c.outputs = [];
      if (c.execution_count === undefined) c.execution_count = null;
    }
  });
  if (!isRecord(raw.metadata)) raw.metadata = {};
  if (typeof raw.nbformat_minor !== "number") raw.nbformat_minor = 5;
  // nbformat 4.5 requires cell ids; older writers omit them.
  if ((raw.nbformat_minor as number) >= 5) {
    raw.cells.forEach((c: Record<string, unknown>, i: number) => {
      if (typeof c.id !== "string") c.id = `cell-${i + 1}`;
    });
  }
  return raw as unknown as Notebook;
}

export function readNotebook(path: string): Notebook {
  if (!existsSync(path)) throw new NotebookFormatError(path, "no such file");
  if (statSync(path).isDirectory()) throw new NotebookFormatError(path, "is a directory, not a notebook");
  return parseNotebook(readFileSync(path, "utf8"), path);
}
