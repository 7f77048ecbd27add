import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { tf } from "./tf.js";

const MODEL_JSON = "model.json";
const WEIGHTS_BIN = "weights.bin";

function concat(data: ArrayBuffer | ArrayBuffer[] | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const parts = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out;
}

/**
 * Saves a Layers model to `dir` as model.json + weights.bin, the layout tfjs's
 * `file://` handler writes, without tfjs-node. The folder is written beside and
 * renamed into place, so an interrupted save never leaves half a model.
 */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const tmp = `${dir}.saving-${process.pid}`;
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp, { recursive: true });
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? "layers-model",
        generatedBy: artifacts.generatedBy,
        convertedBy: "TinyML.ts",
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
      };
      writeFileSync(join(tmp, MODEL_JSON), JSON.stringify(json));
      writeFileSync(join(tmp, WEIGHTS_BIN), concat(artifacts.weightData as ArrayBuffer | ArrayBuffer[] | undefined));
      rmSync(dir, { recursive: true, force: true });
      renameSync(tmp, dir);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
}

/** Loads a model saved by `saveModel` (or by tfjs's `file://` handler with one weights file). */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const jsonPath = join(dir, MODEL_JSON);
  if (!existsSync(jsonPath)) throw new Error(`${dir}: no ${MODEL_JSON}; not a saved model folder`);
  const json = JSON.parse(readFileSync(jsonPath, "utf8")) as {
    modelTopology: tf.io.ModelArtifacts["modelTopology"];
    weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  };
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const bytes = concat(
    json.weightsManifest.flatMap((g) => g.paths.map((p) => {
      const b = readFileSync(join(dir, p));
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    })),
  );
  const expected = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * (s.dtype === "int32" || s.dtype === "float32" ? 4 : 1), 0);
  if (bytes.byteLength !== expected) {
    throw new Error(`${dir}: weights are ${bytes.byteLength} bytes but model.json describes ${expected}; the files do not belong together or are truncated`);
  }
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: bytes.buffer as ArrayBuffer }));
}
