const BEGIN = /^(\s*)\/\/ BEGIN SOLUTION\b(.*)$/;
const END = /^\s*\/\/ END SOLUTION\b/;

/** A solution region that does not close, or nests: named with the source and line. */
export class SolutionRegionError extends Error {}

/**
 * Replaces every `// BEGIN SOLUTION` ... `// END SOLUTION` region of `source`
 * with one line, at the marker's indentation, that throws
 * "not implemented: <name>" (the name after BEGIN SOLUTION, else `name`).
 * With mode "keep", the solution stays and only the marker lines go (a lab whose
 * reference may ship); with "drop", the region goes without a stub (a cell whose
 * released form must still run, like the capstone's design cell that starts from the
 * baseline). Returns the text and how many regions there were.
 */
export function stripSolutions(source: string, name: string, where: string, mode: "stub" | "keep" | "drop" = "stub"): { text: string; regions: number } {
  const keep = mode === "keep";
  const out: string[] = [];
  let open: { line: number } | null = null;
  let regions = 0;
  source.split("\n").forEach((line, i) => {
    const b = BEGIN.exec(line);
    if (b !== null) {
      if (open !== null) throw new SolutionRegionError(`${where}: line ${i + 1}: BEGIN SOLUTION inside the region opened on line ${open.line}`);
      open = { line: i + 1 };
      regions++;
      if (mode === "stub") out.push(`${b[1]}throw new Error(${JSON.stringify(`not implemented: ${b[2].trim() || name}`)});`);
      return;
    }
    if (END.test(line)) {
      if (open === null) throw new SolutionRegionError(`${where}: line ${i + 1}: END SOLUTION without BEGIN SOLUTION`);
      open = null;
      return;
    }
    if (open === null || keep) out.push(line);
  });
  if (open !== null) throw new SolutionRegionError(`${where}: the region opened on line ${(open as { line: number }).line} has no END SOLUTION`);
  return { text: out.join("\n"), regions };
}
