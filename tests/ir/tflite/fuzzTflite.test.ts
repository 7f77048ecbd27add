import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import seedrandom from "seedrandom";
import { elementCount } from "../../../lib/ir/Graph.js";
import { GraphError } from "../../../lib/ir/GraphError.js";
import { Interpreter, allocate } from "../../../lib/ir/Interpreter.js";
import { readTflite } from "../../../lib/ir/tflite/readTflite.js";
import { writeTflite } from "../../../lib/ir/tflite/writeTflite.js";
import { coverageCalibrationGraphs } from "../../../lib/hwsim/calibration/calibrationModels.js";
import { THIRD_PARTY_MODELS } from "../../../lib/data/thirdPartyModels.js";
import { requireModel } from "../../support/thirdPartyModels.js";
import { int16x8Cases } from "../../support/int16x8Cases.js";
import { lstmCases } from "../../support/lstmCases.js";
import { operatorCoverageCases } from "../../support/operatorCoverageCases.js";

const MUTATIONS = 6000;

/** One seeded mutation: flip bits, overwrite bytes with random values, truncate, or splice in junk. */
function mutate(bytes: Uint8Array, rng: seedrandom.PRNG): Uint8Array {
  const out = bytes.slice();
  const kind = Math.floor(rng() * 4);
  // Most of a model is weights; aim half the mutations at the first 2 KiB, where the tables live.
  const pos = () => Math.floor((rng() < 0.5 ? Math.min(2048, out.length) : out.length) * rng());
  if (kind === 0) { for (let i = 0, n = 1 + Math.floor(rng() * 8); i < n; i++) { const p = pos(); out[p] ^= 1 << Math.floor(rng() * 8); } return out; }
  if (kind === 1) { for (let i = 0, n = 1 + Math.floor(rng() * 16); i < n; i++) out[pos()] = Math.floor(rng() * 256); return out; }
  if (kind === 2) return out.subarray(0, pos());
  const p = pos();
  const junk = Uint8Array.from({ length: 1 + Math.floor(rng() * 64) }, () => Math.floor(rng() * 256));
  const spliced = new Uint8Array(out.length + junk.length);
  spliced.set(out.subarray(0, p)); spliced.set(junk, p); spliced.set(out.subarray(p), p + junk.length);
  return spliced;
}

describe("ir/tflite fuzz: seeded mutations of the shared models and of the newer operators' graphs", function () {
  this.timeout(600_000);

  it(`${MUTATIONS} mutations either read, validate and run, or fail with a GraphError; nothing else escapes`, function () {
    // The chains exercise the options of SUB, MUL, LEAKY_RELU, SQUEEZE and friends, which no shared model has;
    // the single-operator cases every other option (SVDF's state, BATCH_MATMUL's adjoints, resize modes, ...)
    // the 16x8 scheme's int16 tensors and int64 biases, and the LSTM's 24 inputs and two states.
    const sources = [...THIRD_PARTY_MODELS.map((m) => ({ name: m.name, bytes: new Uint8Array(readFileSync(requireModel(this, m.name))) })),
      ...coverageCalibrationGraphs().map((g) => ({ name: g.name, bytes: writeTflite(g) })),
      ...[...operatorCoverageCases("fuzz"), ...int16x8Cases("fuzz"), ...lstmCases("fuzz")].map((c) => ({ name: c.label, bytes: writeTflite(c.graph) }))];
    const models = sources.map((m) => m.bytes);
    const rng = seedrandom("tflite-fuzz");
    const outcome = { ran: 0, format: 0, unsupported: 0, invalid: 0, input: 0 };
    for (let i = 0; i < MUTATIONS; i++) {
      const source = i % models.length;
      const bytes = mutate(models[source], rng);
      try {
        const g = readTflite(bytes, `mutant ${i}`);
        const interpreter = new Interpreter(g);
        // Running the big image models on every mutant would take minutes; run a sample.
        if (elementCount(g.tensors[g.inputs[0]]?.shape ?? []) <= 2000 || i % 10 === 0) {
          interpreter.run(g.inputs.map((t) => allocate(g.tensors[t].dtype, elementCount(g.tensors[t].shape))));
        }
        outcome.ran++;
      } catch (e) {
        if (!(e instanceof GraphError)) {
          assert.fail(`mutant ${i} of ${sources[source].name} threw ${(e as Error).name}: ${(e as Error).message}`);
        }
        outcome[e.kind]++;
      }
    }
    console.log(`      outcomes: ${JSON.stringify(outcome)}`);
    assert.ok(outcome.format > 100, "the mutations should break the format often");
    assert.ok(outcome.ran > 100, "many mutations only touch weights and should still run");
  });
});
