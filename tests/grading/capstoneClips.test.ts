import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireTool } from "../support/requireTool.js";
import { ROOT } from "../support/runCli.js";

const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const SCRIPT = join(ROOT, "datasets", "scripts", "makeSyntheticKeywords.ts");

/** Runs the keyword script with a config; returns its exit status, output and the written clips' bytes. */
function make(config: object, dir: string): { status: number | null; output: string; x: Buffer | null } {
  const file = join(dir, "config.json");
  writeFileSync(file, JSON.stringify(config));
  const out = join(dir, "clips");
  const r = spawnSync(process.execPath, ["--import", "tsx", SCRIPT, "--config", file, "--out", out], { cwd: ROOT, encoding: "utf8" });
  let x: Buffer | null = null;
  try {
    x = readFileSync(join(out, "x.i16.gz"));
  } catch {
    x = null;
  }
  return { status: r.status, output: r.stdout + r.stderr, x };
}

describe("grading: the capstone's hidden clips are made by the keyword script from grading/hidden", function () {
  this.timeout(300_000);
  const config = JSON.parse(readFileSync(join(ROOT, "grading", "hidden", "capstone", "clips.json"), "utf8")) as Record<string, unknown>;

  it("the same config gives the same bytes (sox's dither is seeded), from speakers no released split has", function () {
    if (!requireTool(this, has("espeak-ng") && has("sox"), "espeak-ng and sox (Debian)", "sudo apt-get install espeak-ng sox")) return;
    const small = { ...config, perClass: 2 };
    const a = make(small, mkdtempSync(join(tmpdir(), "tinyml-clips-")));
    const b = make(small, mkdtempSync(join(tmpdir(), "tinyml-clips-")));
    assert.equal(a.status, 0, a.output);
    assert.match(a.output, /capstone-hidden-keywords: 24 clips/);
    assert.ok(a.x !== null && b.x !== null && a.x.equals(b.x));
  });

  it("refuses a config whose speakers the released splits already have", function () {
    if (!requireTool(this, has("espeak-ng") && has("sox"), "espeak-ng and sox (Debian)", "sudo apt-get install espeak-ng sox")) return;
    const r = make({ ...config, perClass: 1, bases: ["en-us"], variants: ["m1", "Gene"] }, mkdtempSync(join(tmpdir(), "tinyml-clips-")));
    assert.notEqual(r.status, 0);
    assert.match(r.output, /these speakers are in the released splits: en-us\+m1\b/);
    assert.equal(r.x, null);
  });
});
