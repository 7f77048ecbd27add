import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cSource } from "../../../lib/deploy/cSource.js";
import { ARM_TOOLCHAIN_INSTALL, MCU_BOARDS } from "../../../lib/deploy/deployTargets.js";
import { mcuLinkerScript } from "../../../lib/deploy/mcuLinkerScript.js";
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

/**
 * The same property check built for QEMU's Cortex-M4 or M7 (real DSP
 * instructions and the kernels' hand-scheduled assembly), run with semihosting:
 * its text and exit status.
 */
function runCheckOnBoard(name: string, target: "m4" | "m7"): { status: number | null; text: string } {
  const dir = mkdtempSync(join(tmpdir(), "simd-check-mcu-"));
  try {
    const board = MCU_BOARDS[target];
    writeFileSync(join(dir, "startup.c"), cSource("mcu/startup.c"));
    writeFileSync(join(dir, "semihost.h"), cSource("mcu/semihost.h"));
    writeFileSync(join(dir, "board.ld"), mcuLinkerScript(board));
    const elf = join(dir, "check.elf");
    const cc = spawnSync("arm-none-eabi-gcc", [...board.cpuFlags, "-O2", "-std=c99", "-I", dir, "-I", "lib/deploy/c", "--specs=nano.specs", "-nostartfiles", "-T", join(dir, "board.ld"),
      "-o", elf, `tests/deploy/c/${name}.c`, "lib/deploy/c/tinyml_kernels.c", "lib/deploy/c/tinyml_kernels_simd.c", join(dir, "startup.c"), "-lc", "-lgcc"], { encoding: "utf8" });
    assert.equal(cc.status, 0, cc.stderr);
    const r = spawnSync("qemu-system-arm", ["-M", board.machine, "-nographic", "-monitor", "none", "-serial", "none", "-semihosting-config", "enable=on,target=native", "-kernel", elf],
      { encoding: "utf8", timeout: 300_000 });
    return { status: r.status, text: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("deploy/c: the SIMD set's ADD, average pooling, convolutions and fully connected against the reference kernels", function () {
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

  it("CONV_2D and FULLY_CONNECTED equal the reference on 4,000 seeded shapes each (pointwise and im2col paths, pixel and filter pairs with odd ones out, channel tails, dilation, per-channel and per-tensor shifts on both sides, a multiplier of INT32_MIN, clamps, no bias, a weight offset)", function () {
    const r = runCheck("conv_simd_check");
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^checked 4000 shapes$/m);
  });

  for (const target of ["m4", "m7"] as const) {
    it(`CONV_2D and FULLY_CONNECTED equal the reference on 400 seeded shapes on QEMU's ${MCU_BOARDS[target].core}, whose pair loop is hand-scheduled assembly`, function () {
      if (!requireTool(this, missingToolchain(target) === null, "arm-none-eabi-gcc and qemu-system-arm", ARM_TOOLCHAIN_INSTALL)) return;
      const r = runCheckOnBoard("conv_simd_check", target);
      assert.equal(r.status, 0, r.text);
      assert.match(r.text, /^checked 400 shapes$/m);
    });
  }

  it("DEPTHWISE_CONV_2D equals the reference on 3,000 seeded shapes (3x3 interior and border windows, other sizes, strides, channel tails, per-channel and per-tensor shifts on both sides, clamps, no bias)", function () {
    const r = runCheck("depthwise_simd_check");
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^checked 3000 shapes$/m);
  });
});
