import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { missingToolchain } from "../../../lib/deploy/runProject.js";
import { requireTool } from "../../support/requireTool.js";

describe("deploy/c: the SIMD set's ADD", function () {
  this.timeout(120_000);

  it("equals the reference ADD on every pair of int8 inputs for 400 seeded parameter sets (fast path and fallback)", function () {
    requireTool(this, missingToolchain("host") === null, "gcc and make", "sudo apt-get install gcc make");
    const dir = mkdtempSync(join(tmpdir(), "add-simd-"));
    try {
      const exe = join(dir, "check");
      const cc = spawnSync("cc", ["-O2", "-std=c99", "-Wall", "-Wextra", "-Werror", "-I", "lib/deploy/c", "tests/deploy/c/add_simd_check.c", "lib/deploy/c/tinyml_kernels.c", "lib/deploy/c/tinyml_kernels_simd.c", "-o", exe], { encoding: "utf8" });
      assert.equal(cc.status, 0, cc.stderr);
      const r = spawnSync(exe, [], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stdout);
      assert.match(r.stdout, /^checked 400 sets$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
