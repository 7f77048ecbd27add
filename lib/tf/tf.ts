import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { projectRoot } from "../projectRoot.js";
import { installFastBatchNormTraining } from "./fastBatchNormTraining.js";
import { setWasmFastKernels } from "./wasmFastKernels.js";
import { registerWasmGradientKernels } from "./wasmGradientKernels.js";

export { tf };

/** Backends in order of preference; "tensorflow" is tfjs-node's, used only if the user installed it. */
export type BackendName = "tensorflow" | "wasm" | "cpu";

function projectRequire(): NodeJS.Require {
  return createRequire(join(projectRoot(), "package.json"));
}

/**
 * tfjs-node is an optional accelerator: it cannot be installed on every machine (its
 * install script downloads libtensorflow), so it is looked up at run time and never
 * required. Returns its resolved entry point, or null.
 *
 * danfojs-node depends on tfjs-node; the project's npm override swaps that for plain
 * `@tensorflow/tfjs` under the same name, and npm may hoist the alias to
 * `node_modules/@tensorflow/tfjs-node`. So a package found under that name counts only
 * if its own package.json says it is tfjs-node (the alias says "@tensorflow/tfjs").
 * `root` is the folder whose node_modules are searched (default: the project).
 */
export function findTfjsNode(root = projectRoot()): string | null {
  const req = createRequire(join(root, "package.json"));
  try {
    const manifest = JSON.parse(readFileSync(req.resolve("@tensorflow/tfjs-node/package.json"), "utf8")) as { name?: unknown };
    if (manifest.name !== "@tensorflow/tfjs-node") return null;
    return req.resolve("@tensorflow/tfjs-node");
  } catch {
    return null;
  }
}

async function init(): Promise<BackendName> {
  const wanted = process.env.TINYML_TF_BACKEND as BackendName | undefined;
  if (wanted !== undefined && !["tensorflow", "wasm", "cpu"].includes(wanted)) {
    throw new Error(`TINYML_TF_BACKEND=${wanted} is not one of tensorflow, wasm, cpu`);
  }
  const nodePath = wanted === undefined || wanted === "tensorflow" ? findTfjsNode() : null;
  if (nodePath !== null) {
    await import(nodePath);
    // Only the native package registers "tensorflow"; anything else under its name is not it.
    if (tf.findBackendFactory("tensorflow") !== null && (await tf.setBackend("tensorflow"))) return "tensorflow";
  }
  if (wanted === "tensorflow") throw new Error("TINYML_TF_BACKEND=tensorflow but @tensorflow/tfjs-node is not installed");
  if (wanted === "cpu") {
    await tf.setBackend("cpu");
    return "cpu";
  }
  // Point the wasm loader at the package's own files: under tslab the bundle's
  // __dirname guess can be wrong.
  const wasmDir = dirname(projectRequire().resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
  setWasmPaths(wasmDir + "/");
  registerWasmGradientKernels();
  installFastBatchNormTraining();
  setWasmFastKernels(process.env.TINYML_WASM_FAST_KERNELS !== "0");
  const before = { uncaught: process.listeners("uncaughtException"), rejection: process.listeners("unhandledRejection") };
  if (!(await tf.setBackend("wasm"))) throw new Error("the tfjs wasm backend failed to initialise");
  // Emscripten's Node shell, loaded with the backend, installs handlers that rethrow
  // any uncaught exception or rejection: a stray error anywhere (a tslab file-watcher
  // event, say) then kills the process with exit code 7 before the host's own
  // handler can report it. The host (tslab, mocha, the CLI) keeps its handlers.
  for (const l of process.listeners("uncaughtException")) if (!before.uncaught.includes(l)) process.removeListener("uncaughtException", l);
  for (const l of process.listeners("unhandledRejection")) if (!before.rejection.includes(l)) process.removeListener("unhandledRejection", l);
  return "wasm";
}

let pending: Promise<BackendName> | null = null;

/**
 * Selects and initialises the backend once (tfjs-node if installed, else wasm with the
 * project's gradient kernels; TINYML_TF_BACKEND=wasm|cpu|tensorflow forces one) and
 * resolves with its name. Await it before the first tf call: tfjs backends start
 * asynchronously.
 */
export function tfReady(): Promise<BackendName> {
  pending ??= init();
  return pending;
}
