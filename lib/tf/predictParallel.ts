import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { projectRoot } from "../projectRoot.js";
import { tf } from "./tf.js";

/** A request to predictWorker: one slice of the batch, the model's weights in model.weights order. */
export interface PredictRequest {
  id: number;
  /** Identifies the topology; the worker rebuilds its model only when this changes. */
  key: string;
  /** model.toJSON() as a string, or null when the worker already holds this key. */
  topology: string | null;
  /** null: the weights of the worker's last request still hold. */
  weights: { shape: number[]; data: Float32Array }[] | null;
  x: { shape: number[]; data: Float32Array };
}

export type PredictReply = { id: number; shape: number[]; data: Float32Array } | { id: number; error: string };

interface PoolWorker {
  worker: Worker;
  key: string | null;
  /** The weight tensors' data ids the worker last received (training replaces them). */
  weightIds: object[];
  pending: Map<number, (r: PredictReply) => void>;
}

let pool: PoolWorker[] | null = null;
let nextId = 0;
/** Models the workers could not rebuild (custom layers, say): predicted on this thread. */
const refused = new WeakSet<tf.LayersModel>();
const keys = new WeakMap<tf.LayersModel, { key: string; topology: string }>();

function startPool(): PoolWorker[] {
  const count = Math.max(0, availableParallelism() - 1);
  // The worker is TypeScript: a bootstrap loads it through tsx's ESM API, found from the
  // project (`--import tsx` in a worker's execArgv registers too late, and the API's
  // CommonJS build cannot import TypeScript).
  const manifest = createRequire(join(projectRoot(), "package.json")).resolve("tsx/package.json");
  const exportsMap = (JSON.parse(readFileSync(manifest, "utf8")) as { exports: Record<string, { import: { default: string } }> }).exports;
  const api = pathToFileURL(join(dirname(manifest), exportsMap["./esm/api"].import.default)).href;
  const file = pathToFileURL(join(projectRoot(), "lib", "tf", "predictWorker.ts")).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(file)}, ${JSON.stringify(file)})).catch((e) => { console.error(e); process.exit(1); });`;
  return Array.from({ length: count }, () => {
    const w: PoolWorker = { worker: new Worker(boot, { eval: true }), key: null, weightIds: [], pending: new Map() };
    w.worker.on("message", (r: PredictReply) => {
      w.pending.get(r.id)?.(r);
      w.pending.delete(r.id);
      if (w.pending.size === 0) w.worker.unref();
    });
    const fail = (error: string) => {
      for (const done of w.pending.values()) done({ id: -1, error });
      w.pending.clear();
    };
    w.worker.on("error", (e) => fail(e.message));
    w.worker.on("exit", (code) => {
      fail(`the worker exited with code ${code}`);
      // A dead worker would swallow the next request: start afresh next call.
      if (pool?.includes(w)) pool = null;
    });
    // An idle worker must not keep a script from exiting; a busy one must.
    w.worker.unref();
    return w;
  });
}

/** Stops predictParallel's workers (they also stop with the process). */
export async function stopPredictWorkers(): Promise<void> {
  const p = pool;
  pool = null;
  if (p !== null) await Promise.all(p.map((w) => w.worker.terminate()));
}

function topologyOf(model: tf.LayersModel): { key: string; topology: string } {
  let k = keys.get(model);
  if (k === undefined) {
    const topology = JSON.stringify(model.toJSON(null, false));
    k = { key: `${model.name}#${nextId++}`, topology };
    keys.set(model, k);
  }
  return k;
}

/**
 * model.predict(x) with the batch split across this thread and one worker thread per
 * other core, each with its own wasm backend: inference on every core, where a tfjs
 * wasm backend uses one. Each slice goes through the same kernels as model.predict, and
 * no sample's result depends on the others in inference, so the output equals
 * model.predict's bit for bit (tested).
 *
 * x: float32 [batch, ...input]; returns the model's output [batch, ...], float32.
 * Falls back to model.predict on this thread for small batches, a model with several
 * inputs or outputs, a backend other than wasm, or a model the workers cannot rebuild
 * from its JSON (custom layers). A worker gets the weights again whenever a weight
 * tensor has changed since its last call, so training between calls is seen.
 */
export async function predictParallel(model: tf.LayersModel, x: tf.Tensor): Promise<tf.Tensor> {
  const single = () => tf.tidy(() => model.predict(x) as tf.Tensor);
  const batch = x.shape[0] ?? 0;
  if (tf.getBackend() !== "wasm" || model.inputs.length !== 1 || model.outputs.length !== 1 || x.dtype !== "float32" || refused.has(model)) return single();
  pool ??= startPool();
  const parts = pool.length + 1;
  if (pool.length === 0 || batch < 2 * parts) return single();
  const { key, topology } = topologyOf(model);
  const current = model.weights.map((w) => w.read());
  const ids = current.map((t) => t.dataId);
  let weights: PredictRequest["weights"] = null;
  const stale = (w: PoolWorker) => w.key !== key || w.weightIds.length !== ids.length || w.weightIds.some((d, i) => d !== ids[i]);
  if (pool.some(stale)) weights = current.map((t) => ({ shape: t.shape, data: t.dataSync() as Float32Array }));
  const xs = x.dataSync() as Float32Array;
  const per = Math.ceil(batch / parts);
  const rowSize = xs.length / batch;
  // Workers take the slices after the first; this thread computes the first meanwhile.
  const replies = pool.map((w, i) => {
    const start = (i + 1) * per;
    const rows = Math.max(0, Math.min(batch, start + per) - start);
    if (rows === 0) return Promise.resolve(null);
    const id = nextId++;
    const request: PredictRequest = {
      id,
      key,
      topology: w.key === key ? null : topology,
      weights: stale(w) ? weights : null,
      x: { shape: [rows, ...x.shape.slice(1)], data: xs.slice(start * rowSize, (start + rows) * rowSize) },
    };
    w.key = key;
    w.weightIds = ids;
    return new Promise<PredictReply>((resolve) => {
      w.pending.set(id, resolve);
      w.worker.ref();
      w.worker.postMessage(request, [request.x.data.buffer]);
    });
  });
  const first = tf.tidy(() => model.predict(x.slice(0, Math.min(per, batch))) as tf.Tensor);
  const rest = await Promise.all(replies);
  const failed = rest.find((r): r is { id: number; error: string } => r !== null && "error" in r);
  if (failed !== undefined) {
    first.dispose();
    for (const w of pool) [w.key, w.weightIds] = [null, []];
    refused.add(model);
    return single();
  }
  const pieces = [first, ...rest.flatMap((r) => (r === null || "error" in r ? [] : [tf.tensor(r.data, r.shape, "float32")]))];
  const out = tf.concat(pieces, 0);
  tf.dispose(pieces);
  return out;
}
