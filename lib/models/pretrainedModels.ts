import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../projectRoot.js";
import type { tf } from "../tf/tf.js";
import { loadModel } from "../tf/modelFiles.js";

/** What a shipped, pre-trained course model is and how it was made (lib/models/pretrained/NAME/card.json). */
export interface PretrainedCard {
  name: string;
  /** The builder in lib/models and its options. */
  architecture: string;
  dataset: string;
  /** Float32 accuracy on the dataset's test split, in [0, 1]. */
  testAccuracy: number;
  testSamples: number;
  training: string;
  /** The command that reproduces the files bit for bit. */
  command: string;
  /** SHA-256 of weights.bin, hex. */
  weightsSha256: string;
}

/** Names of the course models shipped trained in lib/models/pretrained. */
export const PRETRAINED_MODELS = ["ds-cnn-kws"] as const;
export type PretrainedName = (typeof PRETRAINED_MODELS)[number];

export function pretrainedDir(name: string): string {
  if (!(PRETRAINED_MODELS as readonly string[]).includes(name)) {
    throw new Error(`unknown pre-trained model "${name}" (shipped: ${PRETRAINED_MODELS.join(", ")})`);
  }
  return join(projectRoot(), "lib", "models", "pretrained", name);
}

/** The card of a shipped model; throws if the weights do not match their recorded checksum. */
export function pretrainedCard(name: PretrainedName): PretrainedCard {
  const dir = pretrainedDir(name);
  const cardPath = join(dir, "card.json");
  if (!existsSync(cardPath)) throw new Error(`${dir}: no card.json; regenerate with \`node --import tsx datasets/scripts/trainPretrainedModels.ts\``);
  const card = JSON.parse(readFileSync(cardPath, "utf8")) as PretrainedCard;
  const sha = createHash("sha256").update(readFileSync(join(dir, "weights.bin"))).digest("hex");
  if (sha !== card.weightsSha256) throw new Error(`${dir}/weights.bin has SHA-256 ${sha}, the card records ${card.weightsSha256}; the file is damaged`);
  return card;
}

/**
 * A shipped course model, trained by datasets/scripts/trainPretrainedModels.ts:
 * `ds-cnn-kws` is DS-CNN-S (64 channels) on synthetic-keywords, input float32
 * [batch, 49, 10, 1] MFCCs, output [batch, 12] class probabilities.
 */
export async function loadPretrained(name: PretrainedName): Promise<{ model: tf.LayersModel; card: PretrainedCard }> {
  const card = pretrainedCard(name);
  return { model: await loadModel(pretrainedDir(name)), card };
}
