import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { tslabKernelArgv } from "./tslabKernelArgv.js";
import { writeFileAtomic } from "../writeFileAtomic.js";

export const KERNEL_NAME = "tslab";

/**
 * Registers the project's tslab as the Jupyter kernel "tslab" in `jupyterPath`
 * (a JUPYTER_PATH entry: the spec goes to `<jupyterPath>/kernels/tslab/kernel.json`).
 * Written directly rather than through `tslab install`, which needs a Python with
 * jupyter_client; the argv pins this Node binary and this checkout's tslab.
 * Returns the kernel.json path.
 */
export function installKernelSpec(jupyterPath: string): string {
  const dir = join(jupyterPath, "kernels", KERNEL_NAME);
  mkdirSync(dir, { recursive: true });
  const spec = {
    argv: tslabKernelArgv(),
    display_name: "TypeScript (TinyML.ts)",
    language: "typescript",
    interrupt_mode: "signal",
    metadata: { tinyml: true },
  };
  const path = join(dir, "kernel.json");
  writeFileAtomic(path, JSON.stringify(spec, null, 2) + "\n");
  return path;
}
