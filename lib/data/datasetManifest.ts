import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

/** How samples are stored on disk; values are decoded as stored * scale. */
export type SampleStorage = "uint8" | "int16";

export type StoredFile = {
  /** Relative to the dataset folder. */
  path: string;
  /** Of the file as stored (gzip-compressed if the name ends in .gz). */
  sha256: string;
  /** Bytes as stored. */
  bytes: number;
};

/** The machine-readable half of a dataset's card (datasets/NAME/manifest.json). */
export type DatasetManifest = {
  name: string;
  title: string;
  classNames: string[];
  /** Shape of one sample, for example [28, 28, 1] or [49, 10, 1]. */
  sampleShape: number[];
  storage: SampleStorage;
  /** Decoded value = stored value * scale. */
  scale: number;
  /** Contiguous ranges of samples, in stored order. */
  splits: Record<string, { start: number; count: number }>;
  files: { x: StoredFile; y: StoredFile };
  source: string;
  licence: string;
  attribution: string;
  /** One paragraph: how the shipped files were made, and by which script. */
  howMade: string;
  /** Facts measured on the data (for example a held-out accuracy), with the command. */
  measured?: Record<string, string>;
};

export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatasetError";
  }
}

export function sha256(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

export function readManifest(dir: string): DatasetManifest {
  const path = join(dir, "manifest.json");
  if (!existsSync(path)) throw new DatasetError(`${path} is missing`);
  try {
    return JSON.parse(readFileSync(path, "utf8")) as DatasetManifest;
  } catch (e) {
    throw new DatasetError(`${path} is not valid JSON (${(e as Error).message})`);
  }
}

/**
 * Reads one stored file, checks its size and SHA-256 against the manifest and
 * gunzips it if its name ends in .gz. A truncated or corrupt file is a DatasetError
 * naming the file, never a silently short array.
 */
export function readStoredFile(dir: string, f: StoredFile): Uint8Array {
  const path = join(dir, f.path);
  if (!existsSync(path)) throw new DatasetError(`${path} is missing`);
  const data = readFileSync(path);
  if (data.length !== f.bytes) {
    throw new DatasetError(`${path} holds ${data.length} bytes, its manifest says ${f.bytes}: the file is truncated or replaced`);
  }
  const got = sha256(data);
  if (got !== f.sha256) throw new DatasetError(`${path} fails its SHA-256 check (got ${got.slice(0, 12)}…, manifest ${f.sha256.slice(0, 12)}…): the file is corrupt`);
  if (!f.path.endsWith(".gz")) return data;
  try {
    return gunzipSync(data);
  } catch (e) {
    throw new DatasetError(`${path} does not decompress (${(e as Error).message})`);
  }
}
