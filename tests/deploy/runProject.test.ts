import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DeployTarget } from "../../lib/deploy/deployTargets.js";
import { ARM_TOOLCHAIN_INSTALL } from "../../lib/deploy/deployTargets.js";
import type { KernelSet } from "../../lib/deploy/codegen/generateC.js";
import { countsByKernelKind } from "../../lib/deploy/kernelKinds.js";
import { buildProject, DeployError, missingToolchain, runProject } from "../../lib/deploy/runProject.js";
import { writeProject } from "../../lib/deploy/writeProject.js";
import type { Graph } from "../../lib/ir/Graph.js";
import { GraphBuilder } from "../../lib/ir/GraphBuilder.js";
import { GraphError } from "../../lib/ir/GraphError.js";
import { Interpreter } from "../../lib/ir/Interpreter.js";
import { readTflite } from "../../lib/ir/tflite/readTflite.js";
import { coverageCalibrationGraphs } from "../../lib/hwsim/calibration/calibrationModels.js";
import { courseModels, seededInputs } from "../support/courseModels.js";
import { planOperator } from "../../lib/ir/kernels/prepareOperator.js";
import { packOutputs, unpackInputs } from "../../lib/deploy/codegen/packedIo.js";
import { operatorCoverageCases } from "../support/operatorCoverageCases.js";
import { lstmCases } from "../support/lstmCases.js";
import { requireTool } from "../support/requireTool.js";
import { requireModel } from "../support/thirdPartyModels.js";

const SHARED = ["kws_ref_model.tflite", "vww_96_int8.tflite", "pretrainedResnet_quant.tflite", "ad01_int8.tflite", "hello_world_int8.tflite", "micro_speech_quantized.tflite", "person_detect.tflite"];

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "tinyml-deploy-"));
  dirs.push(d);
  return d;
}

/** Generate, build and run; assert every output equals the interpreter's. Returns the run. */
function deployAndCheck(graph: Graph, target: DeployTarget, inputs: Int8Array[], kernels?: KernelSet) {
  const dir = tempDir();
  writeProject(graph, target, dir, inputs, kernels);
  buildProject(dir, target);
  const run = runProject(dir, target);
  const interp = new Interpreter(graph);
  inputs.forEach((x, i) => assert.deepEqual(Array.from(run.outputs[i]), Array.from(packOutputs(interp.run(unpackInputs(graph, x)) as Int8Array[])), `${graph.name} on ${target} (${kernels ?? "default"} kernels): sample ${i} differs`));
  return run;
}

function sharedGraph(ctx: Mocha.Context, name: string): Graph {
  return readTflite(new Uint8Array(readFileSync(requireModel(ctx, name))), name);
}

describe("deploy: generated C, bit-exact with the interpreter", function () {
  this.timeout(600_000);
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  describe("host (gcc -O2 -Wall -Wextra -Werror)", () => {
    before(function () {
      requireTool(this, missingToolchain("host") === null, "gcc and make", "sudo apt-get install gcc make");
    });
    // The SIMD kernels run here with the DSP instructions emulated in C: their
    // im2col, reordering and fast paths meet every shared model's shapes.
    for (const name of SHARED) {
      it(`${name}: outputs equal the interpreter's on 3 seeded inputs, with the reference and the SIMD kernels`, function () {
        const g = sharedGraph(this, name);
        for (const kernels of ["reference", "simd"] as const) deployAndCheck(g, "host", seededInputs(g, 3, name), kernels);
      });
    }
    it("the course's converted DS-CNN (real test clips) and ResNet-8, with both kernel sets", async () => {
      for (const { graph, inputs } of await courseModels()) {
        for (const kernels of ["reference", "simd"] as const) deployAndCheck(graph, "host", inputs, kernels);
      }
    });
    it("SUB, MUL, MAXIMUM, MINIMUM, SQUARED_DIFFERENCE, PRELU, broadcasting ADD, LEAKY_RELU, TANH, LOG_SOFTMAX, SQUEEZE, EXPAND_DIMS, TRANSPOSE, RESIZE_NEAREST_NEIGHBOR, SLICE, STRIDED_SLICE, SPLIT, SPLIT_V, PACK, UNPACK, GATHER, HARD_SWISH, SUM, RESIZE_BILINEAR, BATCH_MATMUL and TRANSPOSE_CONV, over the TFLM oracle's cases", function () {
      const refused: string[] = [];
      for (const c of operatorCoverageCases("deploy coverage")) {
        try {
          planOperator(c.graph, 0);
        } catch (e) {
          // The one form without a C kernel must say so; anything else is a failure.
          if (!(e instanceof GraphError && e.kind === "unsupported")) throw e;
          refused.push(c.label);
          continue;
        }
        // Whole graphs: a split's outputs, and BATCH_MATMUL's or ADD's two activation inputs, travel packed (packedIo).
        deployAndCheck(c.graph, "host", seededInputs(c.graph, 3, c.label), "simd");
      }
      assert.deepEqual(refused, ["SUM over axes 0 and 2"]);
    });
    it("UNIDIRECTIONAL_SEQUENCE_LSTM (8x8->16: batch- and time-major, cell clips, the cell's tanh shifted either way), both kernel sets, its states carried from sample to sample; the 16x8 form is refused in one line", function () {
      for (const c of lstmCases("deploy lstm")) {
        if (c.label.includes("16x8")) {
          assert.throws(() => planOperator(c.graph, 0), (e: unknown) => e instanceof GraphError && e.kind === "unsupported" && /int16 activations: the 16x8 scheme runs in the interpreter only/.test(e.message));
          continue;
        }
        for (const kernels of ["reference", "simd"] as const) deployAndCheck(c.graph, "host", seededInputs(c.graph, 3, c.label), kernels);
      }
    });
  });

  describe("Cortex-M on QEMU (arm-none-eabi-gcc -O2, -icount shift=0)", () => {
    before(function () {
      requireTool(this, missingToolchain("m4") === null, "arm-none-eabi-gcc and qemu-system-arm", ARM_TOOLCHAIN_INSTALL);
    });
    // Every (core, kernel set) the boards allow, on both calibration models.
    const RUNS: [DeployTarget, KernelSet][] = [["m3", "reference"], ["m4", "reference"], ["m4", "simd"], ["m7", "reference"], ["m7", "simd"]];
    const MODELS = ["kws_ref_model.tflite", "pretrainedResnet_quant.tflite"];
    const runs = new Map<string, { graph: Graph; layerCounts: number[] }>();
    for (const [target, kernels] of RUNS) {
      for (const name of MODELS) {
        it(`${target} ${kernels}: ${name} outputs equal the interpreter's; instruction counts are per layer`, function () {
          const g = sharedGraph(this, name);
          const run = deployAndCheck(g, target, seededInputs(g, 2, name), kernels);
          assert.equal(run.layerCounts.length, g.operators.length);
          assert.ok(run.layerCounts.every((c) => c > 0 && c % 40 === 0), "SysTick counts are whole ticks of 40 instructions");
          runs.set(`${target} ${kernels} ${name}`, { graph: g, layerCounts: run.layerCounts });
          console.log(`      ${target} ${kernels} ${name}: ${run.layerCounts.reduce((a, b) => a + b, 0)} instructions per inference`);
        });
      }
    }
    it("the SIMD kernels take fewer instructions per MAC than the reference ones, for every kernel kind (table printed)", function () {
      const rows: string[] = [];
      for (const target of ["m3", "m4", "m7"] as const) {
        for (const name of MODELS) {
          const ref = runs.get(`${target} reference ${name}`), simd = runs.get(`${target} simd ${name}`);
          if (ref === undefined || (target !== "m3" && simd === undefined)) assert.fail(`${target} ${name}: a run above failed, so there is nothing to compare`);
          const simdKinds = simd === undefined ? [] : countsByKernelKind(simd.graph, simd.layerCounts);
          for (const r of countsByKernelKind(ref.graph, ref.layerCounts)) {
            const perRef = r.count / r.macs;
            const v = simdKinds.find((t) => t.kind === r.kind);
            const perSimd = v === undefined ? undefined : v.count / v.macs;
            rows.push(`      ${target} ${name.padEnd(30)} ${r.kind.padEnd(16)} ${String(r.macs).padStart(9)} MACs  reference ${perRef.toFixed(2).padStart(6)}  simd ${perSimd === undefined ? "     -" : perSimd.toFixed(2).padStart(6)} instructions per MAC`);
            if (target === "m3") continue; // no DSP extension: reference only
            assert.ok(perSimd !== undefined, `${target} ${name}: no SIMD count for ${r.kind}`);
            assert.ok(perSimd < perRef, `${target} ${name} ${r.kind}: SIMD ${perSimd.toFixed(2)} per MAC is not below the reference's ${perRef.toFixed(2)}`);
          }
        }
      }
      console.log(rows.join("\n"));
    });
    it("the chains of operators published models add (broadcast and flat, and the upsampling and matrix chain) on the M4; an output over 1,024 bytes arrives whole, line by line", function () {
      const graphs = coverageCalibrationGraphs();
      assert.equal(graphs[2].tensors[graphs[2].outputs[0]].shape.reduce((a, b) => a * b, 1), 1386);
      for (const g of [...graphs.slice(0, 3), ...graphs.filter((x) => x.name.startsWith("calibration-upsampling")).slice(0, 2)]) deployAndCheck(g, "m4", seededInputs(g, 2, g.name), "simd");
    });
    it("UNIDIRECTIONAL_SEQUENCE_LSTM on the M3, M4 and M7", function () {
      const runs: [DeployTarget, KernelSet][] = [["m3", "reference"], ["m4", "simd"], ["m7", "simd"]];
      for (const c of lstmCases("deploy lstm").filter((k) => !k.label.includes("16x8"))) {
        for (const [target, kernels] of runs) deployAndCheck(c.graph, target, seededInputs(c.graph, 2, c.label), kernels);
      }
    });
    it("the course's converted DS-CNN on the M4", async () => {
      const [kws] = await courseModels();
      deployAndCheck(kws.graph, "m4", kws.inputs.slice(0, 2));
    });
    it("instruction counts are identical from run to run", function () {
      const g = sharedGraph(this, "kws_ref_model.tflite");
      const dir = tempDir();
      writeProject(g, "m4", dir, seededInputs(g, 1, "repeat"), "simd");
      buildProject(dir, "m4");
      assert.deepEqual(runProject(dir, "m4").layerCounts, runProject(dir, "m4").layerCounts);
    });
    it("a hung QEMU is killed after the timeout with a clear message", function () {
      const g = sharedGraph(this, "pretrainedResnet_quant.tflite");
      const dir = tempDir();
      writeProject(g, "m4", dir, seededInputs(g, 3, "slow"));
      buildProject(dir, "m4");
      assert.throws(() => runProject(dir, "m4", 20), (e: unknown) => e instanceof DeployError && /QEMU \(mps2-an386\) did not finish within 0.02 s and was killed/.test(e.message));
    });
  });

  describe("bad input", () => {
    it("a float32 graph or an operator without a C kernel is named, with what to do instead", () => {
      const b = new GraphBuilder("float-relu");
      const x = b.tensor({ name: "x", shape: [1, 4], dtype: "float32" });
      const y = b.tensor({ name: "y", shape: [1, 4], dtype: "float32" });
      b.op({ kind: "RELU", inputs: [x], outputs: [y], options: {} });
      assert.throws(() => writeProject(b.build([x], [y]), "host", tempDir(), [new Int8Array(4)]),
        (e: unknown) => e instanceof GraphError && e.kind === "unsupported" && /x is float32; generated C takes int8 inputs and outputs \(convert with io: 'int8'\)/.test(e.message));
    });

    it("a model too big for the board is refused with the byte counts, not a linker dump", () => {
      const b = new GraphBuilder("huge");
      const q = (s: number) => ({ scale: [s], zeroPoint: [0], axis: 0 });
      const x = b.tensor({ name: "x", shape: [1, 4096], dtype: "int8", quantization: q(0.1) });
      const w = b.tensor({ name: "w", shape: [1100, 4096], dtype: "int8", quantization: q(0.01), data: new Int8Array(1100 * 4096) });
      const y = b.tensor({ name: "y", shape: [1, 1100], dtype: "int8", quantization: q(0.5) });
      b.op({ kind: "FULLY_CONNECTED", inputs: [x, w, -1], outputs: [y], options: { activation: "NONE", keepNumDims: false } });
      assert.throws(() => writeProject(b.build([x], [y]), "m4", tempDir(), [new Int8Array(4096)]),
        /huge does not fit mps2-an386 \(Cortex-M4\): it needs about \d+ bytes of flash \(weights \d+, .*\) and the board has 4194304, \d+ bytes too many/);
    });

    it("the SIMD kernels are refused for the Cortex-M3, which has no DSP extension", function () {
      const g = sharedGraph(this, "hello_world_int8.tflite");
      assert.throws(() => writeProject(g, "m3", tempDir(), seededInputs(g, 1, "m3"), "simd"),
        (e: unknown) => e instanceof GraphError && /the Cortex-M3 has no DSP extension \(SMLAD, SXTB16\), so the SIMD kernels cannot run on it; use the reference kernels/.test(e.message));
      assert.equal(writeProject(g, "m3", tempDir(), seededInputs(g, 1, "m3")).kernels, "reference", "the M3's default is the reference set");
      assert.equal(writeProject(g, "m4", tempDir(), seededInputs(g, 1, "m4")).kernels, "simd", "the M4's default is the SIMD set");
    });

    it("a missing toolchain names the apt-get command", function () {
      const saved = process.env.PATH;
      process.env.PATH = "/nonexistent";
      try {
        assert.match(missingToolchain("m4") ?? "", /arm-none-eabi-gcc, qemu-system-arm not found; install with: sudo apt-get install --no-install-recommends gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm/);
      } finally {
        process.env.PATH = saved;
      }
    });

    it("a failing build reports the compiler's first error with the generated file's name", function () {
      requireTool(this, missingToolchain("host") === null, "gcc and make", "sudo apt-get install gcc make");
      const g = sharedGraph(this, "hello_world_int8.tflite");
      const dir = tempDir();
      writeProject(g, "host", dir, seededInputs(g, 1, "broken"));
      writeFileSync(join(dir, "model.c"), readFileSync(join(dir, "model.c"), "utf8").replace("void model_invoke", "void model_invoke(int broken;\nvoid unused"));
      assert.throws(() => buildProject(dir, "host"), (e: unknown) => e instanceof DeployError && /build failed in .*: model\.c:\d+:\d+: error:/.test(e.message));
    });
  });
});
