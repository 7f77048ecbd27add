import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { projectRoot } from "../../lib/projectRoot.js";
import { simdTrainKernels, simdTrainKernelsPath } from "../../lib/tf/simdTrainKernels.js";
import { tf, tfReady } from "../../lib/tf/tf.js";
import { requireTool } from "../support/requireTool.js";

const has = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;

describe("lib/tf/simd training kernels", function () {
  it("the committed trainKernels.wasm is exactly what build.sh makes of trainKernels.c", function () {
    if (!requireTool(this, has("clang-14") && has("wasm-ld-14") && has("llvm-objdump-14"), "clang 14 and lld 14 (the pinned WebAssembly toolchain)", "sudo apt-get install clang-14 lld-14")) return;
    const dir = mkdtempSync(join(tmpdir(), "simd-"));
    try {
      const out = join(dir, "trainKernels.wasm");
      const r = spawnSync("bash", [join(projectRoot(), "lib", "tf", "simd", "build.sh"), out], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      assert.ok(readFileSync(out).equals(readFileSync(simdTrainKernelsPath())), "trainKernels.wasm differs from its source's build: run lib/tf/simd/build.sh and commit the result");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("load on the wasm backend's memory and leave every other tensor untouched", async function () {
    assert.equal(await tfReady(), "wasm");
    const backend = tf.backend() as BackendWasm;
    const simd = simdTrainKernels(backend);
    assert.ok(simd !== null);
    // A guard tensor allocated on either side of the output must keep its bytes.
    const before = tf.fill([64], 7);
    const dy = tf.randomNormal([2, 3, 3, 5], 0, 1, "float32", 1);
    const w = tf.randomNormal([3, 3, 4, 5], 0, 1, "float32", 2);
    const out = backend.makeOutput([2, 6, 6, 4], "float32");
    const after = tf.fill([64], 9);
    simd.convInputGrad(dy, w, out, {
      batch: 2, inHeight: 6, inWidth: 6, inChannels: 4, outHeight: 3, outWidth: 3, outChannels: 5,
      filterHeight: 3, filterWidth: 3, strideHeight: 2, strideWidth: 2, dilationHeight: 1, dilationWidth: 1, padTop: 0, padLeft: 0,
    });
    const dx = tf.engine().makeTensorFromTensorInfo(out);
    // Oracle: tfjs's own gradient on the cpu backend.
    const [dyv, wv, got] = [await dy.array(), await w.array(), await dx.data()];
    await tf.setBackend("cpu");
    const want = tf.conv2dTranspose(tf.tensor4d(dyv as number[][][][]), tf.tensor4d(wv as number[][][][]), [2, 6, 6, 4], 2, "same").dataSync();
    await tf.setBackend("wasm");
    let err = 0;
    for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(got[i] - want[i]));
    assert.ok(err < 1e-4, `max error ${err}`);
    assert.deepEqual(Array.from(await before.data()), Array(64).fill(7));
    assert.deepEqual(Array.from(await after.data()), Array(64).fill(9));
    tf.dispose([before, after, dy, w, dx]);
  });
});
