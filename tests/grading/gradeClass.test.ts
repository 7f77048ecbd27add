import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gradeClass } from "../../grading/gradeClass.js";
import type { GradescopeResults } from "../../grading/gradescopeResults.js";
import { HIDDEN } from "../../grading/hidden/hiddenRegistry.js";
import { LABS } from "../../grading/labs/labRegistry.js";
import { releaseLab } from "../../grading/releaseLab.js";
import type { Notebook } from "../../lib/notebook/notebookFormat.js";
import { joinSource, readNotebook } from "../../lib/notebook/notebookFormat.js";
import { releaseLeaks } from "../support/releaseLeaks.js";
import { requireTool } from "../support/requireTool.js";
import { ROOT } from "../support/runCli.js";

const LAB = LABS["00"];
const master = (): Notebook => readNotebook(join(ROOT, LAB.master));

/** The master with the code of solution cell `id` replaced (or a cell edited by `edit`). */
function variant(edit: (nb: Notebook) => void): Notebook {
  const nb = master();
  edit(nb);
  return nb;
}
const setCell = (nb: Notebook, id: string, code: string) => {
  const c = nb.cells.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no cell ${id}`);
  c.source = code;
};

/** The reference convMacs, written out as a student would. */
const convMacsSource = () => "function convMacs(outH: number, outW: number, inC: number, outC: number, kH: number, kW: number): number { return outH * outW * outC * kH * kW * inC; }";

describe("grading: release and grade a class (lab 00)", function () {
  this.timeout(600_000);

  it("a release holds no solution text and no hidden case; stubs throw 'not implemented'", () => {
    const out = mkdtempSync(join(tmpdir(), "tinyml-release-"));
    releaseLab(LAB, Object.values(LABS), out);
    const { leaks, solutionLines } = releaseLeaks(LAB, HIDDEN["00"], out);
    assert.ok(solutionLines >= 4);
    assert.ok(!existsSync(join(out, "grading", "hidden")));
    assert.deepEqual(leaks, []);
    const nb = readNotebook(join(out, LAB.master));
    const conv = nb.cells.find((c) => c.id === "ex-convMacs");
    assert.match(joinSource(conv?.source ?? ""), /throw new Error\("not implemented: convMacs"\)/);
    const locked = nb.cells.find((c) => c.id === "ex-imports");
    assert.equal((locked?.metadata.nbgrader as { locked: boolean }).locked, true);
    assert.equal(locked?.metadata.editable, false);
    assert.match(readFileSync(join(out, "lib", "basics", "convMacs.ts"), "utf8"), /not implemented: convMacs/);
  });

  it("grades a hostile corpus correctly, each alone, in parallel; resumable; deterministic", async function () {
    const dir = mkdtempSync(join(tmpdir(), "tinyml-subs-"));
    const write = (id: string, nb: Notebook | string) => writeFileSync(join(dir, `${id}.ipynb`), typeof nb === "string" ? nb : JSON.stringify(nb));
    const released = mkdtempSync(join(tmpdir(), "tinyml-rel-"));
    write("correct", master());
    write("stub", readNotebook(releaseLab(LAB, Object.values(LABS), released)));
    write("wrong", variant((nb) => {
      setCell(nb, "ex-convMacs", "function convMacs(...a: number[]): number { return a[0] * a[1]; }");
      // A design that ignores the budget: 27,648 + 96 * 96 * 8 = 101,376 bytes.
      setCell(nb, "ex-stem", "function designStem(): { stride: number; channels: number } { return { stride: 1, channels: 8 }; }");
    }));
    write("syntax", variant((nb) => setCell(nb, "ex-peak", "function peakActivationBytes(sizes: number[]): number { return sizes.reduce(( }")));
    write("toplevel-throw", variant((nb) => setCell(nb, "ex-peak", 'throw new Error("oops");')));
    write("loop", variant((nb) => setCell(nb, "ex-convMacs", "function convMacs(...a: number[]): number { for (;;) { a.push(1); a.pop(); } }")));
    write("exit", variant((nb) => setCell(nb, "ex-peak", "process.exit(3);")));
    write("memory", variant((nb) => setCell(nb, "ex-rt", "function quantizeRoundTrip(): Float32Array { const hog: number[][] = []; for (;;) hog.push(new Array(1e6).fill(1)); }")));
    write("output", variant((nb) => setCell(nb, "ex-imports", 'import { check } from "./grading/check.js";\nfor (let i = 0; i < 40; i++) console.log("x".repeat(100000));')));
    write("cheat", variant((nb) => {
      setCell(nb, "ex-convMacs", 'const check = async (..._a: unknown[]) => console.log("PASSED");\nconsole.log("PASSED 8/8");\nfunction convMacs(): number { return 42; }');
      nb.cells = nb.cells.filter((c) => c.id !== "lab00-01");
    }));
    write("locked-edit", variant((nb) => setCell(nb, "ex-imports", 'const check = (..._a: unknown[]) => undefined;\nconsole.log("PASSED");')));
    // Deferred: the timer fires while later cells or exercises run. Blocked, and blamed on the cell that set it.
    write("deferred-exit", variant((nb) => setCell(nb, "ex-convMacs", `${convMacsSource()}\nsetTimeout(() => process.exit(0), 300);`)));
    // Built-ins the old in-kernel encoder and result line relied on, overridden in the last answer cell, after
    // correct answers: still 8 (the channel captured what it uses before any student code ran).
    write("overrides", variant((nb) => setCell(nb, "ex-stem", [
      joinSource(nb.cells.find((c) => c.id === "ex-stem")?.source ?? ""),
      "const realLog = console.log;",
      'console.log = (...a: unknown[]) => realLog(...a.map((x) => String(x).replace(/\\d+/g, "0")));',
      'const realParse = JSON.parse; JSON.parse = ((t: string, ...r: []) => (typeof t === "string" && t.startsWith("[") ? [0] : realParse(t, ...r))) as typeof JSON.parse;',
      "const realStringify = JSON.stringify; JSON.stringify = ((v: unknown, ...r: []) => (Array.isArray(v) ? \"[0]\" : realStringify(v, ...r))) as typeof JSON.stringify;",
      "Object.is = () => true;",
      // Math functions none of the answers use: the grader must not depend on them either.
      "Math.trunc = () => 0; Math.hypot = () => 0; Math.random = () => 0.5;",
      "Array.from = (() => []) as unknown as typeof Array.from;",
      "Array.prototype.fill = function () { return this; };",
      "Array.prototype.reverse = function () { return this; };",
      "Object.fromEntries = () => ({});",
    ].join("\n"))));
    // Forged results: a wrong answer plus a timer that rewrites every result file the grader could read.
    write("forge", variant((nb) => setCell(nb, "ex-convMacs", [
      'import * as fs from "node:fs";',
      "function convMacs(): number { return 42; }",
      'setInterval(() => { try { for (const f of fs.readdirSync(".tinyml-channel")) if (f.endsWith(".json") && !f.startsWith("note")) fs.writeFileSync(".tinyml-channel/" + f, JSON.stringify({ body: JSON.stringify({ result: 320000, error: null }), mac: "0".repeat(64) })); } catch { /* */ } }, 1);',
    ].join("\n"))));
    // Hidden inputs must never reach feedback: printed, thrown, built into a message, or printed before a timeout.
    write("leak", variant((nb) => {
      setCell(nb, "ex-convMacs", 'function convMacs(...a: number[]): number { console.log("HIDDENARGS " + a.join(",")); throw new Error("HIDDENARGS " + a.join(",")); }');
      setCell(nb, "ex-peak", 'function peakActivationBytes(s: number[]): number { console.log("HIDDENARGS " + s.join(",")); for (;;) { /* spin */ } }');
    }));
    // A detached process must not outlive the submission's grading, even without the sandbox.
    write("daemon", variant((nb) => setCell(nb, "ex-convMacs", `${convMacsSource()}\nimport { spawn } from "node:child_process";\nspawn("sleep", ["313.37"], { detached: true, stdio: "ignore" }).unref();`)));
    // The answer cell twice (a wrong copy, then the right one) and a foreign kernelspec: graded, with notes.
    write("duplicate", variant((nb) => {
      const i = nb.cells.findIndex((c) => c.id === "ex-convMacs");
      nb.cells.splice(i, 0, { ...nb.cells[i], id: "ex-convMacs-old", source: "function convMacs(): number { return 1; }" });
      nb.metadata.kernelspec = { name: "python3", display_name: "Python 3", language: "python" };
    }));
    write("not-json", "{ this is not json");
    write("empty", JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }));
    const out = mkdtempSync(join(tmpdir(), "tinyml-grades-"));
    // 8 s per answer cell and call: the loops and spins each cost one. The course's own cells (the first type-checks the
    // lab's imports in a fresh kernel: 7-9 s here with two graders side by side) keep the default 60 s.
    const opts = { out, jobs: 2, timeoutS: 8, sandbox: false, force: false, heapMB: 256 };
    const first = await gradeClass(LAB, Object.values(LABS), HIDDEN["00"], [dir], opts);
    assert.equal(first.graded.length, 19);
    assert.equal(spawnSync("pgrep", ["-f", "sleep 313.37"]).status, 1, "a detached process outlived its grading");
    const r = (id: string) => JSON.parse(readFileSync(join(out, id, "results.json"), "utf8")) as GradescopeResults;
    const score = (id: string, ex: string) => r(id).tests.find((t) => t.name === ex)?.score;
    const expectScores: Record<string, number> = { duplicate: 8, daemon: 8, "deferred-exit": 8, overrides: 8, leak: 4, correct: 8, stub: 0, wrong: 4, syntax: 6, "toplevel-throw": 6, loop: 6, exit: 6, memory: 6, output: 8, cheat: 6, "locked-edit": 8, "not-json": 0, empty: 0 };
    for (const [id, s] of Object.entries(expectScores)) assert.equal(r(id).score, s, `${id}: ${JSON.stringify(r(id), null, 1).slice(0, 1500)}`);
    for (const id of Object.keys(expectScores)) assert.equal(r(id).max_score, 10, id);
    // 25 * 5 * 64 outputs x 10 * 4 * 1 taps = 320,000 MACs, by hand.
    assert.match(r("wrong").tests[0].output, /case 1 \(args \[25,5,1,64,10,4\]\): result: expected 320000, got 125/);
    assert.match(r("wrong").tests[3].output, /case 1 \(args \[65536,900000\]\): the result .* does not meet .*: input 27648 \+ output 96x96x8 = 101376 bytes, over the budget of 65536/);
    assert.equal(score("wrong", "designStem"), 0);
    assert.match(r("loop").tests[0].output, /did not finish within 8 s/);
    assert.equal(score("loop", "peakActivationBytes"), 2);
    assert.match(r("exit").output, /cell "peakActivationBytes" called process\.exit\(\); it was blocked/);
    assert.match(r("duplicate").output, /the answer cell "convMacs" appears 2 times in the submission; the last copy was graded/);
    assert.match(r("duplicate").output, /the notebook's kernel is "python3", not the course's TypeScript kernel \(tslab\)/);
    assert.match(r("deferred-exit").output, /a timer that cell "convMacs" set called process\.exit\(\); it was blocked/);
    // The forger rewrites whatever result file it finds: it can only lose points (which ones depends on timing).
    assert.equal(score("forge", "convMacs"), 0);
    assert.ok(r("forge").score <= 6);
    // Each case shows either the detected forgery or the student's own 42, read before the timer struck; never a pass.
    for (const line of r("forge").tests[0].output.split("\n").slice(1)) {
      assert.match(line, /no result came back \(the grader's result file is missing or was altered\)|expected \d+, got 42|hidden case \d+: wrong result/, line);
    }
    // Public cases show what the student's code said; hidden ones show nothing of it.
    const leak = JSON.stringify(r("leak"));
    assert.match(leak, /case 1 \(args \[25,5,1,64,10,4\]\): threw HIDDENARGS 25,5,1,64,10,4/);
    for (const c of [...HIDDEN["00"].convMacs, ...HIDDEN["00"].peakActivationBytes]) {
      assert.ok(!leak.includes(`HIDDENARGS ${(c.args.flat() as number[]).join(",")}`), `hidden args leaked: ${leak}`);
    }
    assert.match(leak, /hidden case 1: threw an error \(the messages of hidden cases are not shown\)/);
    assert.match(r("memory").tests[2].output, /kernel died/);
    assert.match(r("syntax").output, /cell "peakActivationBytes" failed/);
    assert.match(r("locked-edit").output, /locked cell "ex-imports" was edited; the original was used/);
    assert.match(r("cheat").output, /locked cell "lab00-01" was deleted/);
    assert.match(r("not-json").output, /unreadable submission/);
    assert.match(r("empty").tests[0].output, /empty notebook/);
    assert.equal(r("correct").tests[4].status, undefined);
    assert.match(r("correct").tests[4].output, /^pending manual grading/);
    // Gradebook: one row per student, the pending manual points apart.
    const csv = readFileSync(join(out, "gradebook.csv"), "utf8").trim().split("\n");
    assert.equal(csv[0], "student,convMacs,peakActivationBytes,quantizeRoundTrip,designStem,whyPeakEarly,total,max,pending manual points");
    assert.ok(csv.includes("correct,2,2,2,2,0,8,10,2"));
    assert.ok(existsSync(join(out, "summary.html")) && existsSync(join(out, "wrong", "feedback.html")));
    assert.match(readFileSync(join(out, "summary.html"), "utf8"), /"range":\[-0\.5,10\.5\]/);
    // Resumable: nothing is graded again; with force, the same results, timing aside.
    const again = await gradeClass(LAB, Object.values(LABS), HIDDEN["00"], [join(dir, "correct.ipynb"), join(dir, "wrong.ipynb")], opts);
    assert.deepEqual(again.graded, []);
    const before = { correct: r("correct"), wrong: r("wrong") };
    await gradeClass(LAB, Object.values(LABS), HIDDEN["00"], [join(dir, "correct.ipynb"), join(dir, "wrong.ipynb")], { ...opts, force: true });
    for (const id of ["correct", "wrong"] as const) assert.deepEqual({ ...r(id), execution_time: 0 }, { ...before[id], execution_time: 0 });
  });

  it("--sandbox: a submission cannot read files outside its folder or reach the network", async function () {
    if (!requireTool(this, spawnSync("bwrap", ["--version"]).status === 0, "bubblewrap", "sudo apt-get install bubblewrap")) return;
    const dir = mkdtempSync(join(tmpdir(), "tinyml-sbx-"));
    writeFileSync(join(dir, "snoop.ipynb"), JSON.stringify(variant((nb) => {
      setCell(nb, "ex-convMacs", 'import { readFileSync } from "node:fs";\nfunction convMacs(): number { return readFileSync("/etc/hostname", "utf8").length; }');
      setCell(nb, "ex-peak", 'async function peakActivationBytes(): Promise<number> { const r = await fetch("http://127.0.0.1:9/"); return r.status; }');
      // Started detached, it still dies with the sandbox's process namespace.
      setCell(nb, "ex-rt", `${joinSource(nb.cells.find((c) => c.id === "ex-rt")?.source ?? "")}\nimport { spawn } from "node:child_process";\nspawn("sleep", ["313.38"], { detached: true, stdio: "ignore" }).unref();`);
    })));
    const out = mkdtempSync(join(tmpdir(), "tinyml-sbx-out-"));
    await gradeClass(LAB, Object.values(LABS), HIDDEN["00"], [dir], { out, jobs: 1, timeoutS: 20, sandbox: true, force: false });
    const res = JSON.parse(readFileSync(join(out, "snoop", "results.json"), "utf8")) as GradescopeResults;
    assert.match(res.tests[0].output, /ENOENT: no such file or directory, open '\/etc\/hostname'/);
    assert.match(res.tests[1].output, /fetch failed/);
    assert.equal(res.tests[2].score, 2);
    assert.equal(spawnSync("pgrep", ["-f", "sleep 313.38"]).status, 1, "a detached process outlived its sandboxed grading");
    // No path from the submission's folder leads into the instructor's checkout: the tree has its own node_modules.
    assert.equal(lstatSync(join(out, ".tree", "node_modules")).isSymbolicLink(), false);
  });
});
