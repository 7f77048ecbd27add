import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deployCommand } from "../../lib/cli/deployCommand.js";
import { ARM_TOOLCHAIN_INSTALL } from "../../lib/deploy/deployTargets.js";
import { missingToolchain } from "../../lib/deploy/runProject.js";
import { writeArduinoLibrary } from "../../lib/deploy/writeArduinoLibrary.js";
import { courseModels } from "../support/courseModels.js";
import { requireTool } from "../support/requireTool.js";
import { ROOT } from "../support/runCli.js";
import { unpackZip } from "../support/unpackZip.js";

// The Nano 33 BLE Sense's nRF52840: Cortex-M4F, hard-float ABI, as Arduino's mbed_nano core builds it.
const M4F = ["-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16", "-O2"];

describe("deploy: the Arduino library export (Nano 33 BLE Sense)", function () {
  this.timeout(120_000);

  it("writes a 1.5-format library whose C and example sketch compile for the Cortex-M4F, and a zip the IDE imports as is", async function () {
    if (!requireTool(this, missingToolchain("m4") === null, "the Arm toolchain", ARM_TOOLCHAIN_INSTALL)) return;
    const [{ graph, inputs }] = await courseModels();
    const dir = join(mkdtempSync(join(tmpdir(), "tinyml-arduino-")), "lib");
    const lib = writeArduinoLibrary(graph, dir, inputs[0], { classNames: ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go", "_silence_", "_unknown_"] });
    assert.equal(lib.name, "TinyMLts_ds_cnn_kws");
    // library.properties: the fields Arduino's library specification requires, and the Nano 33 BLE's architecture.
    const props = Object.fromEntries(readFileSync(join(dir, "library.properties"), "utf8").trim().split("\n").map((l) => l.split(/=(.*)/s).slice(0, 2)));
    for (const k of ["name", "version", "author", "maintainer", "sentence", "paragraph", "category", "url", "architectures"]) assert.ok((props[k] ?? "") !== "", k);
    assert.match(props.name, /^[A-Za-z][A-Za-z0-9 _.-]{0,62}$/);
    assert.doesNotMatch(props.name, /^Arduino/);
    assert.match(props.version, /^\d+\.\d+\.\d+$/);
    assert.ok(props.architectures.split(",").includes("mbed_nano"));
    // Every C file of src/ compiles with the core's flags and warnings as errors.
    for (const f of readdirSync(join(dir, "src")).filter((n) => n.endsWith(".c"))) {
      const r = spawnSync("arm-none-eabi-gcc", [...M4F, "-std=c99", "-Wall", "-Wextra", "-Werror", "-c", join(dir, "src", f), "-o", join(dir, `${f}.o`)], { encoding: "utf8" });
      assert.equal(r.status, 0, `${f}: ${r.stderr}`);
    }
    // The example, as the Arduino builder compiles a sketch: C++, with Arduino.h included first.
    const ino = spawnSync("arm-none-eabi-g++", [...M4F, "-x", "c++", "-std=gnu++17", "-fno-exceptions", "-fno-rtti", "-Wall", "-Werror",
      "-I", join(ROOT, "tests", "support", "arduinoShim"), "-I", join(dir, "src"), "-include", "Arduino.h", "-c", join(dir, "examples", "RunOnce", "RunOnce.ino"), "-o", join(dir, "RunOnce.o")], { encoding: "utf8" });
    assert.equal(ino.status, 0, ino.stderr);
    // The zip: the library folder at the top, the same bytes as the folder.
    const unpacked = mkdtempSync(join(tmpdir(), "tinyml-arduino-zip-"));
    const names = unpackZip(lib.zip, unpacked);
    assert.ok(names.every((n) => n.startsWith(`${lib.name}/`)), names.join(", "));
    for (const f of ["library.properties", `src/${lib.name}.h`, "src/model.c", "src/tinyml_kernels_simd.c", "examples/RunOnce/RunOnce.ino"]) {
      assert.ok(readFileSync(join(unpacked, lib.name, f)).equals(readFileSync(join(dir, f))), f);
    }
    assert.match(readFileSync(join(dir, "src", `${lib.name}.h`), "utf8"), /"yes", "no", "up"/);
  });

  it("refuses what it cannot export, in one line", async () => {
    const [{ graph, inputs }] = await courseModels();
    assert.throws(() => writeArduinoLibrary(graph, join(tmpdir(), "x"), inputs[0].slice(1)), /the example's sample has 489 values; ds-cnn-kws takes 490/);
    assert.throws(() => writeArduinoLibrary(graph, join(tmpdir(), "x"), inputs[0], { classNames: ["a"] }), /1 class names for 12 outputs/);
    await assert.rejects(deployCommand("ds-cnn-kws", { target: "arduino", out: join(tmpdir(), "y"), run: true, samples: 1, data: "synthetic-keywords" }), /--run needs an emulated target/);
  });
});
