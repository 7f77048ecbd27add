import { parentPort } from "node:worker_threads";
import { tf, tfReady } from "./tf.js";
import type { PredictReply, PredictRequest } from "./predictParallel.js";

/*
 * One worker of predictParallel: its own tfjs wasm backend (with the project's kernels)
 * on its own core. It keeps the last model it was sent, keyed by its topology, and the
 * last weights; a request carries weights again whenever training has changed them.
 */

let cached: { key: string; model: tf.LayersModel } | null = null;

async function predict(m: PredictRequest): Promise<PredictReply & { data: Float32Array }> {
  await tfReady();
  if (cached === null || cached.key !== m.key) {
    if (m.topology === null) throw new Error("predictWorker: no topology for a model not seen before");
    cached?.model.dispose();
    const config = { modelTopology: JSON.parse(m.topology) as unknown } as Parameters<typeof tf.models.modelFromJSON>[0];
    cached = { key: m.key, model: await tf.models.modelFromJSON(config) };
  }
  const model = cached.model;
  if (m.weights !== null) {
    const weights = m.weights.map((w) => tf.tensor(w.data, w.shape, "float32"));
    model.setWeights(weights);
    tf.dispose(weights);
  }
  const out = tf.tidy(() => model.predict(tf.tensor(m.x.data, m.x.shape, "float32")) as tf.Tensor);
  const data = (await out.data()) as Float32Array;
  const reply = { id: m.id, shape: out.shape, data };
  out.dispose();
  return reply;
}

parentPort?.on("message", (m: PredictRequest) => {
  predict(m).then(
    (r) => parentPort?.postMessage(r, [r.data.buffer]),
    (e: unknown) => parentPort?.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
