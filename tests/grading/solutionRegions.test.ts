import { strict as assert } from "node:assert";
import { stripSolutions } from "../../grading/solutionRegions.js";

const SRC = ["export function f(x: number): number {", "  // BEGIN SOLUTION", "  return x + 1;", "  // END SOLUTION", "}", "// BEGIN SOLUTION helper", "const h = 2;", "// END SOLUTION"].join("\n");

describe("grading: stripSolutions", () => {
  it("replaces each region by a stub at its indentation, named by the marker or the file", () => {
    const { text, regions } = stripSolutions(SRC, "f", "f.ts");
    assert.equal(regions, 2);
    assert.equal(text, ["export function f(x: number): number {", '  throw new Error("not implemented: f");', "}", 'throw new Error("not implemented: helper");'].join("\n"));
  });

  it("drop removes each region without a stub (a released cell that must still run)", () => {
    assert.equal(stripSolutions(SRC, "f", "f.ts", "drop").text, ["export function f(x: number): number {", "}"].join("\n"));
  });

  it("keep drops only the markers", () => {
    assert.equal(stripSolutions(SRC, "f", "f.ts", "keep").text, ["export function f(x: number): number {", "  return x + 1;", "}", "const h = 2;"].join("\n"));
  });

  it("unbalanced or nested markers are errors naming the file and line", () => {
    assert.throws(() => stripSolutions("// BEGIN SOLUTION\nx", "f", "a.ts"), /a\.ts: the region opened on line 1 has no END SOLUTION/);
    assert.throws(() => stripSolutions("x\n// END SOLUTION", "f", "a.ts"), /a\.ts: line 2: END SOLUTION without BEGIN SOLUTION/);
    assert.throws(() => stripSolutions("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION", "f", "a.ts"), /line 2: BEGIN SOLUTION inside the region opened on line 1/);
  });
});
