import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { dataCacheDir, ensureWritableCache } from "./dataCache.js";
import type { RemoteFile } from "./datasetRegistry.js";
import type { DownloadProgress } from "./downloadFile.js";
import { downloadFile } from "./downloadFile.js";
import { projectRoot } from "../projectRoot.js";

/** A published int8 .tflite model the course tests and benchmarks against (never committed). */
export interface ThirdPartyModel {
  /** File name, unique across sources. */
  name: string;
  /** Folder under shared/models and under the cache's models/ folder. */
  group: "mlperf-tiny" | "tflm";
  description: string;
  licence: string;
  file: RemoteFile;
}

const MLPERF = "https://raw.githubusercontent.com/mlcommons/tiny/master/benchmark/training/";
const TFLM = "https://raw.githubusercontent.com/tensorflow/tflite-micro/main/tensorflow/lite/micro/";

function model(group: ThirdPartyModel["group"], name: string, url: string, sha256: string, bytes: number, description: string): ThirdPartyModel {
  return { name, group, description, licence: "Apache-2.0", file: { url, name, sha256, bytes } };
}

/** The seven models of shared/models, with their public sources and the SHA-256 of the copies tested here. */
export const THIRD_PARTY_MODELS: readonly ThirdPartyModel[] = [
  model("mlperf-tiny", "kws_ref_model.tflite", `${MLPERF}keyword_spotting/trained_models/kws_ref_model.tflite`,
    "aeea436800704fce17b17292e4412630ad856e9d777c044c64ef748a880bd0ae", 53936, "MLPerf Tiny DS-CNN keyword spotting, 1x49x10x1 -> 12"),
  model("mlperf-tiny", "vww_96_int8.tflite", `${MLPERF}visual_wake_words/trained_models/vww_96_int8.tflite`,
    "597a384c8c2c8a1276f04702f25013b7838f2f814f1ca7c174d295b73e3d6b7b", 333288, "MLPerf Tiny MobileNetV1 0.25 visual wake words, 1x96x96x3 -> 2"),
  model("mlperf-tiny", "pretrainedResnet_quant.tflite", `${MLPERF}image_classification/trained_models/pretrainedResnet_quant.tflite`,
    "3c002613d1b2475eb51dd78dfb85a546c8ae658dee71cf6ade43b022fe205415", 98496, "MLPerf Tiny ResNet-8 CIFAR-10, 1x32x32x3 -> 10"),
  model("mlperf-tiny", "ad01_int8.tflite", `${MLPERF}anomaly_detection/trained_models/ad01_int8.tflite`,
    "87cf24194ef93d1d9b11a591d805526b98008e351655d29883c825c9c106ba24", 276976, "MLPerf Tiny FC autoencoder (ToyCar), 1x640 -> 640"),
  model("tflm", "hello_world_int8.tflite", `${TFLM}examples/hello_world/models/hello_world_int8.tflite`,
    "505ee4fae7fa46ab67bea4c08b4969eb3eb8b9114c50595ec4a29d9a27993202", 2704, "TFLM hello_world: 3-layer MLP approximating sin(x)"),
  model("tflm", "micro_speech_quantized.tflite", `${TFLM}examples/micro_speech/models/micro_speech_quantized.tflite`,
    "09e5e2a9dfb2d8ed78802bf18ce297bff54281a66ca18e0c23d69ca14f822a83", 18800, "TFLM micro_speech tiny conv KWS, 1x1960 -> 4"),
  model("tflm", "person_detect.tflite", `${TFLM}models/person_detect.tflite`,
    "808cfdfc0cf3a6fa6f6fa26bfa379ea97c16d5db7334637766e39c3408502e9d", 300568, "TFLM MobileNetV1 person detection, 1x96x96x1 -> 2"),
];

/** The cache folder `tinyml models fetch` fills: <TINYML_DATA>/models/<group>/<name>. */
export function modelCacheDir(): string {
  return join(dataCacheDir(), "models");
}

/**
 * Path of a third-party model: ../shared/models beside the checkout (where
 * CI has them), else the cache; null when neither has it.
 */
export function findThirdPartyModel(name: string): string | null {
  const m = THIRD_PARTY_MODELS.find((x) => x.name === name);
  if (m === undefined) throw new RangeError(`unknown model ${name}; known: ${THIRD_PARTY_MODELS.map((x) => x.name).join(", ")}`);
  for (const dir of [resolve(projectRoot(), "..", "shared", "models"), modelCacheDir()]) {
    const path = join(dir, m.group, m.name);
    if (existsSync(path)) return path;
  }
  return null;
}

/** The command that downloads the models, for skip messages and errors. */
export const FETCH_MODELS_COMMAND = "npx tinyml models fetch";

/**
 * Download every missing third-party model into the cache, verifying each
 * SHA-256 (a mismatch leaves nothing behind). Returns the paths.
 */
export async function fetchThirdPartyModels(onFile?: (name: string) => DownloadProgress | undefined): Promise<string[]> {
  const paths: string[] = [];
  for (const m of THIRD_PARTY_MODELS) {
    const have = findThirdPartyModel(m.name);
    if (have !== null) { paths.push(have); continue; }
    const dir = ensureWritableCache(join(modelCacheDir(), m.group));
    const dest = join(dir, m.name);
    await downloadFile(m.file, dest, onFile?.(m.name));
    paths.push(dest);
  }
  return paths;
}
