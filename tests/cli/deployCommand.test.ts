import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { missingToolchain } from "../../lib/deploy/runProject.js";
import { ARM_TOOLCHAIN_INSTALL } from "../../lib/deploy/deployTargets.js";
import { requireTool } from "../support/requireTool.js";
import { runCli } from "../support/runCli.js";
import { requireModel } from "../support/thirdPartyModels.js";

describe("cli: tinyml deploy", function () {
  this.timeout(180_000);

  it("writes a host project without --run, and a shipped course model deploys to the M4 with a verified run", async function () {
    const dir = mkdtempSync(join(tmpdir(), "deploy-cli-"));
    const hello = requireModel(this, "hello_world_int8.tflite");
    const w = await runCli(["deploy", hello, "--target", "host", "--out", join(dir, "h")]);
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stdout, /wrote .* for the host with the reference kernels and the greedy planner: 3 layers, weights \d+ bytes \(flash\), arena \d+ bytes \(RAM\)/);
    assert.ok(existsSync(join(dir, "h", "Makefile")) && existsSync(join(dir, "h", "model.c")));
    // A planner that cannot apply says why and falls back; an unknown one is refused in one line.
    const patch = await runCli(["deploy", hello, "--target", "host", "--out", join(dir, "p"), "--planner", "patch"]);
    assert.equal(patch.code, 0, patch.stderr);
    assert.match(patch.stdout, /note: no prefix of .* runs patch by patch in a smaller arena: the layout is greedy's/);
    const bad = await runCli(["deploy", hello, "--target", "host", "--out", join(dir, "b"), "--planner", "tetris"]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--planner must be one of linear, greedy, inplace-depthwise, patch, patch-inplace, not tetris/);
    const dumpNoRun = await runCli(["deploy", hello, "--target", "host", "--out", join(dir, "d"), "--dump", join(dir, "dumps")]);
    assert.notEqual(dumpNoRun.code, 0);
    assert.match(dumpNoRun.stderr, /--dump needs --run/);
    const dumped = await runCli(["deploy", hello, "--target", "host", "--out", join(dir, "d"), "--run", "--dump", join(dir, "dumps")]);
    assert.equal(dumped.code, 0, dumped.stderr);
    assert.match(dumped.stdout, /dumps: 3 layers written to .*, every one equal to the interpreter's/);
    assert.ok(existsSync(join(dir, "dumps", "dump.html")) && existsSync(join(dir, "dumps", "layer-000.bin")));
    requireTool(this, missingToolchain("m4") === null, "arm-none-eabi-gcc and qemu-system-arm", ARM_TOOLCHAIN_INSTALL);
    const r = await runCli(["deploy", "ds-cnn-kws", "--target", "m4", "--out", join(dir, "m4"), "--run", "--samples", "2"], { timeoutMs: 170_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /#\s+op\s+MACs\s+instructions\s+per MAC/);
    assert.match(r.stdout, /^ 1\s+DEPTHWISE_CONV_2D\s+72000\s+\d+\s+\d+\.\d\d$/m);
    assert.match(r.stdout, /total: \d+ instructions \(\d+\.\d\d per MAC\)/);
    assert.match(r.stdout, /outputs: all 2 samples equal the interpreter's, bit for bit/);
    assert.match(r.stdout, /for mps2-an386 \(Cortex-M4\) with the simd kernels and the greedy planner: .* arena \d+ bytes \+ \d+ scratch \(RAM\)/);
    assert.match(r.stdout, /^per MAC by kernel kind \(simd\): conv \d+\.\d\d, depthwise 3x3 \d+\.\d\d, conv 1x1 \d+\.\d\d, fully connected \d+\.\d\d$/m);
  });

  it("bad input gets one line and exit code 1", async () => {
    const r = await runCli(["deploy", "x.tflite", "--target", "m9", "--out", "/tmp/x"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error: --target must be one of host, m3, m4, m7, arduino, not m9/);
    const k = await runCli(["deploy", "x.tflite", "--target", "m4", "--kernels", "neon", "--out", "/tmp/x"]);
    assert.equal(k.code, 1);
    assert.match(k.stderr, /error: --kernels must be one of reference, simd, cmsis-nn, not neon/);
  });
});
