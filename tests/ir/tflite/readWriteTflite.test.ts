import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { GraphError } from "../../../lib/ir/GraphError.js";
import { readTflite } from "../../../lib/ir/tflite/readTflite.js";
import { writeTflite } from "../../../lib/ir/tflite/writeTflite.js";
import { THIRD_PARTY_MODELS } from "../../../lib/data/thirdPartyModels.js";
import { modelWithOpcode, UNSUPPORTED_OPERATOR } from "../../support/modelWithOpcode.js";
import { operatorCases } from "../../support/operatorCases.js";
import { operatorCoverageCases } from "../../support/operatorCoverageCases.js";
import { requireModel } from "../../support/thirdPartyModels.js";

/** Input and output shapes as published with each model (shared/models/README.md). */
const FACTS: Record<string, { input: number[]; output: number[] }> = {
  "kws_ref_model.tflite": { input: [1, 49, 10, 1], output: [1, 12] },
  "vww_96_int8.tflite": { input: [1, 96, 96, 3], output: [1, 2] },
  "pretrainedResnet_quant.tflite": { input: [1, 32, 32, 3], output: [1, 10] },
  "ad01_int8.tflite": { input: [1, 640], output: [1, 640] },
  "hello_world_int8.tflite": { input: [1, 1], output: [1, 1] },
  "micro_speech_quantized.tflite": { input: [1, 1960], output: [1, 4] },
  "person_detect.tflite": { input: [1, 96, 96, 1], output: [1, 2] },
};

describe("ir/tflite reader and writer", () => {
  for (const { name } of THIRD_PARTY_MODELS) {
    it(`reads ${name} and read -> write -> read gives the same graph`, function () {
      const bytes = new Uint8Array(readFileSync(requireModel(this, name)));
      const g = readTflite(bytes, name);
      const fact = FACTS[name];
      assert.deepEqual(g.tensors[g.inputs[0]].shape, fact.input);
      assert.deepEqual(g.tensors[g.outputs[0]].shape, fact.output);
      assert.equal(g.tensors[g.inputs[0]].dtype, "int8");
      const again = readTflite(writeTflite(g), name);
      assert.ok(isDeepStrictEqual({ ...again, description: "" }, { ...g, description: "" }), "the re-read graph differs");
      assert.deepEqual(writeTflite(again), writeTflite(g), "writing is deterministic");
    });
  }

  it("write -> read gives back every operator case of the TFLM oracle, options included (SQUEEZE's dims, LEAKY_RELU's alpha, fused activations)", () => {
    for (const c of [...operatorCases("round trip", -3, "tflm"), ...operatorCoverageCases("round trip")]) {
      const again = readTflite(writeTflite(c.graph), c.graph.name);
      assert.deepEqual(again.operators, c.graph.operators, c.label);
      assert.deepEqual(again.tensors.map((t) => t.shape), c.graph.tensors.map((t) => t.shape), c.label);
    }
  });

  it("names an unsupported operator with the model and operator index", () => {
    assert.throws(() => readTflite(modelWithOpcode(UNSUPPORTED_OPERATOR.code), "skip_gram.tflite"),
      (e: unknown) => e instanceof GraphError && e.kind === "unsupported" && new RegExp(`skip_gram\\.tflite: operator 0 is ${UNSUPPORTED_OPERATOR.name}, which TinyML\\.ts does not support`).test(e.message));
    assert.throws(() => readTflite(modelWithOpcode(150), "gelu.tflite"), /operator 0 is builtin operator 150/);
    // the hand-built model with a supported code (RELU) reads fine: the builder above is sound
    assert.equal(readTflite(modelWithOpcode(19), "relu.tflite").operators[0].kind, "RELU");
  });

  it("rejects short, foreign and truncated files with a format error", function () {
    const bytes = new Uint8Array(readFileSync(requireModel(this, "hello_world_int8.tflite")));
    const check = (b: Uint8Array, pattern: RegExp) =>
      assert.throws(() => readTflite(b, "m.tflite"), (e: unknown) => e instanceof GraphError && pattern.test(e.message));
    check(new Uint8Array(3), /too short/);
    check(new TextEncoder().encode("PK\u0003\u0004 this is a zip file"), /not a \.tflite file/);
    for (const cut of [16, 100, 1000, bytes.length - 100]) check(bytes.subarray(0, cut), /outside the file|truncated|corrupt|holds \d+ bytes/);
  });
});
