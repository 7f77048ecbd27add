import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { missingToolchain } from "../../../lib/deploy/runProject.js";
import { requireTool } from "../../support/requireTool.js";

/** Compiles a property check (tests/deploy/c/NAME.c) with both kernel files, on the host where the DSP instructions are emulated in C, and runs it. */
function runCheck(name: string): { status: number | null; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), "simd-check-"));
  try {
    const exe = join(dir, "check");
    const cc = spawnSync("cc", ["-O2", "-std=c99", "-Wall", "-Wextra", "-Werror", "-I", "lib/deploy/c", `tests/deploy/c/${name}.c`, "lib/deploy/c/tinyml_kernels.c", "lib/deploy/c/tinyml_kernels_simd.c", "-o", exe], { encoding: "utf8" });
    assert.equal(cc.status, 0, cc.stderr);
    const r = spawnSync(exe, [], { encoding: "utf8" });
    return { status: r.status, stdout: r.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("deploy/c: the SIMD set's ADD, average pooling and depthwise convolution against the reference kernels", function () {
  this.timeout(120_000);
  beforeEach(function () {
    requireTool(this, missingToolchain("host") === null, "gcc and make", "sudo apt-get install gcc make");
  });

  it("ADD equals the reference on every pair of int8 inputs for 400 seeded parameter sets (fast path and fallback)", function () {
    const r = runCheck("add_simd_check");
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^checked 400 sets$/m);
  });

  it("AVERAGE_POOL_2D equals the reference on 3,000 seeded shapes (channel tails, padding, windows past 255 taps, extreme inputs)", function () {
    const r = runCheck("pool_simd_check");
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^checked 3000 shapes$/m);
  });

  it("DEPTHWISE_CONV_2D equals the reference on 3,000 seeded shapes (3x3 interior and border windows, other sizes, strides, channel tails, per-channel and per-tensor shifts on both sides, clamps, no bias)", function () {
    const r = runCheck("depthwise_simd_check");
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^checked 3000 shapes$/m);
  });
});
