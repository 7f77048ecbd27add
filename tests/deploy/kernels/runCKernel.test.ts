import { strict as assert } from "node:assert";
import { join } from "node:path";
import { ARM_TOOLCHAIN_INSTALL } from "../../../lib/deploy/deployTargets.js";
import { hasBubblewrap } from "../../../lib/deploy/kernels/sandboxArgv.js";
import { runCKernel } from "../../../lib/deploy/kernels/runCKernel.js";
import { missingToolchain } from "../../../lib/deploy/runProject.js";
import { multiplyByQuantizedMultiplier } from "../../../lib/ir/fixedPoint.js";
import { requireTool } from "../../support/requireTool.js";
import { ROOT } from "../../support/runCli.js";

const SIGNATURE = "int32_t student_dot(const int8_t *x, const int8_t *w, int32_t x_offset, int32_t n)";
const PLAIN = `${SIGNATURE} {\n  int32_t acc = 0;\n  for (int32_t i = 0; i < n; i++) acc += (x[i] + x_offset) * w[i];\n  return acc;\n}\n`;
const CASES = [8, 256].map((n, c) => ({ x: Int8Array.from({ length: n }, (_, i) => ((i * 37 + c) % 256) - 128), w: Int8Array.from({ length: n }, (_, i) => ((i * 91 + 3) % 256) - 128), xOffset: c === 0 ? 127 : -128 }));
const sum = (c: (typeof CASES)[number]) => c.x.reduce((a, v, i) => a + (v + c.xOffset) * c.w[i], 0);
const dot = { kind: "dot" as const, cases: CASES };

describe("deploy/kernels: runCKernel (a student's C kernel in a bench, on the host and on QEMU)", function () {
  this.timeout(120_000);

  it("a plain C dot product and a requantization give the hand-computed sums and TFLite's fixed-point results on the host", function () {
    if (!requireTool(this, missingToolchain("host") === null, "gcc and make", "sudo apt-get install gcc make")) return;
    assert.deepEqual(runCKernel(PLAIN, dot, "host").results, CASES.map(sum));
    // Written from TFLite's MultiplyByQuantizedMultiplier formula; the oracle is the interpreter's fixed-point code.
    const requant = `int32_t student_requantize(int32_t acc, int32_t m, int32_t shift, int32_t zp, int32_t lo, int32_t hi) {
  int64_t ab = (int64_t)(int32_t)((uint32_t)acc << (shift > 0 ? shift : 0)) * m;
  int32_t high = (int32_t)((ab + (ab >= 0 ? (1 << 30) : 1 - (1 << 30))) / ((int64_t)1 << 31));
  int32_t r = shift > 0 ? 0 : -shift, v = high;
  if (r > 0) { int32_t mask = (int32_t)((1u << r) - 1u); v = (high >> r) + ((high & mask) > (mask >> 1) + (high < 0) ? 1 : 0); }
  v += zp; return v < lo ? lo : v > hi ? hi : v;
}`;
    const cases = [[1000, 1 << 30, -3, 4], [-1000, 1 << 30, -3, -2], [20, 1 << 30, -2, 0], [-20, 1 << 30, -2, 0], [77, 1202590843, 2, 0]].map(([acc, multiplier, shift, zeroPoint]) => ({ acc, multiplier, shift, zeroPoint, actMin: -128, actMax: 127 }));
    const want = cases.map((c) => Math.min(127, Math.max(-128, multiplyByQuantizedMultiplier(c.acc, c.multiplier, c.shift) + c.zeroPoint)));
    assert.deepEqual(runCKernel(requant, { kind: "requantize", cases }, "host").results, want);
  });

  it("bad C gets one line each: the compiler's error with the source's line, a missing function, a wrong signature, a hang, a crash", function () {
    if (!requireTool(this, missingToolchain("host") === null, "gcc and make", "sudo apt-get install gcc make")) return;
    const fails = (source: string, re: RegExp, target: "host" | "m4" = "host") => assert.throws(() => runCKernel(source, dot, target, { timeoutMs: 3000 }), (e: Error) => e.name === "CKernelError" && re.test(e.message) && !e.message.includes("\n"));
    fails(`${SIGNATURE} {\n  int32_t acc = 0;\n  return acc + y;\n}\n`, /^your C does not compile: line 3: .*y.* undeclared/);
    fails("int32_t helper(void) { return 1; }\n", /^your C defines no int32_t student_dot\(/);
    fails("int32_t student_dot(int a) { return a; }\n", /^your function's signature differs from int32_t student_dot\(/);
    fails(`${SIGNATURE} { for (;;) {} }\n`, /did not finish within 3 s on the host and was stopped: an endless loop\?/);
    fails(`${SIGNATURE} { *(volatile int32_t *)0 = n; return 0; }\n`, /crashed on the host \(SIG(SEGV|BUS)\)/);
    if (missingToolchain("m4") !== null) return;
    fails(`${SIGNATURE} { *(volatile int32_t *)0x70000000u = n; return 0; }\n`, /ended in the Cortex-M4's fault handler/, "m4");
    fails(`${SIGNATURE} { for (;;) {} }\n`, /did not finish within 3 s on QEMU's Cortex-M4/, "m4");
  });

  it("on QEMU's Cortex-M4 the results equal the host's, with instructions per call", function () {
    if (!requireTool(this, missingToolchain("m4") === null, "the Arm toolchain and QEMU", ARM_TOOLCHAIN_INSTALL)) return;
    const run = runCKernel(PLAIN, dot, "m4");
    assert.deepEqual(run.results, CASES.map(sum));
    // A MAC of the plain loop costs a handful of instructions: two loads, an add, a multiply-add, the loop.
    const perMac = (run.instructions?.[1] ?? 0) / 256;
    assert.ok(perMac > 3 && perMac < 12, `${perMac} instructions per MAC`);
  });

  it("inside bubblewrap the kernel and its compiler see no file of the checkout (a submission cannot read hidden cases)", function () {
    if (!requireTool(this, hasBubblewrap(), "bubblewrap", "sudo apt-get install bubblewrap")) return;
    const hidden = join(ROOT, "grading", "hidden", "lab05.ts");
    const probe = `#include <stdio.h>\n${SIGNATURE} { FILE *f = fopen("${hidden}", "r"); (void)x; (void)w; (void)x_offset; (void)n; return f != NULL; }\n`;
    assert.deepEqual(runCKernel(probe, dot, "host").results, [0, 0]);
    // Nor can the compiler include it into an error message.
    assert.throws(() => runCKernel(`#include "${hidden}"\n`, dot, "host"), (e: Error) => /No such file or directory/.test(e.message) && !/HIDDEN_05/.test(e.message));
  });
});
