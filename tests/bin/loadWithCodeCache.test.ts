import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../support/runCli.js";

describe("bin/loadWithCodeCache (the kernel's TypeScript loads through V8's code cache)", function () {
  this.timeout(30000);
  const dir = mkdtempSync(join(tmpdir(), "tinyml-codecache-"));
  const from = join(dir, "index.cjs");
  // Big enough that V8 produces a code cache for it.
  const body = Array.from({ length: 300 }, (_, i) => `exports.f${i} = function (x) { return x * ${i} + require("node:path").sep.length; };`).join("\n");
  writeFileSync(join(dir, "big.cjs"), body);
  writeFileSync(from, "");
  const caches = (cache: string) => readdirSync(cache).filter((f) => f.endsWith(".v8cache"));

  /** One fresh process (V8 also caches compilations in memory, so reuse must be seen across processes). */
  function load(cache: string): { usedCache: boolean; value: number } {
    const url = pathToFileURL(join(ROOT, "bin", "loadWithCodeCache.mjs")).href;
    const script = `import { loadWithCodeCache } from ${JSON.stringify(url)};
const m = loadWithCodeCache(${JSON.stringify(from)}, "./big.cjs", ${JSON.stringify(cache)});
m.saveCache();
console.log(JSON.stringify({ usedCache: m.usedCache, value: m.exports.f7(2) }));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { usedCache: boolean; value: number };
  }

  it("loads without a cache, writes one, and the next process uses it with the same exports", function () {
    const cache = join(dir, "a");
    assert.deepEqual(load(cache), { usedCache: false, value: 15 });
    assert.equal(caches(cache).length, 1);
    assert.deepEqual(load(cache), { usedCache: true, value: 15 });
  });

  it("a corrupt cache is rejected, the module still loads, and the cache is written again", function () {
    const cache = join(dir, "b");
    load(cache);
    writeFileSync(join(cache, caches(cache)[0]), Buffer.alloc(5000, 7));
    assert.deepEqual(load(cache), { usedCache: false, value: 15 });
    assert.deepEqual(load(cache), { usedCache: true, value: 15 });
  });

  it("a cache folder that cannot be made costs the cache, not the load", function () {
    const blocked = join(dir, "a-file");
    writeFileSync(blocked, "x");
    assert.deepEqual(load(join(blocked, "cache")), { usedCache: false, value: 15 });
    assert.ok(!existsSync(join(blocked, "cache")));
  });
});
