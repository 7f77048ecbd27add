import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
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
