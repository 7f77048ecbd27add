// Synthesises the shipped "synthetic-keywords" dataset (run from the repo root):
//   sudo apt-get install espeak-ng sox && node --import tsx datasets/scripts/makeSyntheticKeywords.ts
// espeak-ng speaks each word (voice, speed, pitch, amplitude varied), sox resamples to
// 16 kHz mono, and TypeScript places it at a random onset, mixes seeded background
// noise at a random SNR and computes the MFCC features of lib/dsp/KwsFrontEnd.
// Every random choice comes from one seeded generator, so a rerun is identical.
//
// With `--config FILE --out DIR` it makes another set the same way from the file's seed,
// voices and size: the capstone's hidden clips are made so, from a config kept in
// grading/hidden/ (never released), with speakers and noise no released split contains.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { backgroundNoise, mixAtSnr, NOISE_KINDS } from "../../lib/dsp/backgroundNoise.js";
import { KwsFrontEnd } from "../../lib/dsp/KwsFrontEnd.js";
import { encodeWav } from "../../lib/dsp/wavFile.js";
import { sha256 } from "../../lib/data/datasetManifest.js";
import { dataCard, writeDataset } from "../../lib/data/writeDataset.js";
import { KWS_CLASSES } from "../../lib/data/kwsClasses.js";
import { quantizeInt16 } from "../../lib/data/quantizeInt16.js";
import { makeRng } from "../../lib/tf/seedEverything.js";

const CLASSES = [...KWS_CLASSES];
// Speech Commands' auxiliary words, spoken for _unknown_.
const UNKNOWN = ["bed", "bird", "cat", "dog", "eight", "five", "four", "happy", "house", "marvin", "nine", "one", "seven", "sheila", "six", "three", "tree", "two", "wow", "zero", "learn", "follow", "forward", "backward", "visual"];
/** Another set than the shipped one: its seed, speakers, size, and what its card says. */
interface SetConfig {
  name: string;
  title: string;
  seed: number;
  bases: string[];
  variants: string[];
  perClass: number;
  /** The card's account of how this set differs from the released splits. */
  differs: string;
}
const { values: argv } = parseArgs({ options: { config: { type: "string" }, out: { type: "string" } } });
if ((argv.config === undefined) !== (argv.out === undefined)) throw new Error("--config FILE and --out DIR go together");
const config = argv.config === undefined ? undefined : (JSON.parse(readFileSync(argv.config, "utf8")) as SetConfig);

const BASES = config?.bases ?? ["en-us", "en", "en-gb-scotland", "en-gb-x-rp", "en-029", "en-gb-x-gbclan", "en-gb-x-gbcwmd"];
const VARIANTS = config?.variants ?? ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5", "croak", "klatt", "klatt3"];
const PER_CLASS = config?.perClass ?? 300;
const SCALE = 1 / 64;

const rng = makeRng(config?.seed ?? 2026);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const uniform = (a: number, b: number) => a + (b - a) * rng();

const speakers = BASES.flatMap((b) => VARIANTS.map((v) => `${b}+${v}`));
if (config !== undefined) {
  // Another set must not share a speaker with the released splits (the shipped set's voices, below its defaults).
  const released = new Set(["en-us", "en", "en-gb-scotland", "en-gb-x-rp", "en-029", "en-gb-x-gbclan", "en-gb-x-gbcwmd"].flatMap((b) => ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5", "croak", "klatt", "klatt3"].map((v) => `${b}+${v}`)));
  const shared = speakers.filter((sp) => released.has(sp));
  if (shared.length > 0) throw new Error(`--config: these speakers are in the released splits: ${shared.join(", ")}`);
}
const order = speakers.map((s) => ({ s, k: rng() })).sort((a, b) => a.k - b.k).map(({ s }) => s);
// The shipped set splits its speakers 75 / 15 / 15; another set is one split, "hidden".
const splitOf = new Map<string, string>(order.map((s, i) => [s, config !== undefined ? "hidden" : i < 75 ? "train" : i < 90 ? "val" : "test"]));
const speakersIn = (split: string) => order.filter((s) => splitOf.get(s) === split);

// sox dithers when it resamples, from a random seed unless -R: the shipped set was made
// without it (a rerun differs in the last bits of a few clips); other sets use -R, so a
// rerun of the capstone's hidden clips is byte-identical.
const SOX_REPEATABLE = config === undefined ? "" : "-R ";

function speak(word: string, voice: string, wpm: number, pitch: number, amp: number): Float32Array {
  const r = spawnSync("sh", ["-c", `espeak-ng -v "${voice}" -s ${wpm} -p ${pitch} -a ${amp} --stdout "${word}" | sox ${SOX_REPEATABLE}-t wav - -t raw -r 16000 -e signed -b 16 -c 1 -`], { maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`espeak-ng/sox failed for ${word} ${voice}: ${r.stderr.toString()}`);
  const pcm = new Int16Array(r.stdout.buffer, r.stdout.byteOffset, Math.floor(r.stdout.length / 2));
  return Float32Array.from(pcm, (v) => v / 32768);
}

/** The word without leading and trailing near-silence (below 2% of its peak). */
function trim(x: Float32Array): Float32Array {
  let peak = 0;
  for (const v of x) peak = Math.max(peak, Math.abs(v));
  const th = 0.02 * peak;
  let a = 0;
  let b = x.length;
  while (a < b && Math.abs(x[a]) < th) a++;
  while (b > a && Math.abs(x[b - 1]) < th) b--;
  return x.slice(a, b);
}

type Clip = { label: number; split: string; audio: Float32Array; meta: string };

function makeClip(label: number, split: string): Clip {
  const name = CLASSES[label];
  const noiseKind = pick(NOISE_KINDS);
  const noise = backgroundNoise(noiseKind, 16000, rng);
  if (name === "_silence_") {
    const level = 10 ** uniform(-3, -1);
    return { label, split, audio: noise.map((v) => Math.max(-1, Math.min(1, v * level))), meta: `${noiseKind} noise only, rms ${level.toFixed(4)}` };
  }
  const word = name === "_unknown_" ? pick(UNKNOWN) : name;
  const voice = pick(speakersIn(split));
  // A third of the clips are slow speech (80-120 words per minute).
  const wpm = Math.round(rng() < 0.33 ? uniform(80, 120) : uniform(120, 230));
  const pitch = Math.round(uniform(10, 90));
  const amp = Math.round(uniform(50, 180));
  let w = trim(speak(word, voice, wpm, pitch, amp));
  if (w.length > 16000) w = w.slice(0, 16000);
  const onset = Math.floor(rng() * (16000 - w.length + 1));
  const gain = uniform(0.1, 0.9) / Math.max(1e-6, w.reduce((m, v) => Math.max(m, Math.abs(v)), 0));
  const clean = new Float32Array(16000);
  w.forEach((v, i) => (clean[onset + i] = v * gain));
  const snr = uniform(0, 30);
  return { label, split, audio: mixAtSnr(clean, noise, snr), meta: `"${word}" ${voice} ${wpm} wpm pitch ${pitch} amp ${amp} onset ${onset} ${noiseKind} SNR ${snr.toFixed(1)} dB` };
}

const splitCounts: Record<string, number> = { train: 0.7, val: 0.15, test: 0.15 };
const clips: Clip[] = [];
for (let label = 0; label < CLASSES.length; label++) {
  const nVal = Math.round(PER_CLASS * splitCounts.val);
  const nTest = Math.round(PER_CLASS * splitCounts.test);
  for (let i = 0; i < PER_CLASS; i++) {
    const split = config !== undefined ? "hidden" : i < nVal ? "val" : i < nVal + nTest ? "test" : "train";
    clips.push(makeClip(label, split));
  }
  process.stdout.write(`${CLASSES[label]} `);
}
console.log();

const fe = new KwsFrontEnd();
const ordered = ["train", "val", "test", "hidden"].flatMap((s) => clips.filter((c) => c.split === s));
const per = fe.frames * fe.config.mfccCoefficients;
const x = new Int16Array(ordered.length * per);
ordered.forEach((c, i) => quantizeInt16(fe.mfcc(c.audio), SCALE, x, i * per, `clip ${i}`));
const y = Uint8Array.from(ordered, (c) => c.label);
const count = (s: string) => ordered.filter((c) => c.split === s).length;
const nTrain = count("train");
const nVal = count("val");
const dir = join(import.meta.dirname, "..", "synthetic-keywords");
const contents = {
  name: "synthetic-keywords",
  title: "Synthetic Speech Commands: 12 keyword-spotting classes spoken by espeak-ng",
  classNames: CLASSES,
  sampleShape: [fe.frames, fe.config.mfccCoefficients, 1],
  storage: "int16" as const,
  scale: SCALE,
  splits: { train: { start: 0, count: nTrain }, val: { start: nTrain, count: nVal }, test: { start: nTrain + nVal, count: count("test") } },
  source: "synthesised here with espeak-ng 1.51 and sox 14.4 (Debian); no recorded speech",
  licence: "CC0 1.0 (generated data); espeak-ng is GPL-3.0 but its output is not covered",
  attribution: "TinyML.ts; espeak-ng and SoX projects for the tools",
  howMade: [
    `${PER_CLASS} clips per class of the keyword-spotting benchmark's 12 (${CLASSES.join(", ")}), made by datasets/scripts/makeSyntheticKeywords.ts with one seeded generator (Alea, seed 2026).`,
    `Speakers are espeak-ng voice + variant pairs (${BASES.length} voices x ${VARIANTS.length} variants = ${speakers.length}); the splits use disjoint speakers (75 train, 15 val, 15 test), so test accuracy measures unseen voices.`,
    "Each word: speed 80-230 words per minute (a third slow, 80-120), pitch 10-90, amplitude 50-180; leading and trailing silence trimmed; placed at a random onset in a 1 s, 16 kHz clip at a random peak level of 0.1-0.9.",
    "Background noise (white, pink, brown, mains hum or synthetic babble, lib/dsp/backgroundNoise.ts) is mixed in TypeScript at a uniform random SNR of 0-30 dB. _silence_ is noise alone at an RMS of 0.001-0.1; _unknown_ is one of 25 other Speech Commands words.",
    `Stored as the 49x10 MFCCs of lib/dsp/KwsFrontEnd.ts, as int16 at a scale of 1/64. A few clips per class are in wav/ for listening.`,
    "How it differs from real Speech Commands: one synthesiser instead of 2,618 human speakers; no microphones, rooms, accents beyond espeak-ng's, or recording artefacts; noise is synthetic rather than recorded; classes are balanced (the real _unknown_ and _silence_ shares differ). A model that does well here has learned the task's shape, not real speech: expect a large drop on the real set (`npx tinyml data fetch speech-commands`).",
  ].join(" "),
};
if (config !== undefined) {
  const out = resolve(argv.out ?? "");
  const hidden = {
    ...contents, name: config.name, title: config.title,
    splits: { hidden: { start: 0, count: ordered.length } },
    howMade: [
      `${PER_CLASS} clips per class of the 12, made by datasets/scripts/makeSyntheticKeywords.ts --config (seed and voices in that file) the way the released set was made: same words, speeds, pitches, levels, onsets, noise kinds and SNRs.`,
      `Speakers: ${BASES.length} voices x ${VARIANTS.length} variants = ${speakers.length} espeak-ng voice + variant pairs, none of them in a released split.`,
      config.differs,
    ].join(" "),
  };
  writeDataset(out, hidden, new Uint8Array(x.buffer), y, dataCard(hidden));
  console.log(`${config.name}: ${ordered.length} clips in ${out}`);
  process.exit(0);
}
writeDataset(dir, contents, new Uint8Array(x.buffer), y, dataCard(contents));
mkdirSync(join(dir, "wav"), { recursive: true });
const wavs: string[] = [];
for (let label = 0; label < CLASSES.length; label++) {
  clips.filter((c) => c.label === label && c.split === "test").slice(0, 2).forEach((c, i) => {
    const file = `${CLASSES[label].replace(/_/g, "")}-${i + 1}.wav`;
    const bytes = encodeWav(c.audio, 16000);
    writeFileSync(join(dir, "wav", file), bytes);
    wavs.push(`| ${file} | ${c.meta} | ${sha256(bytes).slice(0, 16)}… |`);
  });
}
writeFileSync(join(dir, "wav", "README.md"), `# Listening samples (test split)\n\n| file | how it was made | SHA-256 |\n|---|---|---|\n${wavs.join("\n")}\n`);
console.log(`synthetic-keywords: ${ordered.length} clips (${nTrain} train, ${nVal} val, ${count("test")} test)`);
