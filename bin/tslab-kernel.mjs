#!/usr/bin/env node
// Starts the project's tslab kernel from the project root. tslab compiles imported
// TypeScript only below its working directory (it sets rootDir to it), so a kernel
// started in notebooks/ could not import lib/. Jupyter and `tinyml run` both start
// kernels through this file, so notebooks see the same working directory everywhere.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadWithCodeCache } from "./loadWithCodeCache.mjs";
import { stripDocComments } from "./stripDocComments.mjs";

// The grader gives each submission its own folder (TINYML_KERNEL_CWD), which links lib/ and node_modules/.
process.chdir(process.env.TINYML_KERNEL_CWD ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
const require = createRequire(import.meta.url);
const tslabMain = require.resolve("tslab/dist/main.js");
// Start-up caches live where other tools keep theirs, in node_modules/.cache.
const cacheDir = join(dirname(tslabMain), "..", "..", ".cache", "tinyml-kernel");
const typescript = loadWithCodeCache(tslabMain, "@tslab/typescript-for-tslab", cacheDir);
const ts = typescript.exports;

// tslab 1.0.22's converter lets TypeScript's watch host keep one pending timer between
// cells and throws "Unexpected pending rebuildTimer" when a second one is set. A file
// created anywhere in the project while a cell runs makes a directory watcher schedule
// TypeScript's failed-lookup invalidation, a timer of its own; the next cell's program
// update then throws and fails that cell, or kills the kernel if it lands mid-cell
// (tests/notebook/runNotebook.test.ts creates two files during a cell).
// Directory watches only serve modules created after the kernel started: restart the
// kernel for those. File watches stay, so edits to imported lib files are still seen
// (they share the program-update timer, which TypeScript clears before resetting), and
// a stray second timer from one is dropped: the pending update sees that change too.
const tolerant = (callback) => (...args) => {
  try {
    return callback(...args);
  } catch (e) {
    if (!(e instanceof Error && e.message === "Unexpected pending rebuildTimer")) throw e;
  }
};
const { watchFile } = ts.sys;
ts.sys.watchFile = (path, callback, ...rest) => watchFile.call(ts.sys, path, tolerant(callback), ...rest);
ts.sys.watchDirectory = () => ({ close() {} });

// The project's own client (runner, grader, bench) sets TINYML_KERNEL_NO_DOCS: it never
// asks for hover help, so declaration files are read without their doc comments, which
// cuts about 200 ms of TypeScript start-up. Jupyter's kernels keep the docs. Stripped
// texts are cached beside the other tools' caches, keyed by path, size and mtime.
if (process.env.TINYML_KERNEL_NO_DOCS === "1") {
  const { readFile } = ts.sys;
  ts.sys.readFile = (path, encoding) => {
    if (!path.endsWith(".d.ts")) return readFile.call(ts.sys, path, encoding);
    let key = null;
    try {
      const st = statSync(path);
      // The "v1" changes whenever stripDocComments does, so old cached texts are not reused.
      key = join(cacheDir, createHash("sha1").update(`v1\0${path}\0${st.size}\0${st.mtimeMs}`).digest("hex"));
      return readFileSync(key, "utf8");
    } catch {
      // not cached yet, or the file is missing: TypeScript's own read says which
    }
    const text = readFile.call(ts.sys, path, encoding);
    if (text === undefined) return text;
    const stripped = stripDocComments(ts, text);
    if (key !== null) {
      try {
        mkdirSync(cacheDir, { recursive: true });
        // A private name, then rename: kernels started side by side never read half a file.
        const tmp = `${key}.${process.pid}`;
        writeFileSync(tmp, stripped);
        renameSync(tmp, key);
      } catch {
        // a read-only install runs without the cache
      }
    }
    return stripped;
  };
}

// The library's long loops stop when the kernel is interrupted (lib/viz/kernelInterrupts.ts):
// record each SIGINT's time for them. Installed here, before any cell runs: a SIGINT listener
// added while a cell's synchronous code runs under node:vm's breakOnSigint leaves the process
// to be killed by the next SIGINT.
process.on("SIGINT", () => {
  globalThis[Symbol.for("tinyml.lastInterrupt")] = performance.now();
});

// tslab answers Jupyter's interrupt by ending the running cell with one shared Error,
// "Interrupted asynchronously", printed with a stack trace of tslab's internals that tells a
// student nothing. Its stack is formatted once, lazily: make that one line. The library's
// loops see the same SIGINT and stop at their next step (lib/viz/kernelInterrupts.ts).
const formatStack = Error.prepareStackTrace;
Error.prepareStackTrace = (err, frames) => {
  if (err instanceof Error && err.message === "Interrupted asynchronously") {
    return "Interrupted: the cell was stopped (training, scans and other library loops stop at their next step and keep its result)";
  }
  return formatStack ? formatStack(err, frames) : `${String(err)}${frames.map((f) => `\n    at ${f}`).join("")}`;
};

// A cell run before the setup cells (or after a kernel restart) fails with "Cannot find name
// 'check'", which does not say what to do. tslab prints its diagnostics with the console.error
// it captures at start-up: wrap it first, and add one hint per failing cell.
const printError = console.error;
let hinted = false;
console.error = (...args) => {
  printError(...args);
  const name = /Cannot find name '([^']+)'/.exec(args.map(String).join(" "))?.[1];
  if (name === undefined || hinted) return;
  hinted = true;
  setImmediate(() => { hinted = false; });
  printError(`hint: ${name} is not defined in this kernel. If an earlier cell defines or imports it, run the cells above first (Run > Run All Above): a kernel restart forgets them.`);
};

require(tslabMain).main();
// main() has built TypeScript's program by now, so the cache holds what start-up compiled.
setImmediate(typescript.saveCache);
