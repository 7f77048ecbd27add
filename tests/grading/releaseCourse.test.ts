import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gradeCapstoneModel } from "../../grading/capstone/gradeCapstoneModel.js";
import { hiddenClips } from "../../grading/hidden/capstone/hiddenClips.js";
import { HIDDEN } from "../../grading/hidden/hiddenRegistry.js";
import { CAPSTONE } from "../../grading/labs/capstone.js";
import { LABS } from "../../grading/labs/labRegistry.js";
import { estimate } from "../../lib/hwsim/estimate.js";
import { findDevice } from "../../lib/hwsim/findDevice.js";
import { filesUnder } from "../../lib/filesUnder.js";
import { readTflite } from "../../lib/ir/tflite/readTflite.js";
import { joinSource, readNotebook } from "../../lib/notebook/notebookFormat.js";
import { releaseLeaks } from "../support/releaseLeaks.js";
import { ROOT, runCli } from "../support/runCli.js";

const sha = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");

describe("grading: tinyml release --all (the standalone student course)", function () {
  this.timeout(600_000);
  const out = join(mkdtempSync(join(tmpdir(), "tinyml-course-")), "student-course");
  after(() => rmSync(join(out, ".."), { recursive: true, force: true }));

  it("holds every lab's exercises as stubs and nothing for instructors: no solutions, no hidden cases, no tests or docs", async () => {
    const r = await runCli(["release", "--all", "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /released the student course .*: 7 notebooks/);
    for (const lab of Object.values(LABS)) {
      assert.ok(existsSync(join(out, lab.master)), lab.master);
      assert.deepEqual(releaseLeaks(lab, HIDDEN[lab.lab], out).leaks, [], `lab ${lab.lab}`);
      for (const f of lab.libFiles) assert.match(readFileSync(join(out, f), "utf8"), /not implemented/, f);
    }
    for (const gone of ["tests", "bench", ".ci", "ARCHITECTURE.md", join("grading", "hidden"), ".git"]) assert.ok(!existsSync(join(out, gone)), gone);
    // The capstone: its design cell's solution is gone (no stub: the cell runs and keeps the baseline), and no file of
    // grading/hidden/capstone (the hidden clips, their config, the master's model) is anywhere in the course, under any name.
    const capstone = { lab: CAPSTONE.lab, master: CAPSTONE.master, exercises: [], reference: {}, libFiles: [] };
    const scan = releaseLeaks(capstone, {}, out);
    assert.deepEqual(scan.leaks, []);
    assert.ok(scan.solutionLines >= 5, `${scan.solutionLines} solution lines looked for`);
    const secret = new Set(filesUnder(join(ROOT, "grading", "hidden", "capstone")).map(sha));
    assert.deepEqual(filesUnder(out).filter((f) => secret.has(sha(f))), []);
    const seed = (JSON.parse(readFileSync(join(ROOT, "grading", "hidden", "capstone", "clips.json"), "utf8")) as { seed: number }).seed;
    assert.deepEqual(filesUnder(out).filter((f) => /\.(ts|json|ipynb|md)$/.test(f) && readFileSync(f, "utf8").includes(`"seed": ${seed}`)), []);
    const pkg = JSON.parse(readFileSync(join(out, "package.json"), "utf8")) as { scripts: Record<string, string>; devDependencies?: unknown };
    assert.deepEqual(Object.keys(pkg.scripts), ["start"]);
    assert.equal(pkg.devDependencies, undefined);
    assert.match(readFileSync(join(out, "README.md"), "utf8"), /student edition/);
    const bad = await runCli(["release", "--out", out]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /give --lab NN .* or --all/);
  });

  it("installs from its own folder, and its notebooks run with the stubs: every check says 'not implemented'", function () {
    if (!existsSync(join(out, "package.json"))) return this.skip();
    const npm = spawnSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: out, encoding: "utf8" });
    assert.equal(npm.status, 0, npm.stderr.slice(-2000));
    const executed = join(out, "..", "executed");
    const notebooks = readdirSync(join(out, "notebooks")).filter((f) => f.endsWith(".ipynb")).map((f) => join("notebooks", f));
    const run = spawnSync(process.execPath, ["bin/tinyml.mjs", "run", ...notebooks, "--out", executed, "--allow-errors", "--timeout", "120", "--jobs", "2"], {
      cwd: out, encoding: "utf8", env: { ...process.env, TINYML_FAST: "1", TINYML_ROOT: out },
    });
    // Cells after a stub fail (that is what a fresh course does); the kernel must survive them all.
    assert.match(run.stdout + run.stderr, /7 notebook\(s\), \d+ cell\(s\) executed/, run.stderr.slice(-2000));
    assert.doesNotMatch(run.stderr, /KernelDied|kernel died|killed by/);
    for (const lab of Object.values(LABS)) {
      const nb = readNotebook(join(executed, lab.master.replace(/^notebooks\//, "")));
      const text = nb.cells.map((c) => JSON.stringify((c as { outputs?: unknown }).outputs ?? [])).join("\n");
      for (const ex of lab.exercises) assert.match(text, new RegExp(`${ex.name}: 0/\\d+ public checks passed`), `lab ${lab.lab}: ${ex.name}`);
      for (const ex of lab.exercises) assert.match(text, new RegExp(`not implemented: ${ex.name}`), `lab ${lab.lab}: ${ex.name}`);
      assert.ok(nb.cells.some((c) => joinSource(c.source).includes("await check(")));
    }
  });

  it("the released capstone runs as it is and writes the untouched baseline, graded over budget in Track B with its figures", async function () {
    const model = join(out, CAPSTONE.modelFile);
    if (!existsSync(model)) return this.skip();
    const graph = readTflite(new Uint8Array(readFileSync(model)));
    const b = estimate(graph, findDevice("rp2040-pico"), { kernels: "reference" });
    // The baseline: the 64-channel DS-CNN's 2.66 M MACs, 679 ms on the Pico.
    assert.ok(b.ms > 600, `${b.ms} ms`);
    const g = await gradeCapstoneModel(new Uint8Array(readFileSync(model)), { spec: CAPSTONE, hidden: hiddenClips(), qemu: false });
    const trackB = g.tests.find((t) => t.name.startsWith("Track B"));
    assert.equal(trackB?.score, 0);
    assert.equal(trackB?.output, `over budget: latency ${b.ms.toFixed(1)} ms, ${(b.ms - 200).toFixed(1)} ms over the budget of 200 ms (${b.ms.toFixed(1)} ms, ${b.peakSramBytes.toLocaleString("en-US")} bytes of peak SRAM, ${b.flashBytes.toLocaleString("en-US")} bytes of flash on rp2040-pico)`);
    const executed = readNotebook(join(out, "..", "executed", "06-capstone.ipynb"));
    assert.match(executed.cells.map((c) => JSON.stringify((c as { outputs?: unknown }).outputs ?? [])).join("\n"), /wrote capstone\.tflite/);
  });
});
