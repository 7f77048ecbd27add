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
createRequire(import.meta.url)("tslab/dist/main.js").main();
