import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { KwsArch } from "./kwsSearchSpace.js";
import { SUPERNET_DIR, supernetCard } from "./supernetFiles.js";

/** Measured (architecture, accuracy) pairs and how they were measured (lib/models/pretrained/kws-supernet/arch-accuracy.json). */
export interface ArchAccuracyFile {
  card: { what: string; command: string; split: string; samples: number; supernetSha256: string };
  /** accuracy: top-1 in [0, 1] on the card's split. */
  pairs: { arch: KwsArch; accuracy: number }[];
}

/** The shipped pairs; throws if they were measured on another supernet than the shipped one. */
export function archAccuracyPairs(dir = SUPERNET_DIR()): ArchAccuracyFile {
  const path = join(dir, "arch-accuracy.json");
  if (!existsSync(path)) throw new Error(`${path} is missing; make it with \`node --import tsx datasets/scripts/trainKwsSupernet.ts\``);
  const file = JSON.parse(readFileSync(path, "utf8")) as ArchAccuracyFile;
  const card = supernetCard(dir);
  if (file.card.supernetSha256 !== card.weightsSha256) throw new Error(`${path} was measured on supernet ${file.card.supernetSha256}, the shipped one is ${card.weightsSha256}`);
  return file;
}
