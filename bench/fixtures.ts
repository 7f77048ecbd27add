import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A notebook of `cells` small cells, the shape of a lab's bookkeeping cells, for runner benchmarks. */
export function benchNotebook(cells: number): string {
  const dir = mkdtempSync(join(tmpdir(), "tinyml-bench-"));
  const path = join(dir, "bench.ipynb");
  const src = Array.from({ length: cells }, (_, i) => `function f${i}(n: number): number { let s = 0; for (let k = 0; k < n; k++) s += k % ${i + 3}; return s; }\nconsole.log(f${i}(100000));`);
  writeFileSync(path, JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    cells: src.map((s, i) => ({ id: `b${i}`, cell_type: "code", metadata: {}, execution_count: null, outputs: [], source: s })),
  }));
  return path;
}
