import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { missingToolchain } from "../../../lib/deploy/runProject.js";
import { requireTool } from "../../support/requireTool.js";

describe("deploy/c: the SIMD kernels' fast requantization", function () {
  this.timeout(60_000);

  it("equals the reference MultiplyByQuantizedMultiplier on edge values and 4 million seeded random ones", function () {
    requireTool(this, missingToolchain("host") === null, "gcc and make", "sudo apt-get install gcc make");
    const dir = mkdtempSync(join(tmpdir(), "fast-requant-"));
    try {
      const exe = join(dir, "check");
      const cc = spawnSync("cc", ["-O2", "-std=c99", "-Wall", "-Wextra", "-Werror", "-I", "lib/deploy/c", "tests/deploy/c/fast_requant_check.c", "-o", exe], { encoding: "utf8" });
      assert.equal(cc.status, 0, cc.stderr);
      const r = spawnSync(exe, [], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stdout);
      assert.match(r.stdout, /^checked 4008192$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
