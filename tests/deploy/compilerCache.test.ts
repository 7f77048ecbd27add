import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packOutputs, unpackInputs } from "../../lib/deploy/codegen/packedIo.js";
import { compilerCache } from "../../lib/deploy/compilerCache.js";
import { buildProject, runProject } from "../../lib/deploy/runProject.js";
import { writeProject } from "../../lib/deploy/writeProject.js";
import { Interpreter } from "../../lib/ir/Interpreter.js";
import { seededInputs } from "../support/courseModels.js";
import { operatorCoverageCases } from "../support/operatorCoverageCases.js";
import { requireTool } from "../support/requireTool.js";

/** ccache's own counters for the cache in `dir` (ccache --print-stats). */
function stats(dir: string): Record<string, number> {
  const r = spawnSync("ccache", ["--print-stats"], { encoding: "utf8", env: { ...process.env, CCACHE_DIR: dir } });
  return Object.fromEntries(r.stdout.trim().split("\n").map((l) => l.split("\t")).map(([k, v]) => [k, Number(v)]));
}

describe("deploy: generated C builds through ccache", function () {
  this.timeout(120_000);
  const saved = { dir: process.env.CCACHE_DIR, off: process.env.TINYML_CCACHE };
  let cacheDir = "";
  before(function () {
    requireTool(this, spawnSync("sh", ["-c", "command -v ccache && command -v cc && command -v make"]).status === 0, "ccache (and gcc, make)", "sudo apt-get install ccache gcc make");
    cacheDir = mkdtempSync(join(tmpdir(), "tinyml-ccache-"));
  });
  beforeEach(() => {
    process.env.CCACHE_DIR = cacheDir;
    delete process.env.TINYML_CCACHE;
  });
  after(() => {
    for (const [k, v] of [["CCACHE_DIR", saved.dir], ["TINYML_CCACHE", saved.off]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    if (cacheDir !== "") rmSync(cacheDir, { recursive: true, force: true });
  });

  it("two projects of different graphs share the kernels' objects (ccache's own counters), and both stay bit-exact", () => {
    const cases = operatorCoverageCases("ccache").slice(0, 2);
    for (const [k, c] of cases.entries()) {
      const dir = mkdtempSync(join(tmpdir(), "tinyml-ccache-project-"));
      const inputs = seededInputs(c.graph, 2, c.label);
      writeProject(c.graph, "host", dir, inputs, "simd");
      buildProject(dir, "host");
      const run = runProject(dir, "host");
      const interp = new Interpreter(c.graph);
      inputs.forEach((x, i) => assert.deepEqual(Array.from(run.outputs[i]), Array.from(packOutputs(interp.run(unpackInputs(c.graph, x)) as Int8Array[])), `${c.label}: sample ${i}`));
      rmSync(dir, { recursive: true, force: true });
      const s = stats(cacheDir);
      // The first build fills the cache; the second finds both kernel sources there (its harness, model and samples include the new model.h).
      if (k === 0) assert.equal((s.direct_cache_hit ?? 0) + (s.preprocessed_cache_hit ?? 0), 0, JSON.stringify(s));
      else assert.ok((s.direct_cache_hit ?? 0) + (s.preprocessed_cache_hit ?? 0) === 2, JSON.stringify(s));
    }
  });

  it("is not used with TINYML_CCACHE=0, nor where its folder cannot be written; the build still succeeds", () => {
    process.env.TINYML_CCACHE = "0";
    assert.equal(compilerCache(), null);
    delete process.env.TINYML_CCACHE;
    assert.deepEqual(compilerCache(), { launcher: "ccache", dir: cacheDir });
    // A path under a regular file can never be created, whoever runs the test (root included).
    process.env.CCACHE_DIR = join(cacheDir, "stats.conf-is-a-file", "x");
    spawnSync("sh", ["-c", `: > '${join(cacheDir, "stats.conf-is-a-file")}'`]);
    assert.equal(compilerCache(), null);
    const c = operatorCoverageCases("ccache")[0];
    const dir = mkdtempSync(join(tmpdir(), "tinyml-ccache-project-"));
    writeProject(c.graph, "host", dir, seededInputs(c.graph, 1, c.label), "simd");
    buildProject(dir, "host");
    assert.equal(runProject(dir, "host").outputs.length, 1);
    rmSync(dir, { recursive: true, force: true });
  });
});
