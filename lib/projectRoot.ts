import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const PACKAGE_NAME = "tinyml-ts";

/**
 * The checkout's top folder: the nearest ancestor of `from` whose package.json is this
 * project's. Works the same from the CLI, from tests and from a notebook kernel, whose
 * working directory is the notebook's folder (import.meta is not available there,
 * because tslab compiles imported files to CommonJS). `TINYML_ROOT` overrides it.
 */
export function projectRoot(from: string = process.cwd()): string {
  const env = process.env.TINYML_ROOT;
  if (env !== undefined && env !== "") return resolve(env);
  let dir = resolve(from);
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === PACKAGE_NAME) return dir;
      } catch {
        // an unreadable package.json further down is not ours
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`not inside the TinyML.ts checkout (looked up from ${from}); set TINYML_ROOT`);
    dir = up;
  }
}
