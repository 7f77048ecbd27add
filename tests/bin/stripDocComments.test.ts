import { strict as assert } from "node:assert";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type * as TS from "typescript";
import { stripDocComments } from "../../bin/stripDocComments.mjs";
import { ROOT } from "../support/runCli.js";

// The TypeScript tslab parses with: the stripped text must mean the same to it.
const ts = createRequire(join(ROOT, "node_modules", "tslab", "dist", "main.js"))("@tslab/typescript-for-tslab") as typeof TS;

/** Every node kind and identifier in order, doc comments aside: equal shapes mean equal declarations. */
function shape(file: string, text: string): string {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false);
  const out: string[] = [];
  const walk = (n: TS.Node): void => {
    if (ts.isJSDoc(n)) return;
    out.push(ts.isIdentifier(n) || ts.isStringLiteral(n) ? `${n.kind}:${n.text}` : String(n.kind));
    n.forEachChild(walk);
  };
  walk(sf);
  return out.join(" ");
}

function declarationFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return declarationFiles(p);
    return f.endsWith(".d.ts") ? [p] : [];
  });
}

describe("bin/stripDocComments (batch kernels read declarations without docs)", function () {
  this.timeout(120000);

  it("drops doc comments only, keeping strings, template literal types, other comments and line numbers", function () {
    const src = "/** a */ let x = `a${`b${1}/** not */`}`; /* keep */ // k /** k */\n/** doc\n two */ type T = `x/**${string}`;\nconst s = '/** s */';";
    const out = stripDocComments(ts, src);
    assert.equal(out, " let x = `a${`b${1}/** not */`}`; /* keep */ // k /** k */\n\n type T = `x/**${string}`;\nconst s = '/** s */';");
  });

  it("every declaration file a notebook kernel loads means the same without its docs", function () {
    const files = [
      ...declarationFiles(join(ROOT, "node_modules", "@types")),
      ...declarationFiles(join(ROOT, "node_modules", "undici-types")),
      ...declarationFiles(join(ROOT, "node_modules", "@tslab", "typescript-for-tslab", "lib")).filter((f) => /lib\.(es|decorators)/.test(f)),
      ...declarationFiles(join(ROOT, "node_modules", "@tensorflow", "tfjs-core", "dist")).slice(0, 150),
    ];
    assert.ok(files.length > 300, `${files.length} files`);
    let before = 0;
    let after = 0;
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      const stripped = stripDocComments(ts, text);
      before += text.length;
      after += stripped.length;
      assert.equal(stripped.split("\n").length, text.split("\n").length, `${f}: line count`);
      const sf = ts.createSourceFile(f, stripped, ts.ScriptTarget.ES2022, false) as TS.SourceFile & { parseDiagnostics: TS.Diagnostic[] };
      assert.deepEqual(sf.parseDiagnostics.map((d) => d.messageText), [], `${f}: parses`);
      assert.equal(shape(f, stripped), shape(f, text), `${f}: same declarations`);
    }
    // Not a target, a sanity check: docs are most of @types/node, so something must go.
    assert.ok(after < before * 0.8, `${before} -> ${after} characters`);
  });
});
