import { renameSync, writeFileSync } from "node:fs";

/** Writes a file through a temporary name and a rename, so a reader never sees half of it. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
