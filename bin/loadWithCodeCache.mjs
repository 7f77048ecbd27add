// Loads a large CommonJS module (TypeScript's 8 MB compiler) through V8's code cache, so
// later kernels skip compiling it: about 65 ms of each kernel's start on this machine.
// V8 checks the cache against the source and its own version and flags, and rejects a
// stale one; any failure here falls back to a plain require.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

/**
 * Requires `id` as `require(id)` would from `from`, using a code cache in `cacheDir`.
 * @param {string} from a file path the module is resolved from
 * @param {string} id the module to load
 * @param {string} cacheDir folder for the cache; created when missing
 * @returns {{ exports: unknown, usedCache: boolean, saveCache: () => void }} the module's
 *   exports; whether V8 accepted a cache; and a function to call once start-up is done:
 *   the cache it writes then also holds the functions compiled lazily during start-up.
 */
export function loadWithCodeCache(from, id, cacheDir) {
  const require = createRequire(from);
  const file = require.resolve(id);
  const st = statSync(file);
  const cacheFile = join(cacheDir, `${id.replace(/[^a-zA-Z0-9]+/g, "_")}-${st.size}-${Math.round(st.mtimeMs)}-${process.version}.v8cache`);
  let cached;
  try {
    cached = readFileSync(cacheFile);
  } catch {
    cached = undefined;
  }
  try {
    const script = new Script(Module.wrap(readFileSync(file, "utf8")), { filename: file, cachedData: cached });
    const mod = new Module(file, undefined);
    mod.filename = file;
    mod.paths = Module._nodeModulePaths(dirname(file));
    script.runInThisContext()(mod.exports, (request) => mod.require(request), mod, file, dirname(file));
    mod.loaded = true;
    require.cache[file] = mod;
    const saveCache = () => {
      if (cached !== undefined && !script.cachedDataRejected) return;
      try {
        mkdirSync(cacheDir, { recursive: true });
        const tmp = `${cacheFile}.${process.pid}`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch {
        // a read-only install runs without the cache
      }
    };
    return { exports: mod.exports, usedCache: cached !== undefined && !script.cachedDataRejected, saveCache };
  } catch {
    return { exports: require(id), usedCache: false, saveCache: () => {} };
  }
}
