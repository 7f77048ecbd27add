import * as aq from "arquero";
import { showHtml } from "./kernelDisplay.js";

export type Row = Record<string, string | number | boolean | null>;

export interface TableOptions {
  /** Decimal places for non-integer numbers. */
  digits?: number;
  /** Rows shown at most. */
  limit?: number;
}

function fmt(digits: number) {
  return (v: unknown) =>
    typeof v === "number" && !Number.isInteger(v) ? v.toFixed(digits) : typeof v === "number" ? v.toLocaleString("en-US") : String(v ?? "");
}

/** The HTML table of `rows` (arquero's toHTML), numbers formatted. */
export function tableHtml(rows: Row[], opts: TableOptions = {}): string {
  if (rows.length === 0) return "<p><em>(no rows)</em></p>";
  const t = aq.from(rows);
  const format: Record<string, (v: unknown) => string> = {};
  for (const name of t.columnNames()) format[name] = fmt(opts.digits ?? 3);
  return t.toHTML({ limit: opts.limit ?? 200, format });
}

/** Shows `rows` as a table in a notebook, or with console.table in a terminal. */
export function table(rows: Row[], opts: TableOptions = {}): void {
  if (!showHtml(tableHtml(rows, opts))) console.table(rows.slice(0, opts.limit ?? 200));
}
