import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The command that starts the project's tslab kernel, with `{connection_file}` to be
 * replaced: this Node binary running bin/tslab-kernel.mjs, which starts the tslab in
 * the project's node_modules from the project root (so notebooks import `./lib/...`).
 * A globally installed tslab of another version is never picked up. `root` picks another
 * tree's launcher (the grader's release tree, with its own node_modules).
 */
export function tslabKernelArgv(root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")): string[] {
  return [process.execPath, join(root, "bin", "tslab-kernel.mjs"), "kernel", "--config-path", "{connection_file}"];
}
