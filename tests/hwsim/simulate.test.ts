import { strict as assert } from "node:assert";
import { estimate } from "../../lib/hwsim/estimate.js";
import { findDevice } from "../../lib/hwsim/findDevice.js";
import { formatReport } from "../../lib/hwsim/formatReport.js";
import { simulate } from "../../lib/hwsim/simulate.js";
import { GraphBuilder } from "../../lib/ir/GraphBuilder.js";
import { Interpreter } from "../../lib/ir/Interpreter.js";
import { planOperator } from "../../lib/ir/kernels/prepareOperator.js";
import { courseModels } from "../support/courseModels.js";

const q = (s: number) => ({ scale: [s], zeroPoint: [0], axis: 0 });

describe("hwsim: simulate and the report's totals", function () {
  this.timeout(60_000);

  it("simulate gives the interpreter's outputs and estimate's report; the totals add up (course DS-CNN on NUCLEO-L4R5ZI)", async () => {
    const [{ graph, inputs }] = await courseModels();
    const device = findDevice("nucleo-l4r5zi");
    const { outputs, report } = simulate(graph, device, inputs[0]);
    assert.deepEqual(outputs, new Interpreter(graph).run([inputs[0]]));
    assert.deepEqual(report, estimate(graph, device));
    assert.equal(report.layers.length, graph.operators.length);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum(report.layers.map((l) => l.cycles)) - report.cycles) < 1e-6 * report.cycles);
    assert.ok(Math.abs(sum(report.layers.map((l) => l.percent)) - 100) < 1e-9);
    // 120 MHz: 120,000 cycles per ms; run current 110 µA/MHz at 3.3 V (deviceCatalog): W x ms = mJ.
    assert.ok(Math.abs(report.ms - report.cycles / 120_000) < 1e-9);
    assert.ok(report.energyMJ !== null && Math.abs(report.energyMJ - 110e-6 * 120 * 3.3 * report.ms) < 1e-12);
    // Weights: every constant tensor's bytes, counted here from the shapes.
    const weights = sum(graph.tensors.filter((t) => t.data !== undefined).map((t) => t.shape.reduce((a, b) => a * b, 1) * (t.dtype === "int32" ? 4 : 1)));
    assert.equal(report.weightBytes, weights);
    assert.equal(report.flashBytes, report.weightBytes + report.tableBytes + report.codeBytes);
    assert.equal(report.peakSramBytes, report.arenaBytes + report.scratchBytes + report.runtimeBytes);
    assert.ok(report.fits);
    assert.ok(report.layers.every((l) => l.liveBytes > 0 && l.liveBytes <= report.arenaBytes));
  });

  it("a model too big for the device is reported with its shortfall, not thrown", () => {
    const b = new GraphBuilder("huge-fc");
    const x = b.tensor({ name: "x", shape: [1, 4096], dtype: "int8", quantization: q(0.1) });
    const w = b.tensor({ name: "w", shape: [1100, 4096], dtype: "int8", quantization: q(0.01), data: new Int8Array(1100 * 4096) });
    const y = b.tensor({ name: "y", shape: [1, 1100], dtype: "int8", quantization: q(0.5) });
    b.op({ kind: "FULLY_CONNECTED", inputs: [x, w, -1], outputs: [y], options: { activation: "NONE", keepNumDims: false } });
    const device = findDevice("nucleo-g0b1re");
    const r = estimate(b.build([x], [y]), device);
    assert.equal(r.kernels, "reference");
    assert.equal(r.fits, false);
    // 4,505,600 weight bytes, one requantization pair (8 bytes) and the generated code against 512 KB of flash.
    assert.equal(r.tableBytes, 8);
    assert.ok(r.codeBytes > 0 && r.codeBytes < 8192, `${r.codeBytes}`);
    assert.equal(r.flashOverBytes, 1100 * 4096 + 8 + r.codeBytes - 512 * 1024);
    assert.equal(r.sramOverBytes, 0);
    assert.match(formatReport(r), new RegExp(`fits: NO, flash short by ${r.flashOverBytes} bytes`));
  });

  it("an architecture (layers, no graph) is priced like the graph it describes", async () => {
    const [{ graph }] = await courseModels();
    const device = findDevice("stm32f746-disco");
    const fromGraph = estimate(graph, device);
    const fromLayers = estimate(graph.operators.map((_, k) => planOperator(graph, k)), device);
    assert.equal(fromLayers.cycles, fromGraph.cycles);
    assert.equal(fromLayers.planner, "lower bound");
    assert.ok(fromLayers.arenaBytes <= fromGraph.arenaBytes);
  });
});
