import { showHtml } from "./kernelDisplay.js";
import { escapeHtml } from "./escapeHtml.js";

export type Cell = string | number | boolean | null | undefined;
export type Row = Record<string, Cell>;

/**
 * What `table` reads from a danfojs DataFrame: its column names, its values row by row
 * and its index. Structural, so that this module (imported by every lab) does not make
 * tslab type-check danfojs and TensorFlow.js declarations in each notebook.
 */
export interface FrameLike {
  columns: string[];
  values: unknown[];
  index: (string | number)[];
}

export interface TableOptions {
  /** Decimal places for non-integer numbers (default 3). */
  digits?: number;
  /** Rows shown at most (default 200); the table says how many were left out. */
  limit?: number;
}

function isFrame(data: readonly Row[] | FrameLike): data is FrameLike {
  return !Array.isArray(data);
}

function formatCell(v: unknown, digits: number): string {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
    return Number.isInteger(v) ? v.toLocaleString("en-US") : v.toFixed(digits);
  }
  return v === null || v === undefined ? "" : String(v);
}

/** Header and body of `data`: a DataFrame's index becomes a first column unless it is the default 0..n-1. */
function grid(data: readonly Row[] | FrameLike): { header: string[]; rows: unknown[][] } {
  if (!isFrame(data)) {
    const header = [...new Set(data.flatMap((r) => Object.keys(r)))];
    return { header, rows: data.map((r) => header.map((h) => r[h])) };
  }
  // A one-column frame's values come as a flat array in danfojs; normalise to rows.
  const rows = data.values.map((r) => (Array.isArray(r) ? (r as unknown[]) : [r]));
  const defaultIndex = data.index.every((v, i) => v === i);
  if (defaultIndex) return { header: [...data.columns], rows };
  return { header: ["", ...data.columns], rows: rows.map((r, i) => [data.index[i], ...r]) };
}

/**
 * The HTML table of `data`: an array of row objects (columns in first-seen order) or a
 * danfojs DataFrame. Numbers are formatted (integers with thousands separators,
 * others with `digits` decimals); text is escaped.
 */
export function tableHtml(data: readonly Row[] | FrameLike, opts: TableOptions = {}): string {
  const digits = opts.digits ?? 3;
  const limit = opts.limit ?? 200;
  const { header, rows } = grid(data);
  if (rows.length === 0) return "<p><em>(no rows)</em></p>";
  const numeric = header.map((_, c) => rows.every((r) => typeof r[c] === "number" || r[c] === null || r[c] === undefined));
  const cell = (tag: "td" | "th", v: unknown, c: number) => `<${tag}${numeric[c] ? ' style="text-align:right"' : ""}>${escapeHtml(formatCell(v, digits))}</${tag}>`;
  const head = `<thead><tr>${header.map((h, c) => cell("th", h, c)).join("")}</tr></thead>`;
  const body = rows.slice(0, limit).map((r) => `<tr>${r.map((v, c) => cell("td", v, c)).join("")}</tr>`).join("");
  const more = rows.length > limit ? `<p><em>${rows.length - limit} more rows not shown</em></p>` : "";
  return `<table>${head}<tbody>${body}</tbody></table>${more}`;
}

/** Shows `data` (row objects or a danfojs DataFrame) as a table in a notebook, or with console.table in a terminal. */
export function table(data: readonly Row[] | FrameLike, opts: TableOptions = {}): void {
  if (showHtml(tableHtml(data, opts))) return;
  const { header, rows } = grid(data);
  console.table(rows.slice(0, opts.limit ?? 200).map((r) => Object.fromEntries(header.map((h, c) => [h === "" ? "(index)" : h, r[c]]))));
}
