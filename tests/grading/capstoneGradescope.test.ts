import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import type { GradescopeResults } from "../../grading/gradescopeResults.js";
import { CAPSTONE } from "../../grading/labs/capstone.js";
import { ARM_TOOLCHAIN_INSTALL } from "../../lib/deploy/deployTargets.js";
import { missingToolchain } from "../../lib/deploy/runProject.js";
import { RESULTS_SCHEMA } from "../support/gradescopeSchema.js";
import { requireTool } from "../support/requireTool.js";
import { unpackZip } from "../support/unpackZip.js";
import { ROOT, runCli } from "../support/runCli.js";

describe("grading: tinyml gradescope --lab 06 (the capstone's autograder, run in a mimic of /autograder)", function () {
  this.timeout(300_000);
  let root = "";
  let zipNames: string[] = [];

  before(async function () {
    if (!requireTool(this, missingToolchain("m4") === null, "the Arm toolchain and QEMU", ARM_TOOLCHAIN_INSTALL)) return;
    const work = mkdtempSync(join(tmpdir(), "tinyml-capstone-gradescope-"));
    const zip = join(work, "autograder.zip");
    const r = await runCli(["gradescope", "--lab", "06", "--out", zip]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Gradescope autograder for the capstone/);
    root = join(work, "autograder");
    mkdirSync(join(root, "source"), { recursive: true });
    zipNames = unpackZip(zip, join(root, "source"));
    // install_course.sh's npm ci is exercised by the lab 00 autograder test; here the checkout's packages stand in.
    symlinkSync(join(ROOT, "node_modules"), join(root, "source", "course", "node_modules"));
  });

  after(() => {
    if (root !== "") rmSync(join(root, ".."), { recursive: true, force: true });
  });

  function runAutograder(files: Record<string, string>): GradescopeResults {
    for (const d of ["submission", "results"]) {
      rmSync(join(root, d), { recursive: true, force: true });
      mkdirSync(join(root, d));
    }
    for (const [name, from] of Object.entries(files)) copyFileSync(from, join(root, "submission", name));
    const r = spawnSync(join(root, "source", "run_autograder"), [], { encoding: "utf8", env: { ...process.env, AUTOGRADER_ROOT: root }, timeout: 240_000 });
    assert.equal(r.status, 0, `run_autograder: ${r.stdout}${r.stderr}`);
    const results = JSON.parse(readFileSync(join(root, "results", "results.json"), "utf8")) as GradescopeResults;
    const ajv = new Ajv({ allErrors: true, strict: false });
    assert.ok(ajv.validate(RESULTS_SCHEMA, results), ajv.errorsText());
    return results;
  }

  it("holds the hidden clips and their loader, not the master's model, the clips' seed or any lab's hidden cases", () => {
    for (const f of ["setup.sh", "run_autograder", "course/grading/hidden/capstone/hiddenClips.ts", "course/grading/hidden/capstone/clips/x.i16.gz", "course/notebooks/06-capstone.ipynb"]) assert.ok(zipNames.includes(f), f);
    for (const f of zipNames) assert.doesNotMatch(f, /master\.tflite|clips\.json|hidden\/lab0|hiddenRegistry|^course\/tests\//, f);
    assert.match(readFileSync(join(root, "source", "setup.sh"), "utf8"), /qemu-system-arm/);
  });

  it("the master's model and report: every automatic point, the report pending, four leaderboard columns", () => {
    const r = runAutograder({ "capstone.tflite": join(ROOT, "grading", "hidden", "capstone", "master.tflite"), "06-capstone.ipynb": join(ROOT, CAPSTONE.master) });
    const auto = r.tests.filter((t) => t.status !== undefined);
    assert.equal(r.score, auto.reduce((a, t) => a + t.max_score, 0), JSON.stringify(r.tests, null, 1));
    assert.match(r.tests.find((t) => t.name === "design report")?.output ?? "", /^pending manual grading\. Answer:/);
    assert.deepEqual(r.leaderboard?.map((e) => [e.name, e.order]), [["Accuracy (%)", "desc"], ["Latency on nano33-ble (ms)", "asc"], ["Peak SRAM (KB)", "asc"], ["Flash (KB)", "asc"]]);
    assert.match(r.output, /QEMU mps2-an386 measured [\d,]+ instructions/);
  });

  it("an upload without a model gets 0 and says what to upload", () => {
    const r = runAutograder({ "06-capstone.ipynb": join(ROOT, CAPSTONE.master) });
    assert.equal(r.score, 0);
    assert.match(r.output, /no \.tflite in the submission \(found: 06-capstone\.ipynb\): upload capstone\.tflite/);
  });
});
