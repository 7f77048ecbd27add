import { existsSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../projectRoot.js";
import { closestNames } from "./closestNames.js";
import { dataCacheDir } from "./dataCache.js";
import { DatasetError, readManifest, readStoredFile, type DatasetManifest } from "./datasetManifest.js";
import { ALL_DATASET_NAMES, REMOTE_DATASETS, SHIPPED_DATASETS } from "./datasetRegistry.js";
import { seededPermutation } from "./seededPermutation.js";

export type LoadOptions = {
  /** A split named in the dataset's card: "train", "test", and "val" where there is one. Default "train". */
  split?: string;
  /** At most this many samples (after shuffling, when a seed is given). */
  limit?: number;
  /** Shuffle with this seed; without one, samples keep their stored order. */
  seed?: number;
};

export type Dataset = {
  /** Samples as float32, decoded (images in [0, 1], digits-8x8 in [0, 1], MFCCs as computed), shape [n, ...sampleShape]. */
  x: Float32Array;
  shape: number[];
  /** Class index of each sample, in [0, classNames.length). */
  labels: Int32Array;
  classNames: string[];
  /** The dataset's card: source, licence, how it was made, measured facts. */
  info: DatasetManifest;
};

/** The folder holding `name`'s manifest: datasets/NAME when shipped, the cache when fetched. */
export function datasetDir(name: string): string {
  if ((SHIPPED_DATASETS as readonly string[]).includes(name)) return join(projectRoot(), "datasets", name);
  const remote = REMOTE_DATASETS[name];
  if (remote === undefined) {
    const near = closestNames(name, ALL_DATASET_NAMES);
    throw new DatasetError(`unknown dataset "${name}"${near.length > 0 ? `; did you mean ${near.map((n) => `"${n}"`).join(" or ")}?` : ""} (known: ${ALL_DATASET_NAMES.join(", ")})`);
  }
  const dir = join(dataCacheDir(), name);
  if (!existsSync(join(dir, "manifest.json"))) {
    throw new DatasetError(
      `${name} is not downloaded (looked in ${dir}). Fetch it with \`npx tinyml data fetch ${name}\` (needs the network), or use the shipped stand-in "${remote.standIn}" offline`,
    );
  }
  return dir;
}

/**
 * Loads a dataset offline: a shipped one from datasets/, or a canonical one that
 * `tinyml data fetch` put in the cache. Files are checked against their SHA-256 first.
 */
export function loadDataset(name: string, opts: LoadOptions = {}): Dataset {
  return loadDatasetFrom(datasetDir(name), opts);
}

/** Loads the dataset whose manifest.json is in `dir` (see loadDataset). */
export function loadDatasetFrom(dir: string, opts: LoadOptions = {}): Dataset {
  const info = readManifest(dir);
  const name = info.name;
  const split = opts.split ?? "train";
  const range = info.splits[split];
  if (range === undefined) throw new DatasetError(`${name} has no split "${split}" (it has ${Object.keys(info.splits).join(", ")})`);
  if (opts.limit !== undefined && (!Number.isInteger(opts.limit) || opts.limit < 0)) throw new DatasetError(`limit must be a whole number >= 0, not ${opts.limit}`);
  const rawX = readStoredFile(dir, info.files.x);
  const rawY = readStoredFile(dir, info.files.y);
  const per = info.sampleShape.reduce((a, b) => a * b, 1);
  const width = info.storage === "int16" ? 2 : 1;
  const total = rawY.length;
  if (rawX.length !== total * per * width) {
    throw new DatasetError(`${name}: ${rawX.length} sample bytes do not make ${total} samples of ${per} ${info.storage} values`);
  }
  if (range.start + range.count > total) throw new DatasetError(`${name}: split ${split} runs past the ${total} stored samples`);
  let order = (opts.seed === undefined ? Array.from({ length: range.count }, (_, i) => i) : seededPermutation(range.count, opts.seed)).map((i) => range.start + i);
  if (opts.limit !== undefined) order = order.slice(0, opts.limit);
  // Int16Array needs an even byte offset; gunzip may hand back an odd slice of a pool.
  const even = rawX.byteOffset % 2 === 0 ? rawX : rawX.slice();
  const values = info.storage === "int16" ? new Int16Array(even.buffer, even.byteOffset, even.length / 2) : rawX;
  const x = new Float32Array(order.length * per);
  const labels = new Int32Array(order.length);
  order.forEach((s, i) => {
    for (let j = 0; j < per; j++) x[i * per + j] = values[s * per + j] * info.scale;
    labels[i] = rawY[s];
    if (rawY[s] >= info.classNames.length) throw new DatasetError(`${name}: sample ${s} has label ${rawY[s]}, past its ${info.classNames.length} classes`);
  });
  return { x, shape: [order.length, ...info.sampleShape], labels, classNames: info.classNames, info };
}
