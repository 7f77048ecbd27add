import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { peersSources } from "../../../lib/deploy/peersSources.js";
import type { Graph, TensorData } from "../../../lib/ir/Graph.js";
import { elementCount } from "../../../lib/ir/Graph.js";
import { allocate } from "../../../lib/ir/Interpreter.js";
import { writeTflite } from "../../../lib/ir/tflite/writeTflite.js";
import { ROOT } from "../runCli.js";

/** How a user's clone gets the same sources as ../shared/peers. */
export const TFLM_FETCH = "git clone https://github.com/tensorflow/tflite-micro && git -C tflite-micro checkout 90b983c2b3f1 && make -C tflite-micro -f tensorflow/lite/micro/tools/make/Makefile third_party_downloads, then set TINYML_TFLM to that folder";

/**
 * TFLM's micro/kernels files the oracle compiles: the kernels of the operators
 * that tflmOracle.cc registers, their *_common files, and the helpers they share.
 * Only these, so the build stays near a minute on two cores.
 */
const TFLM_KERNELS = ["activations", "add", "concatenation", "conv", "depthwise_conv", "dequantize", "expand_dims", "fully_connected", "gather",
  "leaky_relu", "log_softmax", "logistic", "maximum_minimum", "mul", "pad", "pooling", "quantize", "reduce", "pack", "prelu", "reshape", "resize_nearest_neighbor", "slice", "softmax", "split", "split_v", "squared_difference", "strided_slice", "unpack", "squeeze", "sub", "tanh", "transpose",
  "batch_matmul", "hard_swish", "l2_pool_2d", "resize_bilinear", "svdf", "transpose_conv", "unidirectional_sequence_lstm", "lstm_eval"];
const KERNEL_HELPERS = ["kernel_util", "micro_tensor_utils"];

/** TFLM's own host flags (tools/make/Makefile): static memory, no NEON, no RTTI or exceptions. */
const CXXFLAGS = ["-std=c++17", "-O2", "-fno-rtti", "-fno-exceptions", "-fno-threadsafe-statics", "-DTF_LITE_STATIC_MEMORY", "-DTF_LITE_DISABLE_X86_NEON", "-DKERNELS_OPTIMIZED_FOR_SPEED"];

/** The TFLM tree: $TINYML_TFLM, else the peers bundle's. Throws with TFLM_FETCH when neither exists. */
function tflmTree(): string {
  const env = process.env.TINYML_TFLM;
  if (env !== undefined && env !== "") {
    if (!existsSync(join(env, "tensorflow", "lite", "micro", "micro_interpreter.h"))) throw new Error(`TINYML_TFLM=${env} is not a tflite-micro checkout`);
    return env;
  }
  return join(peersSources(TFLM_FETCH), "tflite-micro");
}

/** Whether TFLM's sources can be had here, without saying why not. */
export function hasTflmSources(): boolean {
  try {
    tflmTree();
    return true;
  } catch {
    return false;
  }
}

const listCc = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith(".cc") && !f.endsWith("_test.cc")).map((f) => join(dir, f));

/** The library sources, relative to the tree: the interpreter's core, the TFLite helpers it links, and TFLM_KERNELS. */
function librarySources(tree: string): string[] {
  const rel = (p: string): string => p.slice(tree.length + 1);
  const micro = join(tree, "tensorflow", "lite", "micro");
  // Test doubles and recording allocators are part of TFLM's library target but nothing the interpreter calls.
  const core = listCc(micro).filter((f) => !/(test_helper|fake_micro_context|mock_micro_graph|recording_micro)/.test(f));
  const subdirs = ["arena_allocator", "memory_planner", "tflite_bridge"].flatMap((d) => listCc(join(micro, d))).filter((f) => !/recording_/.test(f));
  const kernels = [...TFLM_KERNELS.flatMap((k) => [k, `${k}_common`]), ...KERNEL_HELPERS].map((k) => join(micro, "kernels", `${k}.cc`)).filter(existsSync);
  const lite = ["tensorflow/compiler/mlir/lite/core/api/error_reporter.cc", "tensorflow/compiler/mlir/lite/schema/schema_utils.cc",
    "tensorflow/lite/core/api/flatbuffer_conversions.cc", "tensorflow/lite/core/api/tensor_utils.cc", "tensorflow/lite/core/c/common.cc",
    "tensorflow/lite/kernels/kernel_util.cc", "tensorflow/lite/kernels/internal/reference/portable_tensor_utils.cc",
    ...listCc(join(tree, "tensorflow", "lite", "kernels", "internal")).map(rel)];
  return [...[...core, ...subdirs, ...kernels].map(rel), ...lite];
}

let built: string | undefined;

/**
 * The oracle's executable (tests/support/tflm/tflmOracle.cc linked with TFLM's
 * reference kernels), built once per source tree and runner into the tree's
 * folder of the data cache, with make -j2 over a generated Makefile; a build
 * goes to a temporary folder renamed into place.
 */
export function tflmOracleBinary(): string {
  if (built !== undefined) return built;
  const tree = tflmTree();
  const runner = join(ROOT, "tests", "support", "tflm", "tflmOracle.cc");
  const sources = librarySources(tree);
  const key = createHash("sha256").update(readFileSync(runner)).update(sources.join("\n")).update(CXXFLAGS.join(" ")).digest("hex").slice(0, 12);
  const out = join(tree, "..", `tflm-oracle-${key}`);
  const binary = join(out, "tflm_oracle");
  if (existsSync(binary)) return (built = binary);
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const downloads = "tensorflow/lite/micro/tools/make/downloads";
  const includes = [".", downloads, `${downloads}/gemmlowp`, `${downloads}/flatbuffers/include`, `${downloads}/kissfft`, `${downloads}/ruy`].map((i) => `-I${join(tree, i)}`);
  const objects = sources.map((s, i) => ({ src: join(tree, s), obj: join(tmp, `${i}_${s.replace(/.*\//, "").replace(/\.cc$/, ".o")}`) }));
  const flags = [...CXXFLAGS, ...includes].join(" ");
  const makefile = [
    `${binary.replace(out, tmp)}: ${objects.map((o) => o.obj).join(" ")} ${runner}`,
    `\tg++ ${flags} ${runner} ${objects.map((o) => o.obj).join(" ")} -o $@`,
    ...objects.flatMap((o) => [`${o.obj}: ${o.src}`, `\tg++ ${flags} -c $< -o $@`]),
  ].join("\n");
  writeFileSync(join(tmp, "Makefile"), `${makefile}\n`);
  const r = spawnSync("make", ["-s", "-j2", "-C", tmp], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`TFLM's host oracle did not build: ${(r.stderr.split("\n").find((l) => /error/.test(l)) ?? r.stderr.slice(-500)).trim()}`);
  }
  if (!existsSync(binary)) { rmSync(out, { recursive: true, force: true }); renameSync(tmp, out); } else rmSync(tmp, { recursive: true, force: true });
  return (built = binary);
}

/** TFLM's outputs for one graph: outputs[s][k] is output k of sample s; or the reason TFLM refused the model. */
export type TflmResult = { ok: true; outputs: TensorData[][] } | { ok: false; error: string };

/**
 * Writes `graph` with the project's .tflite writer and runs `samples` (each a
 * list of input tensors in graph.inputs order) through TFLM's reference kernels.
 */
export function runTflm(graph: Graph, samples: TensorData[][]): TflmResult {
  const binary = tflmOracleBinary();
  const dir = mkdtempSync(join(tmpdir(), "tinyml-tflm-"));
  try {
    const model = join(dir, "model.tflite");
    writeFileSync(model, writeTflite(graph));
    const chunks = samples.flatMap((inputs) => inputs.map((t) => Buffer.from(t.buffer, t.byteOffset, t.byteLength)));
    writeFileSync(join(dir, "in.bin"), Buffer.concat(chunks));
    const r = spawnSync(binary, [model, join(dir, "in.bin"), join(dir, "out.bin")], { encoding: "utf8", maxBuffer: 1 << 26 });
    // TFLM logs why Prepare failed (on stdout, through DebugLog); the runner's own line is on stderr.
    if (r.status !== 0) return { ok: false, error: `${r.stdout}\n${r.stderr}`.split("\n").map((l) => l.trim()).filter((l) => l !== "").join(" / ").slice(-400) || `exit ${r.status ?? r.signal}` };
    const specs = graph.outputs.map((i) => graph.tensors[i]);
    const out = readFileSync(join(dir, "out.bin"));
    const outputs: TensorData[][] = [];
    let at = 0;
    for (let s = 0; s < samples.length; s++) {
      outputs.push(specs.map((t) => {
        const data = allocate(t.dtype, elementCount(t.shape));
        new Uint8Array(data.buffer).set(out.subarray(at, at + data.byteLength));
        at += data.byteLength;
        return data;
      }));
    }
    if (at !== out.length) return { ok: false, error: `TFLM wrote ${out.length} output bytes, the graph's outputs make ${at}` };
    return { ok: true, outputs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
