import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";

/**
 * Unpacks `zip` into `dir` with Python's zipfile, an implementation independent of the one
 * that wrote it, keeping each entry's Unix mode as unzip does. Returns the entries' names.
 */
export function unpackZip(zip: string, dir: string): string[] {
  const py = spawnSync("python3", ["-c", [
    "import json, os, sys, zipfile",
    "z = zipfile.ZipFile(sys.argv[1])",
    "z.extractall(sys.argv[2])",
    "[os.chmod(os.path.join(sys.argv[2], i.filename), (i.external_attr >> 16) & 0o777) for i in z.infolist() if not i.is_dir()]",
    "print(json.dumps([i.filename for i in z.infolist()]))",
  ].join("\n"), zip, dir], { encoding: "utf8" });
  assert.equal(py.status, 0, py.stderr);
  return JSON.parse(py.stdout) as string[];
}
