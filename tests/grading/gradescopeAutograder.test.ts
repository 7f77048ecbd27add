import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import { LABS } from "../../grading/labs/labRegistry.js";
import { releaseLab } from "../../grading/releaseLab.js";
import { joinSource, readNotebook } from "../../lib/notebook/notebookFormat.js";
import { RESULTS_SCHEMA } from "../support/gradescopeSchema.js";
import { requireTool } from "../support/requireTool.js";
import { unpackZip } from "../support/unpackZip.js";
import { ROOT, runCli } from "../support/runCli.js";

const LAB = LABS["00"];

interface Results { score: number; max_score: number; output: string; tests: { name: string; score: number; max_score: number; status?: string; output: string }[] }

describe("grading: tinyml gradescope (the autograder zip, run in a mimic of Gradescope's /autograder)", function () {
  this.timeout(600_000);
  let root = "";
  let zipNames: string[] = [];

  before(async function () {
    if (!requireTool(this, spawnSync("bwrap", ["--version"]).status === 0, "bubblewrap", "sudo apt-get install bubblewrap")) return;
    const work = mkdtempSync(join(tmpdir(), "tinyml-gradescope-test-"));
    const zip = join(work, "autograder.zip");
    const r = await runCli(["gradescope", "--lab", "00", "--out", zip]);
    assert.equal(r.code, 0, r.stderr);
    root = join(work, "autograder");
    mkdirSync(join(root, "source"), { recursive: true });
    zipNames = unpackZip(zip, join(root, "source"));
    // setup.sh's npm step (the apt and Node steps need Gradescope's network; CI has installed both).
    const npm = spawnSync("bash", [join(root, "source", "install_course.sh")], { encoding: "utf8" });
    assert.equal(npm.status, 0, npm.stderr.slice(-2000));
  });

  after(() => {
    if (root !== "") rmSync(join(root, ".."), { recursive: true, force: true });
  });

  /** Gradescope's run for one submission folder's files: a fresh submission/ and results/, then run_autograder. */
  function runAutograder(files: Record<string, string>): { results: Results; raw: string } {
    for (const d of ["submission", "results"]) {
      rmSync(join(root, d), { recursive: true, force: true });
      mkdirSync(join(root, d));
    }
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, "submission", name), text);
    const r = spawnSync(join(root, "source", "run_autograder"), [], { encoding: "utf8", env: { ...process.env, AUTOGRADER_ROOT: root }, timeout: 300_000 });
    assert.equal(r.status, 0, `run_autograder: ${r.stdout}${r.stderr}`);
    const raw = readFileSync(join(root, "results", "results.json"), "utf8");
    const results = JSON.parse(raw) as Results;
    const ajv = new Ajv({ allErrors: true, strict: false });
    assert.ok(ajv.validate(RESULTS_SCHEMA, results), ajv.errorsText());
    return { results, raw };
  }

  const autoPoints = LAB.exercises.reduce((a, e) => a + e.points, 0);

  it("has Gradescope's layout and nothing a student must not see: one lab's hidden cases, no later solutions, no tests or history", () => {
    for (const f of ["setup.sh", "run_autograder", "install_course.sh", "course/package-lock.json", "course/notebooks/00-basics.ipynb"]) assert.ok(zipNames.includes(f), f);
    const hidden = zipNames.filter((n) => n.startsWith("course/grading/hidden/"));
    assert.deepEqual(hidden.sort(), ["course/grading/hidden/hiddenRegistry.ts", "course/grading/hidden/lab00.ts"]);
    assert.deepEqual(zipNames.filter((n) => /^course\/(tests|\.git|node_modules|bench|\.ci)\//.test(n)), []);
    assert.deepEqual(zipNames.filter((n) => n.startsWith("course/notebooks/")), ["course/notebooks/00-basics.ipynb"]);
    for (const later of Object.values(LABS).filter((l) => l.lab > "00")) {
      for (const f of later.libFiles) assert.doesNotMatch(readFileSync(join(root, "source", "course", f), "utf8"), /BEGIN SOLUTION/, f);
    }
  });

  it("the master scores every automatic point; answers graded by hand stay pending", () => {
    const { results } = runAutograder({ "00-basics.ipynb": readFileSync(join(ROOT, LAB.master), "utf8") });
    assert.equal(results.score, autoPoints);
    for (const t of results.tests) assert.ok(t.status === "passed" || (t.status === undefined && /pending manual grading/.test(t.output)), `${t.name}: ${t.output}`);
  });

  it("the released notebook scores 0", () => {
    const rel = mkdtempSync(join(tmpdir(), "tinyml-gradescope-rel-"));
    const nb = releaseLab(LAB, Object.values(LABS), rel);
    const { results } = runAutograder({ "lab.ipynb": readFileSync(nb, "utf8") });
    assert.equal(results.score, 0);
    assert.match(results.tests[0].output, /not implemented/);
    rmSync(rel, { recursive: true, force: true });
  });

  it("a hostile notebook cannot read the hidden cases or the reference, nor write the results", () => {
    const nb = readNotebook(join(ROOT, LAB.master));
    const cell = nb.cells.find((c) => c.id !== undefined && joinSource(c.source).includes("function convMacs("));
    assert.ok(cell !== undefined);
    const targets = [join(root, "source", "course", "grading", "hidden", "lab00.ts"), join(root, "source", "course", "lib", "basics", "convMacs.ts")];
    cell.source = [
      'import * as fs from "node:fs";',
      `const loot = ${JSON.stringify(targets)}.map((p) => { try { return fs.readFileSync(p, "utf8"); } catch { return "blocked " + p; } }).join("\\n");`,
      `try { fs.writeFileSync(${JSON.stringify(join(root, "results", "results.json"))}, '{"score": 999, "tests": []}'); } catch { /* blocked */ }`,
      "console.log(loot);",
      "function convMacs(..._a: number[]): number { throw new Error(loot); }",
    ].join("\n");
    const { results, raw } = runAutograder({ "00-basics.ipynb": JSON.stringify(nb) });
    assert.doesNotMatch(raw, /HIDDEN_00|1280, 2, 1, 1|outH \* outW \* outC/);
    assert.match(raw, /blocked/);
    assert.equal(results.tests.find((t) => t.name === "convMacs")?.score, 0);
    assert.equal(results.score, autoPoints - 2);
  });

  it("a non-notebook upload gets 0 and says what to upload", () => {
    const { results } = runAutograder({ "answers.py": "print('hi')\n" });
    assert.equal(results.score, 0);
    assert.equal(results.max_score >= autoPoints, true);
    assert.match(results.output, /no \.ipynb file in the submission \(found: answers\.py\)/);
    const empty = runAutograder({});
    assert.equal(empty.results.score, 0);
    assert.match(empty.results.output, /the submission is empty/);
  });

  it("two notebooks: the one named like the lab is graded, and the output says so", () => {
    const master = readFileSync(join(ROOT, LAB.master), "utf8");
    const rel = mkdtempSync(join(tmpdir(), "tinyml-gradescope-rel-"));
    const released = readFileSync(releaseLab(LAB, Object.values(LABS), rel), "utf8");
    const { results } = runAutograder({ "00-basics.ipynb": master, "scratch.ipynb": released });
    assert.equal(results.score, autoPoints);
    assert.match(results.output, /several notebooks were uploaded \(00-basics\.ipynb, scratch\.ipynb\); graded 00-basics\.ipynb/);
    rmSync(rel, { recursive: true, force: true });
  });
});
