import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { extract } from "tar";
import { closestNames } from "./closestNames.js";
import { convertSpeechCommands } from "./convertSpeechCommands.js";
import { convertVww, vwwPerClass } from "./convertVww.js";
import type { ConvertOptions, DatasetConverter } from "./datasetConverter.js";
import { dataCacheDir, ensureWritableCache } from "./dataCache.js";
import { DatasetError } from "./datasetManifest.js";
import { ALL_DATASET_NAMES, REMOTE_DATASETS, type RemoteDataset } from "./datasetRegistry.js";
import { downloadFile, type DownloadProgress } from "./downloadFile.js";
import { parseIdx } from "./parseIdx.js";
import { concatBytes, dataCard, writeDataset, type DatasetContents } from "./writeDataset.js";

export type FetchOptions = ConvertOptions & {
  /** Called per file with its name, then with bytes received and the total if known. */
  onProgress?: (file: string) => DownloadProgress;
  /** Cache folder; default dataCacheDir(). */
  cacheDir?: string;
};

const FASHION_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
const CIFAR_CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

function idxPair(raw: string, prefix: string): { x: Uint8Array; y: Uint8Array } {
  const img = parseIdx(gunzipSync(readFileSync(join(raw, `${prefix}-images-idx3-ubyte.gz`))), `${prefix} images`);
  const lab = parseIdx(gunzipSync(readFileSync(join(raw, `${prefix}-labels-idx1-ubyte.gz`))), `${prefix} labels`);
  if (img.dims.length !== 3 || img.dims[1] !== 28 || img.dims[2] !== 28 || lab.dims[0] !== img.dims[0]) {
    throw new DatasetError(`${prefix}: images ${img.dims.join("x")} and labels ${lab.dims.join("x")} do not pair up as 28x28 digits`);
  }
  return { x: img.data, y: lab.data };
}

function idxConverter(classes: string[]): DatasetConverter {
  return async (raw, dir, spec) => {
    const train = idxPair(raw, "train");
    const test = idxPair(raw, "t10k");
    const contents: DatasetContents = {
      name: spec.name,
      title: spec.title,
      classNames: classes,
      sampleShape: [28, 28, 1],
      storage: "uint8",
      scale: 1 / 255,
      splits: { train: { start: 0, count: train.y.length }, test: { start: train.y.length, count: test.y.length } },
      source: spec.files.map((f) => f.url).join(", "),
      licence: spec.licence,
      attribution: spec.title,
      howMade: "Downloaded by `tinyml data fetch`, checked against the publisher's checksums, IDX headers verified.",
    };
    writeDataset(dir, contents, concatBytes(train.x, test.x), concatBytes(train.y, test.y), dataCard(contents));
  };
}

/** CIFAR-10 binary: records of 1 label byte + 3072 bytes (1024 R, 1024 G, 1024 B, row-major 32x32). */
const cifarConverter: DatasetConverter = async (raw, dir, spec) => {
  const base = join(raw, "cifar-10-batches-bin");
  const files = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`).concat("test_batch.bin");
  const xs: Uint8Array[] = [];
  const ys: number[] = [];
  const counts: number[] = [];
  for (const f of files) {
    const path = join(base, f);
    if (!existsSync(path)) throw new DatasetError(`the CIFAR-10 archive has no ${f}: it is corrupt or not the binary version`);
    const b = readFileSync(path);
    if (b.length % 3073 !== 0) throw new DatasetError(`${f}: ${b.length} bytes is not a whole number of 3073-byte records`);
    const n = b.length / 3073;
    const x = new Uint8Array(n * 3072);
    for (let i = 0; i < n; i++) {
      const rec = b.subarray(i * 3073, (i + 1) * 3073);
      if (rec[0] > 9) throw new DatasetError(`${f}: record ${i} has label ${rec[0]}`);
      ys.push(rec[0]);
      // Planar CHW to interleaved HWC, the layout tfjs convolutions expect.
      for (let p = 0; p < 1024; p++) for (let c = 0; c < 3; c++) x[i * 3072 + p * 3 + c] = rec[1 + c * 1024 + p];
    }
    xs.push(x);
    counts.push(n);
  }
  const nTrain = counts.slice(0, 5).reduce((a, b) => a + b, 0);
  const contents: DatasetContents = {
    name: spec.name,
    title: spec.title,
    classNames: CIFAR_CLASSES,
    sampleShape: [32, 32, 3],
    storage: "uint8",
    scale: 1 / 255,
    splits: { train: { start: 0, count: nTrain }, test: { start: nTrain, count: counts[5] } },
    source: spec.files[0].url,
    licence: spec.licence,
    attribution: "A. Krizhevsky, Learning Multiple Layers of Features from Tiny Images, 2009",
    howMade: "Downloaded by `tinyml data fetch`, MD5-checked, records converted from planar CHW to HWC.",
  };
  writeDataset(dir, contents, xs.reduce(concatBytes), Uint8Array.from(ys), dataCard(contents));
};

const CONVERTERS: Record<string, DatasetConverter | undefined> = {
  mnist: idxConverter(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]),
  "fashion-mnist": idxConverter(FASHION_CLASSES),
  cifar10: cifarConverter,
  "speech-commands": convertSpeechCommands,
  vww: convertVww,
};

/**
 * Downloads, verifies, unpacks and converts a canonical dataset into the cache, so
 * loadDataset(name) then works offline. Reruns resume partial downloads and skip
 * finished ones. Returns the dataset's folder.
 */
export async function fetchDataset(name: string, opts: FetchOptions = {}, spec: RemoteDataset | undefined = REMOTE_DATASETS[name]): Promise<string> {
  if (spec === undefined) {
    const near = closestNames(name, Object.keys(REMOTE_DATASETS));
    const shipped = ALL_DATASET_NAMES.includes(name) ? ` ("${name}" ships with the course: no download needed)` : "";
    throw new DatasetError(`no downloadable dataset "${name}"${shipped}${near.length > 0 ? `; did you mean ${near.map((n) => `"${n}"`).join(" or ")}?` : ""} (downloadable: ${Object.keys(REMOTE_DATASETS).join(", ")})`);
  }
  // Checked before a download, not after it.
  if (opts.perClass !== undefined) {
    if (spec.name !== "vww") throw new DatasetError(`only vww keeps a sample per class; ${spec.name} is converted whole`);
    vwwPerClass(opts.perClass);
  }
  const cache = ensureWritableCache(opts.cacheDir ?? dataCacheDir());
  const dir = join(cache, spec.name);
  const raw = join(cache, "downloads", spec.name);
  mkdirSync(raw, { recursive: true });
  for (const f of spec.files) {
    const dest = join(raw, f.name);
    if (!existsSync(dest)) {
      try {
        await downloadFile(f, dest, opts.onProgress?.(f.name));
      } catch (e) {
        if (e instanceof DatasetError && /offline/.test(e.message)) throw new DatasetError(`${e.message}; use the shipped stand-in "${spec.standIn}"`);
        throw e;
      }
    }
    if (f.name.endsWith(".tar.gz")) {
      const marker = join(raw, `${f.name}.unpacked`);
      if (!existsSync(marker)) {
        rmSync(marker, { recursive: true, force: true });
        try {
          await extract({ file: dest, cwd: raw, strict: true });
        } catch (e) {
          throw new DatasetError(`${f.name} passed its checksum but does not unpack (${(e as Error).message})`);
        }
        mkdirSync(marker);
      }
    }
  }
  const convert = CONVERTERS[spec.name];
  if (convert === undefined) {
    throw new DatasetError(`${spec.name} is downloaded and verified in ${raw} (${readdirSync(raw).join(", ")}), but the course has no loader for it yet`);
  }
  await convert(raw, dir, spec, opts);
  return dir;
}
