import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import seedrandom from "seedrandom";
import type { Graph, TensorData } from "../../lib/ir/Graph.js";
import { elementCount } from "../../lib/ir/Graph.js";
import { Interpreter } from "../../lib/ir/Interpreter.js";
import { readTflite } from "../../lib/ir/tflite/readTflite.js";
import { runArmNN } from "../support/armnn.js";
import { assertAgreesWithArmNN, compareOutputs, randomInt8 } from "../support/armnnAgreement.js";
import { operatorCases } from "../support/operatorCases.js";
import { requireTool } from "../support/requireTool.js";
import { ARMNN_PACKAGES, hasArmNN, requireModel } from "../support/thirdPartyModels.js";

const SAMPLES = 50;
const MODELS = ["kws_ref_model.tflite", "vww_96_int8.tflite", "pretrainedResnet_quant.tflite", "ad01_int8.tflite", "hello_world_int8.tflite", "micro_speech_quantized.tflite"];

describe("ir: the interpreter against Arm NN's CpuRef backend (independent oracle)", function () {
  this.timeout(600_000);
  before(function () {
    requireTool(this, hasArmNN(), "Arm NN (pyarmnn, CpuRef backend, TfLite parser) for Debian's /usr/bin/python3", ARMNN_PACKAGES);
  });

  for (const name of MODELS) {
    it(`${name}: every operator, fed the interpreter's own activations for ${SAMPLES} seeded inputs, is within 1 LSB of Arm NN`, function () {
      const graph = readTflite(new Uint8Array(readFileSync(requireModel(this, name))), name);
      assertAgreesWithArmNN(graph, { samples: SAMPLES, seed: `armnn ${name}` });
    });
  }

  it("operators the shared models do not use, built here and written by the writer, match Arm NN within 1 LSB", function () {
    const rng = seedrandom("armnn synthetic");
    const cases = operatorCases("armnn synthetic");
    const graphs: Graph[] = cases.map((c) => c.graph);
    const jobs = graphs.map((graph) => ({
      graph, inputs: graph.inputs.map((i) => Array.from({ length: 20 }, () => randomInt8(elementCount(graph.tensors[i].shape), rng) as TensorData)),
    }));
    const results = runArmNN(jobs);
    const lines: string[] = [];
    jobs.forEach((job, j) => {
      const r = results[j];
      assert.ok(r.ok, `Arm NN refused ${cases[j].label}: ${r.ok ? "" : r.error}`);
      const interpreter = new Interpreter(job.graph);
      const ours = job.inputs[0].map((_, s) => interpreter.run(job.inputs.map((samples) => samples[s]))[0]);
      const c = compareOutputs(ours, r.outputs);
      lines.push(`${cases[j].label} ${(100 * c.exact / c.total).toFixed(1)}%`);
      const tolerance = cases[j].float ? 1e-6 : 1;
      assert.ok(c.maxDiff <= tolerance, `${cases[j].label}: differs from Arm NN by ${c.maxDiff}`);
    });
    console.log(`      exact: ${lines.join("; ")}`);
  });
});
