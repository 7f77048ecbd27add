import { strict as assert } from "node:assert";
import { check } from "../../grading/check.js";
import { formatCall, formatValue } from "../../grading/formatCall.js";
import { LABS } from "../../grading/labs/labRegistry.js";

/** What check() prints, line by line. */
async function printed(fn: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => lines.push(a.join(" "));
  try {
    await fn();
  } finally {
    console.log = log;
  }
  return lines.join("\n");
}

describe("grading/check (public checks in the notebook)", () => {
  it("every exercise name is unique across labs (check finds an exercise by its name)", () => {
    const names = Object.values(LABS).flatMap((l) => l.exercises.map((e) => `${e.name}`));
    assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
  });

  it("shows the call, the expected and the actual value, and the first mismatch", async () => {
    // magnitudeMask's first public case: [0.5, -0.1, 0.3, -0.9, 0.3] at 40% prunes the 0.1 and the first 0.3.
    const out = await printed(() => check("magnitudeMask", (w: Float32Array) => new Uint8Array(w.length).fill(1)));
    assert.match(out, /✘ magnitudeMask check 1: magnitudeMask\(Float32Array\[0\.5, -0\.1, 0\.3, -0\.9, 0\.3\], 0\.4\)/);
    assert.match(out, /expected Uint8Array\[1, 0, 0, 1, 1\]\n {4}got {6}Uint8Array\[1, 1, 1, 1, 1\]\n {4}first mismatch at result\[1\]: expected 0, got 1/);
    assert.match(out, /✘ magnitudeMask: 0\/2 public checks passed/);
  });

  it("shows the call when the function throws, and says so when all pass", async () => {
    const out = await printed(() => check("sparsityOf", () => { throw new Error("not implemented: sparsityOf"); }));
    assert.match(out, /✘ sparsityOf check 1: sparsityOf\(Float32Array\[0, 1, 0, 2\]\)\n {4}threw not implemented: sparsityOf/);
    const ok = await printed(() => check("sparsityOf", (w: Float32Array) => w.filter((v) => v === 0).length / w.length));
    assert.match(ok, /✔ sparsityOf: 2\/2 public checks passed/);
  });

  it("abbreviates long arguments", () => {
    assert.equal(formatValue(Float32Array.from({ length: 20 }, (_, i) => i)), "Float32Array[0, 1, 2, 3, 4, 5, 6, 7, … (12 more)]");
    assert.equal(formatCall("f", [[1, 2], { a: -0, b: "x" }, 1 / 3]), 'f([1, 2], { a: -0, b: "x" }, 0.3333333)');
  });
});
