import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../projectRoot.js";
import { tf } from "../tf/tf.js";
import type { KwsArch } from "./kwsSearchSpace.js";
import { Supernet, supernetShapes, uniqueVariableName } from "./Supernet.js";

/** One architecture's accuracies on the card: the supernet's inherited weights (BN recalibrated) against the same network trained alone. */
export interface InheritedVsAlone {
  name: string;
  arch: KwsArch;
  /** Test-split top-1 in [0, 1], float32. */
  inherited: number;
  alone: number;
  /** Training steps of the network alone (the supernet's total). */
  steps: number;
}

/** The supernet's card (lib/models/pretrained/kws-supernet/card.json). */
export interface SupernetCard {
  name: string;
  searchSpace: string;
  dataset: string;
  training: string;
  command: string;
  /** Wall-clock seconds of the whole script, and the machine it ran on. */
  runSeconds: number;
  machine: string;
  /** Test-split top-1 of the largest and the smallest network, inherited weights, BN recalibrated on `calibration`. */
  largestAccuracy: number;
  smallestAccuracy: number;
  testSamples: number;
  calibration: string;
  inheritedVsAlone: InheritedVsAlone[];
  /** SHA-256 of weights.bin, hex. */
  weightsSha256: string;
}

export const SUPERNET_DIR = (): string => join(projectRoot(), "lib", "models", "pretrained", "kws-supernet");

/** Writes weights.bin (float32 little-endian, tensors in supernetShapes() order) and card.json into `dir`, atomically. Returns the SHA-256. */
export function saveSupernet(net: Supernet, dir: string, card: Omit<SupernetCard, "weightsSha256">): string {
  const parts = supernetShapes().map(({ name }) => net.w(name).dataSync() as Float32Array);
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) { bytes.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at); at += p.byteLength; }
  const sha = createHash("sha256").update(bytes).digest("hex");
  const tmp = `${dir}.saving-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, "weights.bin"), bytes);
  writeFileSync(join(tmp, "card.json"), JSON.stringify({ ...card, weightsSha256: sha }, null, 2) + "\n");
  for (const extra of ["arch-accuracy.json"]) if (existsSync(join(dir, extra))) writeFileSync(join(tmp, extra), readFileSync(join(dir, extra)));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return sha;
}

/** The card of the supernet in `dir`; throws if weights.bin does not match its recorded SHA-256. */
export function supernetCard(dir = SUPERNET_DIR()): SupernetCard {
  const cardPath = join(dir, "card.json");
  if (!existsSync(cardPath)) throw new Error(`${dir}: no card.json; make the supernet with \`node --import tsx datasets/scripts/trainKwsSupernet.ts\``);
  const card = JSON.parse(readFileSync(cardPath, "utf8")) as SupernetCard;
  const sha = createHash("sha256").update(readFileSync(join(dir, "weights.bin"))).digest("hex");
  if (sha !== card.weightsSha256) throw new Error(`${dir}/weights.bin has SHA-256 ${sha}, the card records ${card.weightsSha256}; the file is damaged (restore it with \`git checkout -- ${dir}\`)`);
  return card;
}

/**
 * The shipped keyword-spotting supernet (trained by datasets/scripts/trainKwsSupernet.ts),
 * checksum checked, and its card.
 */
export function loadSupernet(dir = SUPERNET_DIR()): { net: Supernet; card: SupernetCard } {
  const card = supernetCard(dir);
  const buf = readFileSync(join(dir, "weights.bin"));
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const weights = new Map<string, tf.Variable>();
  let at = 0;
  for (const { name, shape } of supernetShapes()) {
    const n = shape.reduce((a, b) => a * b, 1);
    if (at + n > all.length) throw new Error(`${dir}/weights.bin holds ${all.length} floats, fewer than the search space's supernet needs`);
    const t = tf.tensor(all.subarray(at, at + n), shape);
    weights.set(name, tf.variable(t, true, uniqueVariableName(name)));
    t.dispose();
    at += n;
  }
  if (at !== all.length) throw new Error(`${dir}/weights.bin holds ${all.length} floats, the supernet needs ${at}`);
  return { net: new Supernet(weights), card };
}
