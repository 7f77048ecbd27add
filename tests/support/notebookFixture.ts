import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Writes a notebook of code cells (strings) and markdown cells ({md}) into a fresh temp folder; returns its path. */
export function notebookFixture(cells: Array<string | { md: string }>, name = "fixture.ipynb", extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "tinyml-nb-"));
  const path = join(dir, name);
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    cells: cells.map((c, i) =>
      typeof c === "string"
        ? { id: `c${i}`, cell_type: "code", metadata: {}, execution_count: null, outputs: [], source: c }
        : { id: `c${i}`, cell_type: "markdown", metadata: {}, source: c.md },
    ),
    ...extra,
  };
  writeFileSync(path, JSON.stringify(nb));
  return path;
}
