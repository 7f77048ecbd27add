import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HIDDEN } from "../../grading/hidden/hiddenRegistry.js";
import { LABS } from "../../grading/labs/labRegistry.js";
import { joinSource, readNotebook } from "../../lib/notebook/notebookFormat.js";
import { releaseLeaks } from "../support/releaseLeaks.js";
import { runCli } from "../support/runCli.js";

describe("grading: tinyml release --all (the standalone student course)", function () {
  this.timeout(600_000);
  const out = join(mkdtempSync(join(tmpdir(), "tinyml-course-")), "student-course");
  after(() => rmSync(join(out, ".."), { recursive: true, force: true }));

  it("holds every lab's exercises as stubs and nothing for instructors: no solutions, no hidden cases, no tests or docs", async () => {
    const r = await runCli(["release", "--all", "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /released the student course .*: 5 notebooks/);
    for (const lab of Object.values(LABS)) {
      assert.ok(existsSync(join(out, lab.master)), lab.master);
      assert.deepEqual(releaseLeaks(lab, HIDDEN[lab.lab], out).leaks, [], `lab ${lab.lab}`);
      for (const f of lab.libFiles) assert.match(readFileSync(join(out, f), "utf8"), /not implemented/, f);
    }
    for (const gone of ["tests", "bench", ".ci", "ARCHITECTURE.md", join("grading", "hidden"), ".git"]) assert.ok(!existsSync(join(out, gone)), gone);
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
    const run = spawnSync(process.execPath, ["bin/tinyml.mjs", "run", ...notebooks, "--out", executed, "--allow-errors", "--timeout", "120"], {
      cwd: out, encoding: "utf8", env: { ...process.env, TINYML_FAST: "1", TINYML_ROOT: out },
    });
    // Cells after a stub fail (that is what a fresh course does); the kernel must survive them all.
    assert.match(run.stdout + run.stderr, /5 notebook\(s\), \d+ cell\(s\) executed/, run.stderr.slice(-2000));
    assert.doesNotMatch(run.stderr, /KernelDied|kernel died|killed by/);
    for (const lab of Object.values(LABS)) {
      const nb = readNotebook(join(executed, lab.master.replace(/^notebooks\//, "")));
      const text = nb.cells.map((c) => JSON.stringify((c as { outputs?: unknown }).outputs ?? [])).join("\n");
      for (const ex of lab.exercises) assert.match(text, new RegExp(`${ex.name}: 0/\\d+ public checks passed`), `lab ${lab.lab}: ${ex.name}`);
      for (const ex of lab.exercises) assert.match(text, new RegExp(`not implemented: ${ex.name}`), `lab ${lab.lab}: ${ex.name}`);
      assert.ok(nb.cells.some((c) => joinSource(c.source).includes("await check(")));
    }
  });
});
