import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { DatasetError } from "../../lib/data/datasetManifest.js";
import { parseIdx } from "../../lib/data/parseIdx.js";
import { concatBytes, type DatasetContents } from "../../lib/data/writeDataset.js";
import { seededPermutation } from "../../lib/data/seededPermutation.js";

/** scikit-learn's copy of the UCI optdigits test set, in Debian's python3-sklearn. */
export const DIGITS_CSV = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";
/** Debian's dataset-fashion-mnist. */
export const FASHION_DIR = "/usr/share/datasets/fashion-mnist";

export type Built = { contents: DatasetContents; x: Uint8Array; y: Uint8Array };

/** The first `perClass` indices of each class in a seeded shuffle, in shuffled order. */
function balanced(labels: ArrayLike<number>, classes: number, perClass: number, seed: number): number[] {
  const taken = new Array<number>(classes).fill(0);
  const out: number[] = [];
  for (const i of seededPermutation(labels.length, seed)) {
    if (taken[labels[i]] < perClass) {
      taken[labels[i]]++;
      out.push(i);
    }
  }
  if (taken.some((t) => t < perClass)) throw new DatasetError(`a class has fewer than ${perClass} samples`);
  return out;
}

function gather(data: Uint8Array, labels: ArrayLike<number>, per: number, idx: number[]): { x: Uint8Array; y: Uint8Array } {
  const x = new Uint8Array(idx.length * per);
  const y = new Uint8Array(idx.length);
  idx.forEach((s, i) => {
    x.set(data.subarray(s * per, (s + 1) * per), i * per);
    y[i] = labels[s];
  });
  return { x, y };
}

export function buildDigits(): Built {
  const rows = gunzipSync(readFileSync(DIGITS_CSV)).toString("utf8").trim().split("\n");
  const n = rows.length;
  const data = new Uint8Array(n * 64);
  const labels = new Uint8Array(n);
  rows.forEach((r, i) => {
    const v = r.split(",").map(Number);
    if (v.length !== 65 || v.some((a) => !Number.isInteger(a) || a < 0 || a > 16)) throw new DatasetError(`${DIGITS_CSV}: row ${i + 1} is not 64 pixels in 0-16 and a label`);
    data.set(v.slice(0, 64), i * 64);
    labels[i] = v[64];
  });
  const order = seededPermutation(n, 1);
  const nTest = 360;
  const train = gather(data, labels, 64, order.slice(nTest));
  const test = gather(data, labels, 64, order.slice(0, nTest));
  return {
    contents: {
      name: "digits-8x8",
      title: "Handwritten digits, 8x8 (UCI optdigits, scikit-learn's copy)",
      classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
      sampleShape: [8, 8, 1],
      storage: "uint8",
      scale: 1 / 16,
      splits: { train: { start: 0, count: n - nTest }, test: { start: n - nTest, count: nTest } },
      source: `scikit-learn's digits.csv.gz (Debian python3-sklearn, ${DIGITS_CSV}): the test part of the UCI Optical Recognition of Handwritten Digits set (Alpaydin and Kaynak, 1998)`,
      licence: "CC BY 4.0 (UCI Machine Learning Repository)",
      attribution: "E. Alpaydin and C. Kaynak, UCI Machine Learning Repository; packaged by scikit-learn",
      howMade: `All ${n} samples (counts of set pixels in 4x4 blocks of 32x32 bitmaps, 0-16). A seeded shuffle (Alea, seed 1) puts ${nTest} in test and the rest in train. Made by datasets/scripts/makeImageSubsets.ts.`,
    },
    x: concatBytes(train.x, test.x),
    y: concatBytes(train.y, test.y),
  };
}

function readFashion(prefix: "train" | "t10k"): { images: Uint8Array; labels: Uint8Array } {
  const img = parseIdx(gunzipSync(readFileSync(join(FASHION_DIR, `${prefix}-images-idx3-ubyte.gz`))), `${prefix} images`);
  const lab = parseIdx(gunzipSync(readFileSync(join(FASHION_DIR, `${prefix}-labels-idx1-ubyte.gz`))), `${prefix} labels`);
  const n = prefix === "train" ? 60000 : 10000;
  // Debian recompressed the .gz files, so their checksums differ from upstream's;
  // check what they decompress to instead.
  if (img.dims.join() !== `${n},28,28` || lab.dims.join() !== `${n}`) throw new DatasetError(`${FASHION_DIR}/${prefix}: unexpected shapes ${img.dims} / ${lab.dims}`);
  if (lab.data.some((l) => l > 9)) throw new DatasetError(`${FASHION_DIR}/${prefix}: a label is past 9`);
  return { images: img.data, labels: lab.data };
}

export function buildFashionSubset(): Built {
  const tr = readFashion("train");
  const te = readFashion("t10k");
  const train = gather(tr.images, tr.labels, 784, balanced(tr.labels, 10, 600, 2));
  const test = gather(te.images, te.labels, 784, balanced(te.labels, 10, 100, 3));
  return {
    contents: {
      name: "fashion-mnist-subset",
      title: "Fashion-MNIST, class-balanced subset (6000 train, 1000 test)",
      classNames: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
      sampleShape: [28, 28, 1],
      storage: "uint8",
      scale: 1 / 255,
      splits: { train: { start: 0, count: 6000 }, test: { start: 6000, count: 1000 } },
      source: `Debian's dataset-fashion-mnist (${FASHION_DIR}), the official 60k/10k release`,
      licence: "MIT",
      attribution: "H. Xiao, K. Rasul and R. Vollgraf, Zalando Research (2017)",
      howMade:
        "600 images per class from the official training set and 100 per class from the official test set, picked by seeded shuffles (Alea, seeds 2 and 3). The decompressed IDX files were checked for shape (60000x28x28, 10000x28x28) and label range before use, because Debian recompressed the .gz files. Made by datasets/scripts/makeImageSubsets.ts; `npx tinyml data fetch fashion-mnist` gets the full set.",
    },
    x: concatBytes(train.x, test.x),
    y: concatBytes(train.y, test.y),
  };
}

export function buildMnistSubset(): Built {
  const dir = join(dirname(createRequire(import.meta.url).resolve("mnist/package.json")), "src", "digits");
  const chunks: Uint8Array[] = [];
  const labels: number[] = [];
  for (let d = 0; d < 10; d++) {
    const values = (JSON.parse(readFileSync(join(dir, `${d}.json`), "utf8")) as { data: number[] }).data;
    // The package stores pixel / 255 rounded to three decimals; 1/255 > 0.001, so
    // rounding back recovers every byte exactly.
    chunks.push(Uint8Array.from(values, (v) => Math.round(v * 255)));
    for (let i = 0; i < values.length / 784; i++) labels.push(d);
  }
  const data = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    data.set(c, off);
    off += c.length;
  }
  const picked = balanced(labels, 10, 600, 4);
  const seen = new Array<number>(10).fill(0);
  const isTrain = picked.map((s) => seen[labels[s]]++ < 500);
  const train = gather(data, labels, 784, picked.filter((_, i) => isTrain[i]));
  const test = gather(data, labels, 784, picked.filter((_, i) => !isTrain[i]));
  return {
    contents: {
      name: "mnist-subset",
      title: "MNIST subset (5000 train, 1000 test), all from MNIST's training set",
      classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
      sampleShape: [28, 28, 1],
      storage: "uint8",
      scale: 1 / 255,
      splits: { train: { start: 0, count: 5000 }, test: { start: 5000, count: 1000 } },
      source: "npm package mnist 1.1.0 (10,000 digits, all drawn from MNIST's 60k training set)",
      licence: "CC BY-SA 3.0",
      attribution: "Y. LeCun, C. Cortes and C. J. C. Burges (MNIST); npm mnist by Cazala",
      howMade:
        "600 digits per class picked by a seeded shuffle (Alea, seed 4) of the package's 10,000; each class's first 500 picked are train, its other 100 test. Both splits come from MNIST's training set, so this test split is not MNIST's official test set: use `npx tinyml data fetch mnist` for that. Pixels were stored by the package as value/255 to three decimals and rounded back to bytes. Made by datasets/scripts/makeImageSubsets.ts.",
    },
    x: concatBytes(train.x, test.x),
    y: concatBytes(train.y, test.y),
  };
}
