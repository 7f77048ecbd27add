import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encode } from "jpeg-js";
import { KWS_KEYWORDS } from "../../lib/data/kwsClasses.js";
import { encodeWav } from "../../lib/dsp/wavFile.js";
import { makeRng } from "../../lib/tf/seedEverything.js";

/** A 0.5 s tone at 16 kHz, amplitude 0.5: the fixture's stand-in for a spoken word. */
export function fixtureTone(hz: number): Float32Array {
  return Float32Array.from({ length: 8000 }, (_, t) => 0.5 * Math.sin((2 * Math.PI * hz * t) / 16000));
}

/** The tone's frequency for keyword `label` (its index in KWS_KEYWORDS), speaker k. */
export const toneHz = (label: number, k: number) => 300 + 100 * label + 20 * k;

/**
 * A Speech Commands v0.02 tree in the real layout, tiny: every keyword spoken by three
 * "speakers" s0-s2 (s1 listed for validation, s2 for testing), two unknown words with
 * four clips each, and one background noise file (plus its README, as in the archive).
 */
export function writeSpeechCommandsTree(root: string): void {
  const words: Record<string, (k: number) => Float32Array> = {};
  KWS_KEYWORDS.forEach((w, label) => (words[w] = (k) => fixtureTone(toneHz(label, k))));
  words.bed = (k) => fixtureTone(2500 + 50 * k);
  words.cat = (k) => fixtureTone(3000 + 50 * k);
  const validation: string[] = [];
  const testing: string[] = [];
  for (const [w, tone] of Object.entries(words)) {
    mkdirSync(join(root, w), { recursive: true });
    const speakers = KWS_KEYWORDS.includes(w) ? 3 : 4;
    for (let k = 0; k < speakers; k++) writeFileSync(join(root, w, `s${k}_nohash_0.wav`), encodeWav(tone(k), 16000));
    if (KWS_KEYWORDS.includes(w) || w === "bed") validation.push(`${w}/s1_nohash_0.wav`);
    if (KWS_KEYWORDS.includes(w) || w === "cat") testing.push(`${w}/s2_nohash_0.wav`);
  }
  mkdirSync(join(root, "_background_noise_"));
  const rng = makeRng(7);
  writeFileSync(join(root, "_background_noise_", "white_noise.wav"), encodeWav(Float32Array.from({ length: 32000 }, () => 0.3 * (rng() * 2 - 1)), 16000));
  writeFileSync(join(root, "_background_noise_", "README.md"), "fixture noise\n");
  writeFileSync(join(root, "validation_list.txt"), validation.join("\n") + "\n");
  writeFileSync(join(root, "testing_list.txt"), testing.join("\n") + "\n");
}

/** The flat colour of fixture image i of a class: person images are bright, non_person dark. */
export function vwwColour(person: boolean, i: number): [number, number, number] {
  return person ? [200, 150 + 4 * i, 100] : [30, 60 + 4 * i, 90];
}

/** A flat-colour JPEG of side x side pixels (quality 95). */
export function flatJpeg(rgb: [number, number, number], side = 96): Uint8Array {
  const data = new Uint8Array(side * side * 4);
  for (let p = 0; p < side * side; p++) data.set([...rgb, 255], p * 4);
  return encode({ width: side, height: side, data }, 95).data;
}

/** vw_coco2014_96/{person,non_person}/ with `perClass` flat-colour 96x96 JPEGs each, as MLPerf Tiny's archive lays them out. */
export function writeVwwTree(root: string, perClass: number): void {
  for (const person of [false, true]) {
    const dir = join(root, "vw_coco2014_96", person ? "person" : "non_person");
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < perClass; i++) writeFileSync(join(dir, `COCO_train2014_${String(i).padStart(12, "0")}.jpg`), flatJpeg(vwwColour(person, i)));
  }
}
