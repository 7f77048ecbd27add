import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../support/runCli.js";

describe("lib/tf tfReady", function () {
  this.timeout(60_000);

  it("leaves the host's handling of an uncaught error to the host: the wasm loader's rethrowing handlers are removed (no exit code 7)", () => {
    // The host's handler is installed first, as tslab's is; then the backend starts, then a stray error is thrown.
    const script = [
      'process.on("uncaughtException", (e) => { console.log("handled: " + e.message); setTimeout(() => process.exit(0), 10); });',
      'const { tfReady } = await import("./lib/tf/tf.ts");',
      'console.log("backend " + await tfReady());',
      'setTimeout(() => { throw new Error("stray"); }, 10);',
    ].join("\n");
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8", env: { ...process.env, TINYML_TF_BACKEND: "wasm" } });
    assert.equal(r.status, 0, `exit ${r.status}: ${r.stderr.slice(-800)}`);
    assert.match(r.stdout, /backend wasm\nhandled: stray\n/);
  });
});

describe("lib/tf findTfjsNode", function () {
  this.timeout(60_000);

  it("does not take danfojs-node's alias (plain tfjs installed under the name @tensorflow/tfjs-node) for tfjs-node", async () => {
    const { findTfjsNode } = await import("../../lib/tf/tf.js");
    // The project's own install: the override puts @tensorflow/tfjs at this path (npm hoists it here).
    const aliasManifest = join(ROOT, "node_modules", "@tensorflow", "tfjs-node", "package.json");
    assert.ok(existsSync(aliasManifest), "the override's alias should be installed by npm ci");
    assert.equal((JSON.parse(readFileSync(aliasManifest, "utf8")) as { name: string }).name, "@tensorflow/tfjs");
    assert.equal(findTfjsNode(), null);
    // And a process left to choose picks wasm, not the alias.
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.TINYML_TF_BACKEND;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", 'const { tfReady } = await import("./lib/tf/tf.ts"); console.log("backend " + await tfReady());'], { cwd: ROOT, encoding: "utf8", env });
    assert.equal(r.status, 0, r.stderr.slice(-800));
    assert.match(r.stdout, /^backend wasm$/m);
  });

  it("finds a package that names itself @tensorflow/tfjs-node", async () => {
    const { findTfjsNode } = await import("../../lib/tf/tf.js");
    const root = mkdtempSync(join(tmpdir(), "tinyml-tfjs-node-"));
    try {
      writeFileSync(join(root, "package.json"), '{"name":"user-project","version":"1.0.0"}');
      const pkg = join(root, "node_modules", "@tensorflow", "tfjs-node");
      mkdirSync(pkg, { recursive: true });
      writeFileSync(join(pkg, "package.json"), '{"name":"@tensorflow/tfjs-node","version":"4.22.0","main":"index.js"}');
      writeFileSync(join(pkg, "index.js"), "");
      assert.equal(findTfjsNode(root), join(pkg, "index.js"));
      writeFileSync(join(pkg, "package.json"), '{"name":"@tensorflow/tfjs","version":"4.22.0","main":"index.js"}');
      assert.equal(findTfjsNode(root), null);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
