import { strict as assert } from "node:assert";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { projectRoot } from "../lib/projectRoot.js";

const LIB = join(projectRoot(), "lib");

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** The project files `file` imports (relative specifiers only), as paths relative to lib/. */
function localImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:from\s+|import\(\s*)["'](\.\.?\/[^"']+)["']/g)].map((m) => m[1]);
  return specs.map((s) => relative(LIB, resolve(dirname(file), s)));
}

// The layering the course's data flow implies (ARCHITECTURE.md): the int8 graph is the shared core, so it must
// not reach up into the data layer, the CLI or the compression algorithms.
describe("lib layout", () => {
  it("lib/ir depends on nothing outside lib/ir", () => {
    const outside = tsFiles(join(LIB, "ir")).flatMap((f) => localImports(f).filter((p) => !p.startsWith("ir/")).map((p) => `${relative(LIB, f)} -> ${p}`));
    assert.deepEqual(outside, []);
  });

  it("lib/compression is split by lab topic: no loose files, and a topic imports only itself, shared/ and layers below", () => {
    const root = join(LIB, "compression");
    const loose = readdirSync(root).filter((n) => !statSync(join(root, n)).isDirectory());
    assert.deepEqual(loose, []);
    assert.deepEqual(readdirSync(root).sort(), ["distillation", "pruning", "quantization", "shared"]);
    const crossTopic: string[] = [];
    for (const topic of ["distillation", "quantization"]) {
      for (const f of tsFiles(join(root, topic))) {
        for (const p of localImports(f)) {
          const m = /^compression\/([^/]+)\//.exec(p);
          if (m && m[1] !== topic && m[1] !== "shared") crossTopic.push(`${relative(LIB, f)} -> ${p}`);
        }
      }
    }
    assert.deepEqual(crossTopic, []);
  });

  it("machinery never imports a lab's reference (a release stubs those files), so it takes the student's functions as arguments", () => {
    const isReference = (f: string) => /^\/\/ tinyml-lab: \d\d/m.test(readFileSync(f, "utf8"));
    const references = new Set(tsFiles(LIB).filter(isReference).map((f) => relative(LIB, f).replace(/\.ts$/, ".js")));
    assert.ok(references.has("nas/encodeArch.js") && references.has("compression/distillation/klDivergence.js"));
    // Type-only imports are erased at run time, so they may name a reference's types.
    const runtimeImports = (f: string) => [...readFileSync(f, "utf8").replace(/^import type .*$/gm, "").matchAll(/(?:from\s+|import\(\s*)["'](\.\.?\/[^"']+)["']/g)].map((m) => relative(LIB, resolve(dirname(f), m[1])));
    const bad = tsFiles(LIB).filter((f) => !isReference(f)).flatMap((f) => runtimeImports(f).filter((p) => references.has(p)).map((p) => `${relative(LIB, f)} -> ${p}`));
    assert.deepEqual(bad, []);
  });
});
