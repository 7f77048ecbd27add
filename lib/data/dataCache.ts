import { accessSync, constants, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { DatasetError } from "./datasetManifest.js";

/**
 * Where downloaded datasets live: $TINYML_DATA, else $XDG_CACHE_HOME/tinyml-ts, else
 * ~/.cache/tinyml-ts. Nothing is downloaded unless the user runs `tinyml data fetch`.
 */
export function dataCacheDir(): string {
  const env = process.env.TINYML_DATA;
  if (env !== undefined && env !== "") return resolve(env);
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg !== undefined && xdg !== "" ? xdg : join(homedir(), ".cache"), "tinyml-ts");
}

/** Creates the cache folder if needed and checks it is writable, with one clear error if not. */
export function ensureWritableCache(dir: string = dataCacheDir()): string {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new DatasetError(`the data cache ${dir} is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); set TINYML_DATA to a folder you can write`);
  }
  return dir;
}
