import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireTool } from "../support/requireTool.js";
import { ROOT, runCli } from "../support/runCli.js";

describe("cli: tinyml release and tinyml grade", function () {
  this.timeout(120_000);

  it("release writes a student tree; grade grades it (sandboxed) with progress and a summary", async function () {
    if (!requireTool(this, spawnSync("bwrap", ["--version"]).status === 0, "bubblewrap", "sudo apt-get install bubblewrap")) return;
    const rel = mkdtempSync(join(tmpdir(), "tinyml-cli-rel-"));
    const r = await runCli(["release", "--lab", "0", "--out", rel]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /released lab 0: .*00-basics\.ipynb/);
    assert.ok(existsSync(join(rel, "grading", "public", "lab00.json")));
    const subs = mkdtempSync(join(tmpdir(), "tinyml-cli-subs-"));
    copyFileSync(join(ROOT, "notebooks", "00-basics.ipynb"), join(subs, "ada.ipynb"));
    copyFileSync(join(rel, "notebooks", "00-basics.ipynb"), join(subs, "bob.ipynb"));
    const out = join(mkdtempSync(join(tmpdir(), "tinyml-cli-grades-")), "grades");
    const g = await runCli(["grade", subs, "--lab", "00", "--out", out, "--jobs", "2"], { timeoutMs: 100_000 });
    assert.equal(g.code, 0, g.stderr);
    assert.match(g.stderr, /graded 1\/2: .*\n.*graded 2\/2/);
    assert.match(g.stdout, /ada\s+8 \/ 10/);
    assert.match(g.stdout, /bob\s+0 \/ 10/);
    assert.match(readFileSync(join(out, "gradebook.csv"), "utf8"), /^ada,2,2,2,2,0,8,10,2$/m);
    const again = await runCli(["grade", subs, "--lab", "00", "--out", out]);
    assert.match(again.stdout, /already graded \(use --force to grade again\): ada, bob/);
  });

  it("grades sandboxed by default: without bubblewrap it refuses with the install line; --unsafe-no-sandbox warns", async () => {
    // A PATH with node but no bwrap.
    const bin = mkdtempSync(join(tmpdir(), "tinyml-nobwrap-"));
    symlinkSync(process.execPath, join(bin, "node"));
    const subs = mkdtempSync(join(tmpdir(), "tinyml-cli-subs-"));
    copyFileSync(join(ROOT, "notebooks", "00-basics.ipynb"), join(subs, "ada.ipynb"));
    const out = join(mkdtempSync(join(tmpdir(), "tinyml-cli-grades-")), "grades");
    const refused = await runCli(["grade", subs, "--lab", "00", "--out", out], { env: { PATH: bin } });
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /bubblewrap, which is not installed: sudo apt-get install bubblewrap \(or pass --unsafe-no-sandbox/);
    assert.ok(!existsSync(out));
    const unsafe = await runCli(["grade", subs, "--lab", "00", "--out", out, "--unsafe-no-sandbox"], { env: { PATH: bin }, timeoutMs: 100_000 });
    assert.equal(unsafe.code, 0, unsafe.stderr);
    assert.match(unsafe.stderr, /warning: --unsafe-no-sandbox: submissions run with your permissions/);
    assert.match(unsafe.stdout, /ada\s+8 \/ 10/);
  });

  it("grade --lab 06 grades capstone models: results with leaderboard entries, gradebook, leaderboard page", async () => {
    const subs = mkdtempSync(join(tmpdir(), "tinyml-cli-capstone-"));
    copyFileSync(join(ROOT, "package.json"), join(subs, "not-a-model.tflite"));
    const out = join(subs, "grades");
    const g = await runCli(["grade", join(subs, "not-a-model.tflite"), "--lab", "06", "--out", out]);
    assert.equal(g.code, 0, g.stderr);
    assert.match(g.stderr, /graded 1\/1: not-a-model/);
    assert.match(g.stdout, /not-a-model +0 \/ 20/);
    assert.match(g.stdout, /leaderboard\.html/);
    const r = JSON.parse(readFileSync(join(out, "not-a-model", "results.json"), "utf8")) as { output: string };
    assert.match(r.output, /capstone\.tflite could not be read/);
    for (const f of ["gradebook.csv", "summary.html", "leaderboard.html"]) assert.ok(existsSync(join(out, f)), f);
  });

  it("bad input: one clear line and exit code 1, nothing written", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "tinyml-cli-bad-")), "grades");
    const cases: [string[], RegExp][] = [
      [["grade", ROOT, "--lab", "42", "--out", out], /no lab 42; graded labs: 00/],
      [["grade", join(ROOT, "nope"), "--lab", "00", "--out", out], /nope: no such file or folder/],
      [["grade", join(ROOT, "lib"), "--lab", "00", "--out", out], /no \.ipynb submissions found/],
      [["grade", ROOT, "--lab", "00", "--out", out, "--jobs", "0"], /--jobs/],
      [["release", "--lab", "7", "--out", out], /no lab 7/],
      [["release", "--lab", "6", "--out", out], /lab 06 is the capstone: it has no release of its own/],
      [["grade", join(ROOT, "package.json"), "--lab", "06", "--out", out], /package\.json: capstone submissions are \.tflite files or folders holding capstone\.tflite/],
    ];
    for (const [args, msg] of cases) {
      const r = await runCli(args);
      assert.equal(r.code, 1, `${args.join(" ")}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, msg);
    }
    assert.ok(!existsSync(out));
  });
});
