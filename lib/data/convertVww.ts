import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { decode } from "jpeg-js";
import type { DatasetConverter } from "./datasetConverter.js";
import { DatasetError } from "./datasetManifest.js";
import { reportConverted } from "./reportConverted.js";
import { seededPermutation } from "./seededPermutation.js";
import { dataCard, writeDataset, type DatasetContents } from "./writeDataset.js";

/** MLPerf Tiny's VWW reads the folders with Keras' flow_from_directory, which labels them alphabetically. */
const CLASSES = ["non_person", "person"];
const SIDE = 96;
const SEED = 2026;
/** 6,000 per class is 12,000 images, 332 MB as uint8 and 1.3 GB as the loader's float32. */
export const VWW_DEFAULT_PER_CLASS = 6000;
/** The loader holds a dataset in memory; past this it would not fit a laptop. */
export const VWW_MAX_PER_CLASS = 30000;
/** Of each class's images, this share goes to val and the same to test (500 of 6,000). */
const HELD_OUT = 1 / 12;

/** opts.perClass, or the default, checked: throws a DatasetError outside 3..VWW_MAX_PER_CLASS. */
export function vwwPerClass(perClass: number | undefined): number {
  const n = perClass ?? VWW_DEFAULT_PER_CLASS;
  if (!Number.isInteger(n) || n < 3 || n > VWW_MAX_PER_CLASS) {
    throw new DatasetError(`images per class must be a whole number from 3 to ${VWW_MAX_PER_CLASS}, not ${n}`);
  }
  return n;
}

function imageFolder(raw: string): string {
  for (const dir of [join(raw, "vw_coco2014_96"), raw]) {
    if (CLASSES.every((c) => existsSync(join(dir, c)))) return dir;
  }
  throw new DatasetError(`the Visual Wake Words archive has no ${CLASSES.join("/ and ")}/ folders: it is corrupt or not vw_coco2014_96`);
}

/** One image as 96 x 96 x 3 uint8 RGB; grayscale JPEGs come back as three equal channels. */
function readImage(path: string, rel: string): Uint8Array {
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = decode(readFileSync(path), { useTArray: true, formatAsRGBA: false, tolerantDecoding: false });
  } catch (e) {
    throw new DatasetError(`Visual Wake Words: ${rel} is not a readable JPEG (${(e as Error).message}); the archive is corrupt: delete it from the downloads folder and fetch again`);
  }
  if (img.width !== SIDE || img.height !== SIDE) throw new DatasetError(`Visual Wake Words: ${rel} is ${img.width}x${img.height}, not ${SIDE}x${SIDE}`);
  return img.data;
}

/**
 * MLPerf Tiny's Visual Wake Words (COCO 2014 crops, 96 x 96 RGB, person / no person) as
 * uint8 HWC samples, labels 0 = non_person, 1 = person.
 * - The full set (about 115k images) is 3 GB as uint8 and four times that as float32,
 *   too much to load on a laptop, so each class keeps a seeded sample of
 *   opts.perClass images (default 6,000; the rest stay in the downloads folder).
 * - Each class's sample is split 10/12 train, 1/12 val, 1/12 test; MLPerf Tiny holds
 *   out 10% for validation and publishes no separate test split.
 */
export const convertVww: DatasetConverter = async (raw, dir, spec, opts) => {
  const perClass = vwwPerClass(opts.perClass);
  const base = imageFolder(raw);
  const chosen = CLASSES.map((c, label) => {
    const files = readdirSync(join(base, c)).filter((f) => /\.jpe?g$/i.test(f)).sort();
    if (files.length < 3) throw new DatasetError(`Visual Wake Words: ${c}/ holds ${files.length} JPEGs; the archive is incomplete`);
    // A seeded order: its first perClass files are kept, and its first positions held out.
    const take = seededPermutation(files.length, SEED + label).slice(0, Math.min(perClass, files.length));
    const held = Math.max(1, Math.round(take.length * HELD_OUT));
    const pick = (from: number, to: number) => take.slice(from, to).map((i) => ({ label, rel: `${c}/${files[i]}` }));
    return { available: files.length, train: pick(2 * held, take.length), val: pick(0, held), test: pick(held, 2 * held) };
  });
  const all = (["train", "val", "test"] as const).flatMap((s) => chosen.flatMap((c) => c[s]));
  const per = SIDE * SIDE * 3;
  const x = new Uint8Array(all.length * per);
  for (const [i, s] of all.entries()) {
    x.set(readImage(join(base, s.rel), s.rel), i * per);
    await reportConverted(i + 1, all.length, opts);
  }
  const count = (s: "train" | "val" | "test") => chosen.reduce((a, c) => a + c[s].length, 0);
  const contents: DatasetContents = {
    name: spec.name,
    title: spec.title,
    classNames: CLASSES,
    sampleShape: [SIDE, SIDE, 3],
    storage: "uint8",
    scale: 1 / 255,
    splits: { train: { start: 0, count: count("train") }, val: { start: count("train"), count: count("val") }, test: { start: count("train") + count("val"), count: count("test") } },
    source: spec.files.map((f) => f.url).join(", "),
    licence: spec.licence,
    attribution: "A. Chowdhery et al., Visual Wake Words Dataset, arXiv:1906.05721, 2019; MLPerf Tiny's 96x96 crops; images from COCO 2014",
    howMade: [
      "Downloaded by `tinyml data fetch vww`, SHA-256-checked and converted by lib/data/convertVww.ts (JPEGs decoded with jpeg-js).",
      `Each class keeps a seeded sample of up to ${perClass} images (\`--per-class N\` changes it, up to ${VWW_MAX_PER_CLASS}): the whole set does not fit in memory as float32.`,
      "Each class's sample is split 10/12 train, 1/12 val, 1/12 test. Labels: 0 non_person, 1 person, the order of MLPerf Tiny's flow_from_directory.",
    ].join(" "),
    measured: Object.fromEntries(CLASSES.map((c, l) => [`${c} images`, `${chosen[l].available} in the archive, ${chosen[l].train.length + chosen[l].val.length + chosen[l].test.length} kept`])),
  };
  writeDataset(dir, contents, x, Uint8Array.from(all, (s) => s.label), dataCard(contents));
};
