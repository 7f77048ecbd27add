import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatNpy, parseNpy } from "../../lib/data/npyFile.js";
import type { Graph, TensorData } from "../../lib/ir/Graph.js";
import { writeTflite } from "../../lib/ir/tflite/writeTflite.js";
import { ROOT } from "./runCli.js";

/** One model for Arm NN: its graph, and per graph input the N samples. */
export interface ArmNNJob {
  graph: Graph;
  /** inputs[k][s]: sample s of graph input k. */
  inputs: TensorData[][];
}

/** Arm NN's first output per sample, or the reason it refused the model. */
export type ArmNNResult = { ok: true; outputs: TensorData[] } | { ok: false; error: string };

/**
 * Write each graph with the project's .tflite writer and run it on Arm NN's
 * CpuRef backend (tests/ir/armnnOracle.py under Debian's python3), all in one
 * Python process.
 */
export function runArmNN(jobs: ArmNNJob[]): ArmNNResult[] {
  const dir = mkdtempSync(join(tmpdir(), "tinyml-armnn-"));
  const spec = jobs.map((job, j) => {
    const model = join(dir, `m${j}.tflite`);
    writeFileSync(model, writeTflite(job.graph));
    const inputs = job.inputs.map((samples, k) => {
      const t = job.graph.tensors[job.graph.inputs[k]];
      const n = samples[0].length;
      const all = new (samples[0].constructor as new (n: number) => Int8Array)(n * samples.length);
      samples.forEach((s, i) => all.set(s as Int8Array, i * n));
      const path = join(dir, `m${j}_in${k}.npy`);
      writeFileSync(path, formatNpy({ dtype: t.dtype, shape: [samples.length, ...t.shape], data: all }));
      return path;
    });
    return { model, inputs, output: join(dir, `m${j}_out.npy`) };
  });
  writeFileSync(join(dir, "jobs.json"), JSON.stringify(spec));
  const r = spawnSync("/usr/bin/python3", [join(ROOT, "tests", "ir", "armnnOracle.py"), join(dir, "jobs.json")], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`armnnOracle.py failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const lines = r.stdout.trim().split("\n").filter((l) => l.startsWith("{"));
  return spec.map((s, j): ArmNNResult => {
    const line = JSON.parse(lines[j] ?? '{"ok":false,"error":"no result"}') as { ok: boolean; error?: string };
    if (!line.ok) return { ok: false, error: line.error ?? "" };
    const out = parseNpy(new Uint8Array(readFileSync(s.output)));
    const m = out.data.length / out.shape[0];
    return { ok: true, outputs: Array.from({ length: out.shape[0] }, (_, i) => out.data.slice(i * m, (i + 1) * m)) };
  });
}
