#!/usr/bin/env node
// Starts the project's tslab kernel from the project root. tslab compiles imported
// TypeScript only below its working directory (it sets rootDir to it), so a kernel
// started in notebooks/ could not import lib/. Jupyter and `tinyml run` both start
// kernels through this file, so notebooks see the same working directory everywhere.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// The grader gives each submission its own folder (TINYML_KERNEL_CWD), which links lib/ and node_modules/.
process.chdir(process.env.TINYML_KERNEL_CWD ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
const require = createRequire(import.meta.url);
const tslabMain = require.resolve("tslab/dist/main.js");

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
const ts = createRequire(tslabMain)("@tslab/typescript-for-tslab");
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

require(tslabMain).main();
