import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEVICES, QEMU_DEVICES } from "../../lib/hwsim/deviceCatalog.js";
import { simCommand } from "../../lib/cli/simCommand.js";
import { modelWithOpcode, UNSUPPORTED_OPERATOR } from "../support/modelWithOpcode.js";
import { runCli } from "../support/runCli.js";
import { requireModel } from "../support/thirdPartyModels.js";

const SHARED = ["kws_ref_model.tflite", "vww_96_int8.tflite", "pretrainedResnet_quant.tflite", "ad01_int8.tflite", "hello_world_int8.tflite", "micro_speech_quantized.tflite", "person_detect.tflite"];

describe("cli: tinyml sim", function () {
  this.timeout(120_000);

  it("runs on every shared model for every catalog device, and says whether it fits", async function () {
    for (const name of SHARED) {
      const path = requireModel(this, name);
      for (const d of [...DEVICES, ...QEMU_DEVICES]) {
        const text = await simCommand(path, { device: d.id, planner: "greedy", json: false, data: "synthetic-keywords" });
        assert.match(text, /^latency \d+\.\d\d ms \(\d+ cycles, \d+ instructions\)$/m, `${name} on ${d.id}`);
        assert.match(text, /^fits: (yes|NO, (SRAM|flash) short by \d+ bytes)/m);
      }
    }
  });

  it("the CLI prints a table, JSON on request, and one-line errors", async function () {
    const kws = requireModel(this, "kws_ref_model.tflite");
    const r = await runCli(["sim", kws, "--device", "stm32f746-disco", "--kernels", "reference"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /on STM32F746G-DISCO \(Cortex-M7 @ 216 MHz\), reference kernels, greedy arena/);
    const j = await runCli(["sim", kws, "--device", "nucleo-l4r5zi", "--json"]);
    const report = JSON.parse(j.stdout) as { kernels: string; layers: unknown[]; fits: boolean };
    assert.equal(report.kernels, "simd");
    assert.equal(report.layers.length, 13);
    const bad = await runCli(["sim", kws, "--device", "rp2040-pico", "--kernels", "simd"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /Raspberry Pi Pico \(Cortex-M0\+\) has no DSP extension/);
  });

  it("runs on the shipped course model (converted to int8 first) with the patch planner, writes the HTML report, and names an unsupported operator", async function () {
    const dir = mkdtempSync(join(tmpdir(), "tinyml-sim-"));
    const html = join(dir, "kws.html");
    const r = await runCli(["sim", "ds-cnn-kws", "--device", "nano33-ble", "--planner", "patch", "--html", html], { timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ds-cnn-kws on Arduino Nano 33 BLE Sense \(Cortex-M4F @ 64 MHz\), simd kernels, patch arena$/m);
    assert.match(r.stdout, /^ 0 +CONV_2D +1x25x5x64 /m);
    const page = readFileSync(html, "utf8");
    assert.ok(page.includes("arena layout (patch)") && page.includes("latency (ms)"));
    writeFileSync(join(dir, "unsupported.tflite"), modelWithOpcode(UNSUPPORTED_OPERATOR.code));
    const bad = await runCli(["sim", join(dir, "unsupported.tflite"), "--device", "nucleo-l4r5zi"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, new RegExp(`operator 0 is ${UNSUPPORTED_OPERATOR.name}, which TinyML\\.ts does not support`));
    const typo = await runCli(["sim", join(dir, "unsupported.tflite"), "--device", "nucleo-l4r5"]);
    assert.match(typo.stderr, /nucleo-l4r5zi/);
  });
});
