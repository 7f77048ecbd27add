import { strict as assert } from "node:assert";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import AjvDraft04 from "ajv-draft-04";
import { runNotebook } from "../../lib/notebook/runNotebook.js";
import { joinSource, type CodeCell } from "../../lib/notebook/notebookFormat.js";
import { notebookFixture } from "../support/notebookFixture.js";
import { hasFile, requireTool } from "../support/requireTool.js";
import { ROOT } from "../support/runCli.js";

const NBFORMAT_SCHEMA = "/usr/lib/python3/dist-packages/nbformat/v4/nbformat.v4.5.schema.json";

function code(nb: { cells: Array<{ cell_type: string }> }, i: number): CodeCell {
  return nb.cells[i] as CodeCell;
}

describe("lib/notebook runNotebook on the real tslab kernel", () => {
  it("collects stream, display, update_display and results, and writes valid nbformat 4.5", async function () {
    if (!requireTool(this, hasFile(NBFORMAT_SCHEMA), "the nbformat v4 JSON schema (Debian python3-nbformat)", "sudo apt-get install python3-nbformat")) return;
    const path = notebookFixture([
      { md: "# title" },
      "console.log('one'); console.log('two');",
      'import * as tslab from "tslab";\ntslab.display.html("<b>bold</b>");',
      'const d = tslab.newDisplay();\nd.html("<i>first</i>");',
      'd.html("<i>second</i>");\nconsole.error("to stderr");',
      "const answer: number = 6 * 7;\nanswer",
    ]);
    const r = await runNotebook(path, { timeoutS: 30 });
    assert.deepEqual(r.failures, []);
    const nb = r.notebook;
    assert.equal(joinSource((code(nb, 1).outputs[0] as { text: string }).text), "one\ntwo\n");
    assert.deepEqual(code(nb, 2).outputs[0], { output_type: "display_data", data: { "text/html": "<b>bold</b>" }, metadata: {} });
    // The display made in cell 4 was updated in place by cell 5.
    assert.equal((code(nb, 3).outputs[0] as { data: Record<string, string> }).data["text/html"], "<i>second</i>");
    assert.equal(code(nb, 4).outputs.length, 1);
    assert.deepEqual(code(nb, 4).outputs[0], { output_type: "stream", name: "stderr", text: "to stderr\n" });
    assert.match(joinSource((code(nb, 5).outputs[0] as { text: string }).text), /^42\n$/);
    assert.deepEqual([1, 2, 3, 4, 5].map((i) => code(nb, i).execution_count), [1, 2, 3, 4, 5]);
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(NBFORMAT_SCHEMA, "utf8")) as object);
    const ok = validate(JSON.parse(JSON.stringify(nb)));
    assert.ok(ok, JSON.stringify(validate.errors, null, 1));
  });

  it("files created in the project while a cell runs do not fail the next cell or kill the kernel (tslab's one pending rebuild timer)", async () => {
    const path = notebookFixture([
      'import { answer } from "./lib/answer.js";\nimport { writeFileSync } from "node:fs";',
      // Two files appear while this cell runs, as when a student saves work or a lab writes results.
      'writeFileSync("lib/new.ts", "export {};\\n");\nawait new Promise((resolve) => setTimeout(resolve, 1500));\nwriteFileSync("other.json", "{}\\n");\nawait new Promise((resolve) => setTimeout(resolve, 1500));',
      "console.log(answer);",
    ]);
    // The kernel works in the notebook's folder, as the grader's submissions do, with the project's packages linked in.
    const dir = dirname(path);
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
    mkdirSync(join(dir, "lib"));
    // A bare package import makes TypeScript watch directories for module resolution, as every lab's imports do.
    writeFileSync(join(dir, "lib", "answer.ts"), 'import { Command } from "commander";\nexport const answer: number = new Command("x").name() === "x" ? 42 : 0;\n');
    const r = await runNotebook(path, { timeoutS: 30, env: { ...process.env, TINYML_KERNEL_CWD: dir } });
    // Before the launcher's fix: "Unexpected pending rebuildTimer" in the next cell, or a dead kernel.
    assert.deepEqual(r.failures, []);
    assert.equal(joinSource((code(r.notebook, 2).outputs[0] as { text: string }).text), "42\n");
  });

  it("stops at a thrown error, names it, and keeps the outputs of the cells before", async () => {
    const path = notebookFixture(["console.log('kept')", "throw new RangeError('out of range')", "console.log('never')"]);
    const r = await runNotebook(path, { timeoutS: 30 });
    assert.equal(r.failures.length, 1);
    assert.equal(r.failures[0].cellNumber, 2);
    assert.equal(r.failures[0].message, "RangeError: out of range");
    assert.equal(joinSource((code(r.notebook, 0).outputs[0] as { text: string }).text), "kept\n");
    assert.deepEqual(code(r.notebook, 2).outputs, []);
    const err = code(r.notebook, 1).outputs.find((o) => o.output_type === "error");
    assert.ok(err && err.output_type === "error" && err.ename === "RangeError");
  });

  it("with allowErrors, runs the cell right after a failure (tslab's 200 ms abort window does not swallow it)", async () => {
    const path = notebookFixture(["const x: number = 'text';", "throw new Error('second')", "console.log('ran')"]);
    const r = await runNotebook(path, { timeoutS: 30, allowErrors: true });
    assert.deepEqual(r.failures.map((f) => f.cellNumber), [1, 2]);
    assert.match(r.failures[0].message, /^TypeScriptError: line 1, column 7: Type 'string' is not assignable to type 'number'/);
    assert.equal(joinSource((code(r.notebook, 2).outputs[0] as { text: string }).text), "ran\n");
    assert.equal(r.executed, 3);
  });

  it("interrupts a cell that never ends, and the kernel stays usable under allowErrors", async () => {
    const path = notebookFixture(["while (true) {}", "console.log('after')"]);
    const r = await runNotebook(path, { timeoutS: 2, allowErrors: true });
    assert.equal(r.failures[0].kind, "timeout");
    assert.match(r.failures[0].message, /did not finish within 2 s/);
    assert.equal(joinSource((code(r.notebook, 1).outputs[0] as { text: string }).text), "after\n");
  });

  it("a cell run before the setup cells gets a hint to run the cells above, once per cell", async () => {
    const path = notebookFixture(['await check("convMacs", convMacs);', "console.log(1)"]);
    const r = await runNotebook(path, { timeoutS: 30, allowErrors: true });
    const text = JSON.stringify((r.notebook.cells[0] as CodeCell).outputs);
    assert.match(text, /hint: check is not defined in this kernel\. If an earlier cell defines or imports it, run the cells above first \(Run > Run All Above\)/);
    assert.equal(text.split("hint:").length - 1, 2, "one hint in the stream, repeated once in the error's traceback");
  });

  it("an interrupt during async work prints one line, no stack trace", async () => {
    const path = notebookFixture(["const x = await new Promise((r) => setTimeout(r, 30000));", "console.log(1)"]);
    const r = await runNotebook(path, { timeoutS: 2, allowErrors: true });
    const text = JSON.stringify((r.notebook.cells[0] as CodeCell).outputs);
    assert.match(text, /Interrupted: the cell was stopped/);
    assert.doesNotMatch(text, /\\n\s+at /);
  });

  it("reports process.exit() in a cell as a dead kernel and stops", async () => {
    const path = notebookFixture(["console.log(1)", "process.exit(7)", "console.log(2)"]);
    const r = await runNotebook(path, { timeoutS: 30, allowErrors: true });
    assert.equal(r.failures.length, 1);
    assert.equal(r.failures[0].kind, "died");
    assert.match(r.failures[0].message, /exited with code 7/);
    assert.equal(r.executed, 2);
  });
});
