import { strict as assert } from "node:assert";
import seedrandom from "seedrandom";
import { extractOperator } from "../../lib/ir/extractOperator.js";
import type { Graph, TensorData } from "../../lib/ir/Graph.js";
import { elementCount } from "../../lib/ir/Graph.js";
import { Interpreter } from "../../lib/ir/Interpreter.js";
import type { ArmNNJob } from "./armnn.js";
import { runArmNN } from "./armnn.js";

export function randomInt8(n: number, rng: seedrandom.PRNG): Int8Array {
  return Int8Array.from({ length: n }, () => Math.floor(rng() * 256) - 128);
}

/** Exact-match count and largest difference between two lists of outputs. */
export function compareOutputs(ours: TensorData[], theirs: TensorData[]): { exact: number; total: number; maxDiff: number } {
  let exact = 0, total = 0, maxDiff = 0;
  ours.forEach((o, s) => {
    for (let j = 0; j < o.length; j++) {
      const d = Math.abs(Number(o[j]) - Number(theirs[s][j]));
      if (d === 0) exact++;
      total++;
      maxDiff = Math.max(maxDiff, d);
    }
  });
  return { exact, total, maxDiff };
}

/**
 * The Arm NN oracle check for one int8 graph: `samples` seeded random int8
 * inputs (or the given ones) go through the interpreter; every operator is
 * then run alone in Arm NN CpuRef on the interpreter's own activations and
 * must agree within 1 LSB; the whole model is run too. Asserts, logs the
 * exact-match rates and returns them.
 */
export function assertAgreesWithArmNN(graph: Graph, opts: { samples?: number; seed?: string; inputs?: Int8Array[]; minExact?: number } = {}): { perOperator: number; endToEnd: number; top1: number } {
  const interpreter = new Interpreter(graph);
  const rng = seedrandom(opts.seed ?? `armnn ${graph.name}`);
  const input = graph.tensors[graph.inputs[0]];
  const inputs = opts.inputs ?? Array.from({ length: opts.samples ?? 50 }, () => randomInt8(elementCount(input.shape), rng));
  const traces = inputs.map((x) => interpreter.trace([x]));
  // Job 0 is the whole model as the writer writes it; then one job per operator.
  const jobs: ArmNNJob[] = [{ graph, inputs: [traces.map((t) => t[graph.inputs[0]])] }];
  graph.operators.forEach((op, k) => {
    const sub = extractOperator(graph, k);
    const activations = op.inputs.filter((i) => i >= 0 && graph.tensors[i].data === undefined);
    jobs.push({ graph: sub, inputs: activations.map((i) => traces.map((t) => t[i])) });
  });
  const results = runArmNN(jobs);
  let exact = 0, total = 0;
  const rows: string[] = [];
  graph.operators.forEach((op, k) => {
    const r = results[k + 1];
    assert.ok(r.ok, `Arm NN refused operator ${k} (${op.kind}) as written by the project's writer: ${r.ok ? "" : r.error}`);
    const c = compareOutputs(traces.map((t) => t[op.outputs[0]]), r.outputs);
    exact += c.exact;
    total += c.total;
    rows.push(`${k}:${op.kind} ${(100 * c.exact / c.total).toFixed(2)}%`);
    assert.ok(c.maxDiff <= 1, `operator ${k} (${op.kind}) differs from Arm NN by ${c.maxDiff} LSB`);
  });
  const whole = results[0];
  assert.ok(whole.ok, `Arm NN refused the model as rewritten by the project's writer: ${whole.ok ? "" : whole.error}`);
  const ours = traces.map((t) => t[graph.outputs[0]]);
  const e2e = compareOutputs(ours, whole.outputs);
  const argmax = (x: TensorData) => Array.from(x as Int8Array).reduce((best, v, i, a) => (v > a[best] ? i : best), 0);
  const agree = ours.filter((o, s) => argmax(o) === argmax(whole.outputs[s])).length;
  console.log(`      per operator: ${(100 * exact / total).toFixed(2)}% exact over ${total} values (${rows.join(", ")})`);
  console.log(`      end to end: ${(100 * e2e.exact / e2e.total).toFixed(2)}% exact, max ${e2e.maxDiff} LSB, top-1 agrees on ${agree}/${inputs.length}`);
  assert.ok(exact / total >= (opts.minExact ?? 0.97), `only ${(100 * exact / total).toFixed(2)}% of operator outputs match Arm NN exactly`);
  const classifier = graph.operators[graph.operators.length - 1].kind === "SOFTMAX";
  if (classifier) assert.ok(agree >= 0.9 * inputs.length, `top-1 agrees on only ${agree}/${inputs.length}`);
  return { perOperator: exact / total, endToEnd: e2e.exact / e2e.total, top1: agree / inputs.length };
}
