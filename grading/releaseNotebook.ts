import type { Cell, Notebook } from "../lib/notebook/notebookFormat.js";
import { joinSource, splitLines } from "../lib/notebook/notebookFormat.js";
import { SolutionRegionError, stripSolutions } from "./solutionRegions.js";

/** nbgrader's cell metadata (schema 3). */
export interface NbgraderMeta {
  grade: boolean;
  grade_id: string;
  locked: boolean;
  points?: number;
  schema_version: 3;
  solution: boolean;
  task: boolean;
}

export function nbgraderOf(cell: Cell): Partial<NbgraderMeta> | undefined {
  return cell.metadata.nbgrader as Partial<NbgraderMeta> | undefined;
}

/**
 * TinyML.ts cell flags: `demo` cells are skipped when grading; `hidden` cells are instructor-only and never released;
 * a `dropSolution` cell's solution regions are released as nothing rather than a throwing stub.
 */
export function tinymlFlags(cell: Cell): { demo?: boolean; hidden?: boolean; dropSolution?: boolean } {
  return (cell.metadata.tinyml as { demo?: boolean; hidden?: boolean; dropSolution?: boolean } | undefined) ?? {};
}

export const ANSWER_PLACEHOLDER = "YOUR ANSWER HERE";

/**
 * The student version of a master notebook: solution regions of code cells
 * become a stub throwing "not implemented: <grade_id>"; manually graded
 * markdown answers become a placeholder; instructor-only cells go; every
 * other cell is locked (nbgrader `locked`, Jupyter `editable`/`deletable`
 * false); outputs are cleared.
 */
export function releaseNotebook(master: Notebook, where: string): Notebook {
  const cells: Cell[] = [];
  master.cells.forEach((cell, i) => {
    if (tinymlFlags(cell).hidden === true) return;
    const nb = nbgraderOf(cell);
    const id = nb?.grade_id ?? cell.id ?? `cell-${i}`;
    if (nb?.solution === true) {
      if (nb.grade_id === undefined) throw new SolutionRegionError(`${where}: cell ${i + 1} is a solution cell without a grade_id`);
      if (cell.cell_type === "code") {
        const { text, regions } = stripSolutions(joinSource(cell.source), nb.grade_id, `${where} cell ${i + 1}`, tinymlFlags(cell).dropSolution === true ? "drop" : "stub");
        if (regions === 0) throw new SolutionRegionError(`${where}: solution cell ${nb.grade_id} has no BEGIN SOLUTION region`);
        cells.push({ ...cell, source: splitLines(text), outputs: [], execution_count: null, metadata: { ...cell.metadata, editable: true, deletable: false } });
      } else {
        cells.push({ ...cell, source: [ANSWER_PLACEHOLDER], metadata: { ...cell.metadata, editable: true, deletable: false } });
      }
      return;
    }
    const locked = { ...cell.metadata, editable: false, deletable: false, nbgrader: { grade: false, solution: false, task: false, schema_version: 3, ...nb, grade_id: id, locked: true } };
    cells.push(cell.cell_type === "code" ? { ...cell, outputs: [], execution_count: null, metadata: locked } : { ...cell, metadata: locked });
  });
  return { ...master, cells };
}
