import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NpyError } from "../../lib/data/npyFile.js";
import { formatNpz, parseNpz } from "../../lib/data/npzFile.js";
import { requireTool } from "../support/requireTool.js";

const numpy = () => spawnSync("/usr/bin/python3", ["-c", "import numpy"], { stdio: "ignore" }).status === 0;

describe("data/npzFile", () => {
  it("NumPy loads what we write, and we read np.savez and np.savez_compressed archives, names and order kept", function () {
    requireTool(this, numpy(), "NumPy for Debian's /usr/bin/python3", "sudo apt-get install python3-numpy");
    const dir = mkdtempSync(join(tmpdir(), "npz-"));
    writeFileSync(join(dir, "ours.npz"), formatNpz([["scores", { dtype: "int8", shape: [2, 3], data: Int8Array.from([-128, -1, 0, 1, 2, 127]) }], ["prob", { dtype: "float32", shape: [2], data: Float32Array.from([0.25, -1.5]) }]]));
    const script = `
import numpy as np, sys
d = sys.argv[1]
z = np.load(d + '/ours.npz')
assert list(z.keys()) == ['scores', 'prob'], list(z.keys())
assert z['scores'].dtype == np.int8 and z['scores'].tolist() == [[-128, -1, 0], [1, 2, 127]]
assert z['prob'].dtype == np.float32 and z['prob'].tolist() == [0.25, -1.5]
np.savez(d + '/pos.npz', np.arange(6, dtype=np.int8).reshape(2, 3), np.array([7, -7], dtype=np.int16))
np.savez_compressed(d + '/named.npz', b=np.ones(1000, dtype=np.float32), a=np.array([3], dtype=np.int32))
`;
    const r = spawnSync("/usr/bin/python3", ["-c", script, dir], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const pos = parseNpz(new Uint8Array(readFileSync(join(dir, "pos.npz"))));
    assert.deepEqual([...pos.keys()], ["arr_0", "arr_1"]);
    assert.deepEqual(Array.from(pos.get("arr_1")?.data as Int16Array), [7, -7]);
    const named = parseNpz(new Uint8Array(readFileSync(join(dir, "named.npz"))));
    assert.deepEqual([...named.keys()], ["b", "a"]);
    assert.equal((named.get("b")?.data as Float32Array).reduce((x, y) => x + y, 0), 1000);
  });

  it("rejects a file that is not a zip, an archive of something else and an empty one, with a reason", () => {
    const bad = (bytes: Uint8Array, pattern: RegExp) => assert.throws(() => parseNpz(bytes, "x.npz"), (e: unknown) => e instanceof NpyError && pattern.test(e.message));
    bad(new TextEncoder().encode("not a zip at all"), /x\.npz is not a NumPy \.npz archive/);
    bad(formatNpz([]), /holds no arrays/);
    assert.throws(() => formatNpz([["a", { dtype: "int8", shape: [1], data: new Int8Array(1) }], ["a", { dtype: "int8", shape: [1], data: new Int8Array(1) }]]), /two arrays are named a/);
  });
});
