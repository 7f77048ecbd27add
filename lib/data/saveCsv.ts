import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Papa from "papaparse";
import type { FrameLike, Row } from "../viz/table.js";
import { writeFileAtomic } from "../writeFileAtomic.js";

/**
 * Writes a danfojs DataFrame (or row objects) to `path` as RFC 4180 CSV, creating the folder.
 * danfojs-node 1.2's own `toCSV` does not quote fields, so a model named "pruned, 50%"
 * splits into two columns and `readCSV` then refuses the file; papaparse quotes what needs
 * it, and `dfd.readCSV` (papaparse too) reads it back. Returns the number of data rows.
 */
export function saveCsv(data: FrameLike | readonly Row[], path: string): number {
  let fields: string[];
  let rows: unknown[][];
  if (Array.isArray(data)) {
    const list = data as readonly Row[];
    fields = [...new Set(list.flatMap((r) => Object.keys(r)))];
    rows = list.map((r) => fields.map((f) => r[f] ?? ""));
  } else {
    const frame = data as FrameLike;
    fields = [...frame.columns];
    rows = frame.values.map((r) => (Array.isArray(r) ? (r as unknown[]) : [r]));
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, Papa.unparse({ fields, data: rows }, { newline: "\n" }) + "\n");
  return rows.length;
}
