import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { KwsFrontEnd } from "../dsp/KwsFrontEnd.js";
import { decodeWav } from "../dsp/wavFile.js";
import { makeRng } from "../tf/seedEverything.js";
import type { DatasetConverter } from "./datasetConverter.js";
import { DatasetError } from "./datasetManifest.js";
import { KWS_CLASSES, KWS_KEYWORDS } from "./kwsClasses.js";
import { quantizeInt16 } from "./quantizeInt16.js";
import { reportConverted } from "./reportConverted.js";
import { seededPermutation } from "./seededPermutation.js";
import { dataCard, writeDataset, type DatasetContents } from "./writeDataset.js";

/** The same storage as the shipped synthetic-keywords, so the two are interchangeable. */
const SCALE = 1 / 64;
// TensorFlow's speech_commands example (input_data.py): RANDOM_SEED = 59185, and
// --silence_percentage / --unknown_percentage default to 10% of each split's keyword clips.
const SEED = 59185;
const SILENCE_SHARE = 0.1;
const UNKNOWN_SHARE = 0.1;
const NOISE_DIR = "_background_noise_";
const SPLITS = ["train", "val", "test"] as const;
type Split = (typeof SPLITS)[number];

/** One clip to compute: a file (keyword or unknown word), or a crop of background noise (silence). */
type Clip = { label: number; file: string } | { label: number; noise: number; offset: number; volume: number };

function readList(root: string, name: string): Set<string> {
  const path = join(root, name);
  if (!existsSync(path)) throw new DatasetError(`the Speech Commands archive has no ${name}: it is corrupt or not version 0.02`);
  return new Set(readFileSync(path, "utf8").split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== ""));
}

function readClip(root: string, rel: string): Float32Array {
  let audio: { samples: Float32Array; sampleRate: number };
  try {
    audio = decodeWav(readFileSync(join(root, rel)), rel);
  } catch (e) {
    throw new DatasetError(`Speech Commands: ${(e as Error).message}; the archive is corrupt: delete it from the downloads folder and fetch again`);
  }
  if (audio.sampleRate !== 16000) throw new DatasetError(`Speech Commands: ${rel} is sampled at ${audio.sampleRate} Hz, not 16000`);
  return audio.samples;
}

/**
 * Speech Commands v0.02 as the keyword-spotting benchmark uses it: the 12 classes of
 * KWS_CLASSES, each clip as the 49 x 10 MFCCs of lib/dsp/KwsFrontEnd stored as int16
 * (x 1/64), exactly like synthetic-keywords, so code and models move between them.
 * - Splits follow the archive's validation_list.txt and testing_list.txt; the rest is train.
 * - Per split, _unknown_ is a seeded sample of the other 25 words and _silence_ is
 *   seeded 1 s crops of _background_noise_ at a uniform random volume in [0, 1), each
 *   10% of the split's keyword clips, as in TensorFlow's speech_commands example.
 * - Clips shorter than 1 s are zero-padded at the end by the front end.
 */
export const convertSpeechCommands: DatasetConverter = async (raw, dir, spec, opts) => {
  const validation = readList(raw, "validation_list.txt");
  const testing = readList(raw, "testing_list.txt");
  const words = readdirSync(raw)
    .filter((w) => !w.startsWith("_") && statSync(join(raw, w)).isDirectory())
    .sort();
  const missing = KWS_KEYWORDS.filter((k) => !words.includes(k));
  if (missing.length > 0) throw new DatasetError(`the Speech Commands archive has no folder for ${missing.join(", ")}: it is corrupt or not version 0.02`);
  const noiseDir = join(raw, NOISE_DIR);
  const noiseFiles = existsSync(noiseDir) ? readdirSync(noiseDir).filter((f) => f.endsWith(".wav")).sort() : [];
  if (noiseFiles.length === 0) throw new DatasetError(`the Speech Commands archive has no ${NOISE_DIR}/*.wav to make _silence_ from`);
  const noise = noiseFiles.map((f) => readClip(raw, `${NOISE_DIR}/${f}`));
  const fe = new KwsFrontEnd();
  const clipLength = fe.config.clipSamples;
  const short = noiseFiles.filter((_, i) => noise[i].length < clipLength);
  if (short.length > 0) throw new DatasetError(`Speech Commands: background noise ${short.join(", ")} is shorter than one clip`);

  const known: Record<Split, Clip[]> = { train: [], val: [], test: [] };
  const unknown: Record<Split, string[]> = { train: [], val: [], test: [] };
  for (const w of words) {
    const label = KWS_KEYWORDS.indexOf(w);
    for (const f of readdirSync(join(raw, w)).filter((n) => n.endsWith(".wav")).sort()) {
      const rel = `${w}/${f}`;
      const split: Split = validation.has(rel) ? "val" : testing.has(rel) ? "test" : "train";
      if (label >= 0) known[split].push({ label, file: rel });
      else unknown[split].push(rel);
    }
  }
  const rng = makeRng(SEED);
  const unknownLabel = KWS_CLASSES.indexOf("_unknown_");
  const silenceLabel = KWS_CLASSES.indexOf("_silence_");
  const clips: Record<Split, Clip[]> = { train: [], val: [], test: [] };
  for (const [s, split] of SPLITS.entries()) {
    const n = known[split].length;
    if (n === 0) throw new DatasetError(`Speech Commands: no keyword clip falls in the ${split} split; the lists do not match the archive`);
    const nUnknown = Math.min(unknown[split].length, Math.ceil(n * UNKNOWN_SHARE));
    const picked = seededPermutation(unknown[split].length, SEED + s).slice(0, nUnknown).sort((a, b) => a - b);
    const silence = Array.from({ length: Math.ceil(n * SILENCE_SHARE) }, (): Clip => {
      const k = Math.floor(rng() * noise.length);
      return { label: silenceLabel, noise: k, offset: Math.floor(rng() * (noise[k].length - clipLength + 1)), volume: rng() };
    });
    clips[split] = [...known[split], ...picked.map((i): Clip => ({ label: unknownLabel, file: unknown[split][i] })), ...silence];
  }

  const all = SPLITS.flatMap((s) => clips[s]);
  const per = fe.frames * fe.config.mfccCoefficients;
  const x = new Int16Array(all.length * per);
  for (const [i, c] of all.entries()) {
    let audio: Float32Array;
    if ("file" in c) audio = readClip(raw, c.file);
    else audio = noise[c.noise].slice(c.offset, c.offset + clipLength).map((v) => v * c.volume);
    quantizeInt16(fe.mfcc(audio), SCALE, x, i * per, "file" in c ? c.file : `${NOISE_DIR}/${noiseFiles[c.noise]} at ${c.offset}`);
    await reportConverted(i + 1, all.length, opts);
  }
  const counts = (s: Split) => KWS_CLASSES.map((name, l) => `${name} ${clips[s].filter((c) => c.label === l).length}`).join(", ");
  const nTrain = clips.train.length;
  const nVal = clips.val.length;
  const contents: DatasetContents = {
    name: spec.name,
    title: spec.title,
    classNames: [...KWS_CLASSES],
    sampleShape: [fe.frames, fe.config.mfccCoefficients, 1],
    storage: "int16",
    scale: SCALE,
    splits: { train: { start: 0, count: nTrain }, val: { start: nTrain, count: nVal }, test: { start: nTrain + nVal, count: clips.test.length } },
    source: spec.files.map((f) => f.url).join(", "),
    licence: spec.licence,
    attribution: "P. Warden, Speech Commands: A Dataset for Limited-Vocabulary Speech Recognition, arXiv:1804.03209, 2018",
    howMade: [
      "Downloaded by `tinyml data fetch speech-commands`, SHA-256-checked and converted by lib/data/convertSpeechCommands.ts.",
      "Splits follow the archive's validation_list.txt (val) and testing_list.txt (test); every other clip is train.",
      `The 12 classes of the keyword-spotting benchmark, in the same order as synthetic-keywords. Per split, _unknown_ is a seeded sample of the other ${words.length - KWS_KEYWORDS.length} words and _silence_ is seeded 1 s crops of ${NOISE_DIR} at a uniform random volume in [0, 1), each ${UNKNOWN_SHARE * 100}% of the split's keyword clips (TensorFlow's speech_commands defaults, seed ${SEED}). TensorFlow's own validation and test silence is all zeros; here it is noise in every split.`,
      "Each clip is stored as the 49x10 MFCCs of lib/dsp/KwsFrontEnd.ts as int16 at a scale of 1/64; clips shorter than 1 s are zero-padded at the end. No augmentation (time shift, background mixing) is baked in.",
    ].join(" "),
    measured: { "train clips per class": counts("train"), "val clips per class": counts("val"), "test clips per class": counts("test") },
  };
  writeDataset(dir, contents, new Uint8Array(x.buffer), Uint8Array.from(all, (c) => c.label), dataCard(contents));
};
