import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { zipSync, type Zippable } from "fflate";
import { projectRoot } from "../lib/projectRoot.js";
import { writeFileAtomic } from "../lib/writeFileAtomic.js";
import type { LabSpec } from "./exerciseSpec.js";
import type { CapstoneSpec } from "./labs/capstone.js";
import { stripSolutions } from "./solutionRegions.js";
import { filesUnder } from "../lib/filesUnder.js";

/** Where the course sits inside the autograder's source folder (/autograder/source on Gradescope). */
export const GRADESCOPE_COURSE_DIR = "course";

/** The capstone is graded on its .tflite, not on functions: its spec has tracks instead of exercises. */
export function isCapstone(spec: LabSpec | CapstoneSpec): spec is CapstoneSpec {
  return "tracks" in spec;
}

/** Labs whose grading builds and runs firmware need the Arm toolchain and QEMU in the image (the capstone measures Track A on QEMU). */
function needsArmToolchain(spec: LabSpec | CapstoneSpec): boolean {
  return isCapstone(spec) ? spec.tracks.some((t) => t.qemu !== null) : spec.libFiles.some((f) => f.startsWith("lib/deploy/"));
}

function setupScript(spec: LabSpec | CapstoneSpec): string {
  const apt = ["ca-certificates", "curl", "gnupg", "bubblewrap", ...(needsArmToolchain(spec) ? ["gcc", "make", "gcc-arm-none-eabi", "libnewlib-arm-none-eabi", "qemu-system-arm"] : [])];
  return `#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (in /autograder/source).
set -euo pipefail
HERE="$(cd "$(dirname "\${BASH_SOURCE[0]}")" && pwd)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# bubblewrap: every submission's kernel runs sandboxed (no files outside its folder, no network).
apt-get install -y -q --no-install-recommends ${apt.join(" ")}
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null; then
  # Node 20 from NodeSource's Debian/Ubuntu repository (the distribution's nodejs is too old on Gradescope's images).
  mkdir -p /etc/apt/keyrings
  curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key | gpg --dearmor --yes -o /etc/apt/keyrings/nodesource.gpg
  echo "deb [signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_20.x nodistro main" > /etc/apt/sources.list.d/nodesource.list
  apt-get update -q
  apt-get install -y -q nodejs
fi
bash "$HERE/install_course.sh"
`;
}

const INSTALL_SCRIPT = `#!/usr/bin/env bash
# The npm step of setup.sh: the course's exact dependencies (package-lock.json), nothing downloaded at grading time.
set -euo pipefail
HERE="$(cd "$(dirname "\${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE/${GRADESCOPE_COURSE_DIR}"
npm ci --no-audit --no-fund --prefer-offline
`;

function runScript(spec: LabSpec | CapstoneSpec): string {
  return `#!/usr/bin/env bash
# Gradescope copies this to /autograder/run_autograder and runs it once per submission, in a fresh container.
# AUTOGRADER_ROOT replaces /autograder (the project's tests use it to mimic the layout).
set -uo pipefail
ROOT="\${AUTOGRADER_ROOT:-/autograder}"
mkdir -p "$ROOT/results"
cd "$ROOT/source/${GRADESCOPE_COURSE_DIR}" || exit 1
exec node bin/tinyml.mjs gradescope-run --lab ${spec.lab} --submission "$ROOT/submission" --results "$ROOT/results/results.json"
`;
}

function readme(spec: LabSpec | CapstoneSpec): string {
  if (isCapstone(spec)) {
    return `TinyML.ts autograder for the capstone, lab ${spec.lab} (${spec.master}).

Upload this zip as a Gradescope "Autograder" (Ubuntu base image) and turn on the assignment's leaderboard. setup.sh
installs the Arm toolchain, QEMU and Node 20, then runs install_course.sh (npm ci in ${GRADESCOPE_COURSE_DIR}/). Students
upload ${spec.modelFile} (and their notebook, for the design report). run_autograder reads the model (no submitted code
runs), prices it per track, measures Track A on QEMU, runs the hidden clips, and writes
/autograder/results/results.json with the leaderboard entries (accuracy, latency, peak SRAM, flash).

${GRADESCOPE_COURSE_DIR}/ holds the course and the hidden clips (grading/hidden/capstone/clips); not the master's model
nor the clips' seed.
`;
  }
  return `TinyML.ts autograder for lab ${spec.lab} (${spec.master}).

Upload this zip as a Gradescope "Autograder" (Ubuntu base image). setup.sh installs bubblewrap${needsArmToolchain(spec) ? ", the Arm toolchain, QEMU" : ""}
and Node 20, then runs install_course.sh (npm ci in ${GRADESCOPE_COURSE_DIR}/). run_autograder grades the .ipynb in
/autograder/submission with each kernel sandboxed, and writes /autograder/results/results.json.

${GRADESCOPE_COURSE_DIR}/ holds the course with this lab's hidden cases and the references of this lab and earlier
ones; later labs' solutions are stubbed and other labs' hidden cases are left out. Students never see this folder:
their code runs under bubblewrap, which exposes only the released lab.
`;
}

/**
 * Writes the course tree the autograder needs into `dest`: package files, bin/, lib/
 * (solution regions of labs after `spec`'s replaced by stubs), datasets/, grading/ with
 * only this lab's hidden cases (and a registry naming only them), and this lab's master
 * notebook. No tests, no .git, no other lab's notebook or hidden cases.
 */
export function writeAutograderCourse(spec: LabSpec, labs: readonly LabSpec[], dest: string, root = projectRoot()): void {
  mkdirSync(dest, { recursive: true });
  for (const entry of ["package.json", "package-lock.json", ".npmrc", "tsconfig.json", "bin", "lib", "datasets"]) {
    if (existsSync(join(root, entry))) cpSync(join(root, entry), join(dest, entry), { recursive: true, dereference: true });
  }
  for (const other of labs) {
    if (other.lab <= spec.lab) continue;
    for (const f of other.libFiles) writeFileSync(join(dest, f), stripSolutions(readFileSync(join(root, f), "utf8"), basename(f).replace(/\.ts$/, ""), f).text);
  }
  const hiddenFile = `lab${spec.lab}.ts`;
  cpSync(join(root, "grading"), join(dest, "grading"), {
    recursive: true,
    filter: (src) => {
      const parts = relative(join(root, "grading"), src).split(/[\\/]/);
      return parts[0] !== "public" && (parts[0] !== "hidden" || parts.length === 1 || parts[1] === hiddenFile);
    },
  });
  const hiddenExport = /export const (HIDDEN_\w+)/.exec(readFileSync(join(root, "grading", "hidden", hiddenFile), "utf8"))?.[1];
  if (hiddenExport === undefined) throw new Error(`grading/hidden/${hiddenFile} exports no HIDDEN_ constant`);
  writeFileSync(join(dest, "grading", "hidden", "hiddenRegistry.ts"),
    `import type { HiddenCases } from "../exerciseSpec.js";\nimport { ${hiddenExport} } from "./lab${spec.lab}.js";\n\n` +
    `/** Hidden cases of the one lab this autograder grades (written by tinyml gradescope). */\n` +
    `export const HIDDEN: Record<string, HiddenCases> = { "${spec.lab}": ${hiddenExport} };\n`);
  mkdirSync(dirname(join(dest, spec.master)), { recursive: true });
  cpSync(join(root, spec.master), join(dest, spec.master));
}

/**
 * The capstone's course tree: package files, bin/, lib/ and datasets/ as they are, grading/
 * with the hidden clips and their loader only (not the master's model, not the config with
 * the clips' seed, no other hidden cases), and the capstone's master notebook.
 */
export function writeCapstoneAutograderCourse(spec: CapstoneSpec, dest: string, root = projectRoot()): void {
  mkdirSync(dest, { recursive: true });
  for (const entry of ["package.json", "package-lock.json", ".npmrc", "tsconfig.json", "bin", "lib", "datasets"]) {
    if (existsSync(join(root, entry))) cpSync(join(root, entry), join(dest, entry), { recursive: true, dereference: true });
  }
  cpSync(join(root, "grading"), join(dest, "grading"), {
    recursive: true,
    filter: (src) => {
      const parts = relative(join(root, "grading"), src).split(/[\\/]/);
      if (parts[0] === "public") return false;
      if (parts[0] !== "hidden" || parts.length === 1) return true;
      return parts[1] === "capstone" && (parts.length === 2 || parts[2] === "hiddenClips.ts" || parts[2] === "clips");
    },
  });
  mkdirSync(dirname(join(dest, spec.master)), { recursive: true });
  cpSync(join(root, spec.master), join(dest, spec.master));
}

/** Unix mode bits as a zip entry's external attributes (made on Unix), so unzip keeps scripts executable. */
function unixEntry(data: Uint8Array, mode: number): Zippable[string] {
  return [data, { os: 3, attrs: (0o100000 | mode) << 16 }];
}

/**
 * Builds Gradescope's autograder zip for `spec`'s lab at `outZip`: setup.sh and
 * run_autograder at the root (Gradescope's required layout), install_course.sh (the npm
 * step), README.txt, and the course under `course/`. Returns the number of files.
 */
export function buildGradescopeAutograder(spec: LabSpec | CapstoneSpec, labs: readonly LabSpec[], outZip: string, root = projectRoot()): { files: number; bytes: number } {
  const stage = mkdtempSync(join(tmpdir(), "tinyml-gradescope-"));
  try {
    if (isCapstone(spec)) writeCapstoneAutograderCourse(spec, join(stage, GRADESCOPE_COURSE_DIR), root);
    else writeAutograderCourse(spec, labs, join(stage, GRADESCOPE_COURSE_DIR), root);
    const enc = new TextEncoder();
    const entries: Zippable = {
      "setup.sh": unixEntry(enc.encode(setupScript(spec)), 0o755),
      "run_autograder": unixEntry(enc.encode(runScript(spec)), 0o755),
      "install_course.sh": unixEntry(enc.encode(INSTALL_SCRIPT), 0o755),
      "README.txt": unixEntry(enc.encode(readme(spec)), 0o644),
    };
    for (const f of filesUnder(join(stage, GRADESCOPE_COURSE_DIR))) {
      const name = relative(stage, f).split("\\").join("/");
      entries[name] = unixEntry(new Uint8Array(readFileSync(f)), statSync(f).mode & 0o111 ? 0o755 : 0o644);
    }
    // A fixed time stamp: the same course gives the same zip bytes.
    const zip = zipSync(entries, { level: 6, mtime: new Date("2026-01-01T00:00:00Z") });
    mkdirSync(dirname(outZip), { recursive: true });
    writeFileAtomic(outZip, zip);
    return { files: Object.keys(entries).length, bytes: zip.length };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
