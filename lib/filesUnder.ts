import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every file below `dir`, at any depth (none for a missing folder). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}
