import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The command that starts the project's own tslab kernel, with `{connection_file}` to
 * be replaced. Uses this Node binary and the tslab in the project's node_modules, so a
 * globally installed tslab of another version is never picked up by accident.
 */
export function tslabKernelArgv(): string[] {
  return [process.execPath, tslabBinary(), "kernel", "--config-path", "{connection_file}"];
}

/** Absolute path of node_modules/tslab/bin/tslab. */
export function tslabBinary(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("tslab/package.json")), "bin", "tslab");
}
