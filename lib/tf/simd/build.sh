#!/usr/bin/env bash
# Builds trainKernels.wasm from trainKernels.c with Debian 12's clang 14 and lld 14
# (apt-get install clang-14 lld-14). The .wasm is committed; CI rebuilds it and fails if
# the bytes differ, so the binary is always this source's. The versions are pinned
# because another compiler makes other (equally valid) bytes. Usage: build.sh [OUT]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/trainKernels.wasm}"
for tool in clang-14 wasm-ld-14 llvm-objdump-14; do
  command -v "$tool" > /dev/null || { echo "build.sh: $tool is missing: apt-get install clang-14 lld-14" >&2; exit 1; }
done
# -ffile-prefix-map and no debug info keep the bytes independent of the checkout's path.
clang-14 --target=wasm32 -O2 -msimd128 -nostdlib -ffreestanding -fno-builtin -Wall -Werror \
  -ffile-prefix-map="$here"=. \
  -Wl,--no-entry -Wl,--import-memory -Wl,--strip-all -Wl,-z,stack-size=0 \
  -o "$out" "$here/trainKernels.c"
# The module shares tfjs's memory, so it must not place data or a stack in it.
node -e '
const m = new WebAssembly.Module(require("fs").readFileSync(process.argv[1]));
const bytes = require("fs").readFileSync(process.argv[1]);
let p = 8; const sections = [];
const leb = () => { let r = 0, s = 0, b; do { b = bytes[p++]; r |= (b & 127) << s; s += 7; } while (b & 128); return r; };
while (p < bytes.length) { const id = bytes[p++]; const size = leb(); sections.push(id); p += size; }
if (sections.includes(11)) { console.error("build.sh: the module has a data segment"); process.exit(1); }
const imports = WebAssembly.Module.imports(m).map((i) => i.module + "." + i.name + ":" + i.kind).join(" ");
if (imports !== "env.memory:memory") { console.error("build.sh: unexpected imports " + imports); process.exit(1); }
' "$out"
# wasm-ld always defines __stack_pointer; no instruction may use it.
if llvm-objdump-14 -d "$out" | grep -q "global\.[gs]et"; then
  echo "build.sh: the code uses a shadow stack (an array or address-taken local?)" >&2
  exit 1
fi
