import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NpyError, formatNpy, parseNpy } from "../../lib/data/npyFile.js";
import { requireTool } from "../support/requireTool.js";

const numpy = () => spawnSync("/usr/bin/python3", ["-c", "import numpy"], { stdio: "ignore" }).status === 0;

describe("data/npyFile", () => {
  it("NumPy reads what we write and we read what NumPy writes (int8, uint8, float32, int32; 0-d to 3-d)", function () {
    requireTool(this, numpy(), "NumPy for Debian's /usr/bin/python3", "sudo apt-get install python3-numpy");
    const dir = mkdtempSync(join(tmpdir(), "npy-"));
    writeFileSync(join(dir, "a.npy"), formatNpy({ dtype: "int8", shape: [2, 3], data: Int8Array.from([-128, -1, 0, 1, 2, 127]) }));
    writeFileSync(join(dir, "b.npy"), formatNpy({ dtype: "float32", shape: [4], data: Float32Array.from([0.5, -1.25, 3e-8, 1e30]) }));
    const script = `
import numpy as np, sys
d = sys.argv[1]
a = np.load(d + '/a.npy'); b = np.load(d + '/b.npy')
assert a.dtype == np.int8 and a.shape == (2, 3) and a.tolist() == [[-128, -1, 0], [1, 2, 127]], a
assert b.dtype == np.float32 and b.tolist() == [0.5, -1.25, np.float32(3e-8).item(), np.float32(1e30).item()], b
np.save(d + '/c.npy', np.arange(24, dtype=np.uint8).reshape(2, 3, 4))
np.save(d + '/d.npy', np.array([-7, 70000], dtype=np.int32))
np.save(d + '/e.npy', np.array(3.5, dtype=np.float32))
`;
    const r = spawnSync("/usr/bin/python3", ["-c", script, dir], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const c = parseNpy(new Uint8Array(readFileSync(join(dir, "c.npy"))));
    assert.deepEqual([c.dtype, c.shape, Array.from(c.data as Uint8Array).slice(-2)], ["uint8", [2, 3, 4], [22, 23]]);
    const d = parseNpy(new Uint8Array(readFileSync(join(dir, "d.npy"))));
    assert.deepEqual([d.dtype, Array.from(d.data as Int32Array)], ["int32", [-7, 70000]]);
    const e = parseNpy(new Uint8Array(readFileSync(join(dir, "e.npy"))));
    assert.deepEqual([e.shape, Array.from(e.data as Float32Array)], [[], [3.5]]);
  });

  it("rejects foreign, truncated, big-endian and Fortran-ordered files with a reason", () => {
    const good = formatNpy({ dtype: "int8", shape: [4], data: new Int8Array(4) });
    const bad = (bytes: Uint8Array, pattern: RegExp) => assert.throws(() => parseNpy(bytes, "x.npy"), (e: unknown) => e instanceof NpyError && pattern.test(e.message));
    bad(new TextEncoder().encode("hello world, not numpy"), /not a NumPy \.npy file/);
    bad(good.subarray(0, good.length - 1), /truncated: shape \(4\) of int8 needs 4 data bytes, found 3/);
    bad(good.subarray(0, 20), /truncated inside its header/);
    const text = Buffer.from(good).toString("latin1");
    bad(new Uint8Array(Buffer.from(text.replace("|i1", ">i4"), "latin1")), /dtype >i4/);
    bad(new Uint8Array(Buffer.from(text.replace("False", "True "), "latin1")), /Fortran order/);
  });
});
