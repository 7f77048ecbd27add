import { strict as assert } from "node:assert";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { notebookFixture } from "../support/notebookFixture.js";
import { kernelPids, runCli } from "../support/runCli.js";

/** Kernels the run left behind: started during it and still alive after a short grace. */
async function strays(before: Set<number>): Promise<number[]> {
  await new Promise((r) => setTimeout(r, 300));
  return [...kernelPids()].filter((p) => !before.has(p));
}

function problemLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.includes(": cell ") || /: (no such file|not valid JSON|nbformat)/.test(l));
}

describe("tinyml run: bad input gives one clear line, a non-zero exit, kept outputs, no stray kernel", () => {
  it("a missing path", async () => {
    const before = kernelPids();
    const r = await runCli(["run", "/nonexistent/lab.ipynb", "--out", "/tmp/tinyml-out-missing"]);
    assert.equal(r.code, 1);
    assert.deepEqual(problemLines(r.stderr), ["/nonexistent/lab.ipynb: no such file"]);
    assert.deepEqual(await strays(before), []);
  });

  it("invalid JSON", async () => {
    const path = notebookFixture([]);
    writeFileSync(path, "{ not json");
    const r = await runCli(["run", path, "--out", join(dirname(path), "out")]);
    assert.equal(r.code, 1);
    assert.equal(problemLines(r.stderr).length, 1);
    assert.match(problemLines(r.stderr)[0], /fixture\.ipynb: not valid JSON/);
  });

  it("nbformat 3, with the command that upgrades it", async () => {
    const path = notebookFixture([], "old.ipynb", { nbformat: 3, nbformat_minor: 0, worksheets: [] });
    const r = await runCli(["run", path, "--out", join(dirname(path), "out")]);
    assert.equal(r.code, 1);
    assert.match(problemLines(r.stderr)[0], /old\.ipynb: nbformat 3 is not supported; only nbformat 4 is\. Upgrade it with: jupyter nbconvert --to notebook --inplace/);
  });

  it("a cell that never ends", async () => {
    const before = kernelPids();
    const path = notebookFixture(["console.log('before the loop')", "for (;;) {}", "console.log('x')"]);
    const out = join(dirname(path), "out");
    const r = await runCli(["run", path, "--out", out, "--timeout", "2"]);
    assert.equal(r.code, 1);
    assert.deepEqual(problemLines(r.stderr).map((l) => l.replace(/^.*fixture\.ipynb: /, "")), [
      "cell 2: did not finish within 2 s (interrupted; the kernel is still running)",
    ]);
    const nb = JSON.parse(readFileSync(join(out, "fixture.ipynb"), "utf8"));
    assert.equal(nb.cells[0].outputs[0].text, "before the loop\n");
    assert.ok(existsSync(join(out, "fixture.html")));
    assert.deepEqual(await strays(before), []);
  });

  it("process.exit() in a cell", async () => {
    const before = kernelPids();
    const path = notebookFixture(["console.log('ok')", "process.exit(0)"]);
    const out = join(dirname(path), "out");
    const r = await runCli(["run", path, "--out", out]);
    assert.equal(r.code, 1);
    assert.match(problemLines(r.stderr)[0], /fixture\.ipynb: cell 2: the kernel exited with code 0 \(did the cell call process\.exit\(\) or run out of memory\?\)/);
    const nb = JSON.parse(readFileSync(join(out, "fixture.ipynb"), "utf8"));
    assert.equal(nb.cells[0].outputs[0].text, "ok\n");
    assert.deepEqual(await strays(before), []);
  });

  it("a type error", async () => {
    const before = kernelPids();
    const path = notebookFixture(["let n = 1;", "n = 'one';"]);
    const r = await runCli(["run", path, "--out", join(dirname(path), "out")]);
    assert.equal(r.code, 1);
    assert.match(problemLines(r.stderr)[0], /fixture\.ipynb: cell 2: TypeScriptError: line 1, column 1: Type 'string' is not assignable to type 'number'\./);
    assert.deepEqual(await strays(before), []);
  });

  it("a good notebook: exit 0, executed .ipynb and .html written", async () => {
    const path = notebookFixture([{ md: "# Good" }, "console.log(2 + 2)"]);
    const out = join(dirname(path), "out");
    const r = await runCli(["run", path, "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 notebook\(s\), 1 cell\(s\) executed, 0 problem\(s\)/);
    const html = readFileSync(join(out, "fixture.html"), "utf8");
    assert.match(html, /<h1[^>]*>Good<\/h1>/);
    assert.match(html, /<pre class="stream-stdout">4\n<\/pre>/);
  });
});

describe("tinyml run --jobs", () => {
  it("runs notebooks side by side in their own kernels; results and problems keep the order given", async () => {
    const before = kernelPids();
    // Each notebook prints when its 4 s wait began and ended, so the runs' overlap is measured, not timed.
    const wait = "const t0 = Date.now(); await new Promise((r) => setTimeout(r, 4000)); console.log(JSON.stringify([t0, Date.now()]))";
    const a = notebookFixture([wait], "a.ipynb"), b = notebookFixture([wait, "let n = 1;", "n = 'one';"], "b.ipynb");
    const out = join(dirname(a), "out");
    const r = await runCli(["run", a, "/nonexistent/c.ipynb", b, "--out", out, "--jobs", "2"]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /2 notebook\(s\), 4 cell\(s\) executed, 2 problem\(s\)/);
    const problems = r.stderr.split("\n").filter((l) => /no such file|: cell \d+:/.test(l));
    assert.equal(problems.length, 2, r.stderr);
    assert.match(problems[0], /c\.ipynb: no such file/);
    assert.match(problems[1], /b\.ipynb: cell 3: TypeScriptError/);
    const span = (name: string) => JSON.parse(JSON.parse(readFileSync(join(out, name), "utf8")).cells[0].outputs[0].text) as [number, number];
    const [sa, sb] = [span("a.ipynb"), span("b.ipynb")];
    assert.ok(sa[0] < sb[1] && sb[0] < sa[1], `the waits did not overlap: a ${sa}, b ${sb}`);
    assert.deepEqual(await strays(before), []);
  });

  it("refuses a count that is not a whole number above 0, in one line", async () => {
    const r = await runCli(["run", notebookFixture([]), "--jobs", "0"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--jobs <n>.*expected a whole number above 0/);
  });
});
