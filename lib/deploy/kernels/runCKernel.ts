import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARM_TOOLCHAIN_INSTALL, MCU_BOARDS } from '../deployTargets.js';
import { cSource } from '../cSource.js';
import { mcuLinkerScript } from '../mcuLinkerScript.js';
import { sandboxArgv } from './sandboxArgv.js';

/** One call of `int32_t student_requantize(acc, multiplier, shift, zero_point, act_min, act_max)`; all int32. */
export interface RequantizeCase { acc: number; multiplier: number; shift: number; zeroPoint: number; actMin: number; actMax: number }

/** One call of `int32_t student_dot(const int8_t *x, const int8_t *w, int32_t x_offset, int32_t n)`: n = x.length = w.length, a multiple of 4. */
export interface DotCase { x: Int8Array; w: Int8Array; xOffset: number }

/** The kernels a student writes in C, by the function the source must define. */
export type CKernel =
  | { kind: 'requantize'; cases: readonly RequantizeCase[] }
  | { kind: 'dot'; cases: readonly DotCase[] };

export const C_KERNEL_SIGNATURES: Record<CKernel['kind'], string> = {
  requantize: 'int32_t student_requantize(int32_t acc, int32_t multiplier, int32_t shift, int32_t zero_point, int32_t act_min, int32_t act_max)',
  dot: 'int32_t student_dot(const int8_t *x, const int8_t *w, int32_t x_offset, int32_t n)',
};

/** What a kernel's run gave: one int32 per case, and on a board the instructions each call took (resolution 40). */
export interface CKernelRun {
  results: number[];
  instructions: number[] | null;
}

/** A kernel that did not build or run, with the one line a student needs. */
export class CKernelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CKernelError';
  }
}

function signalName(n: number): string {
  return Object.entries(constants.signals).find(([, v]) => v === n)?.[0] ?? `signal ${n}`;
}

const TIMEOUT_MS = { host: 10_000, m4: 20_000 };

function benchSource(k: CKernel): string {
  const list = (v: ArrayLike<number>) => Array.from(v).join(', ');
  if (k.kind === 'requantize') {
    const col = (f: keyof RequantizeCase) => `static const int32_t ${f}_[] = { ${list(k.cases.map((c) => c[f]))} };`;
    return `#include <stdint.h>
#include "bench.h"
${(['acc', 'multiplier', 'shift', 'zeroPoint', 'actMin', 'actMax'] as const).map(col).join('\n')}
int32_t bench_case(int32_t i) { return student_requantize(acc_[i], multiplier_[i], shift_[i], zeroPoint_[i], actMin_[i], actMax_[i]); }
`;
  }
  const starts: number[] = [];
  let at = 0;
  for (const c of k.cases) { starts.push(at); at += c.x.length; }
  return `#include <stdint.h>
#include "bench.h"
static const int8_t x_[] __attribute__((aligned(4))) = { ${list(k.cases.flatMap((c) => Array.from(c.x)))} };
static const int8_t w_[] __attribute__((aligned(4))) = { ${list(k.cases.flatMap((c) => Array.from(c.w)))} };
static const int32_t start_[] = { ${list(starts)} };
static const int32_t n_[] = { ${list(k.cases.map((c) => c.x.length))} };
static const int32_t offset_[] = { ${list(k.cases.map((c) => c.xOffset))} };
int32_t bench_case(int32_t i) { return student_dot(x_ + start_[i], w_ + start_[i], offset_[i], n_[i]); }
`;
}

function check(k: CKernel): void {
  if (k.cases.length === 0) throw new CKernelError('no cases to run');
  if (k.kind === 'dot') {
    for (const c of k.cases) {
      if (c.x.length !== c.w.length || c.x.length % 4 !== 0) throw new CKernelError(`a dot case needs x and w of one length, a multiple of 4; got ${c.x.length} and ${c.w.length}`);
    }
  }
}

/** The compiler's or linker's first problem, in the student's terms. */
function buildProblem(text: string, k: CKernel): string {
  if (/conflicting types for .student_/.test(text)) return `your function's signature differs from ${C_KERNEL_SIGNATURES[k.kind]}`;
  const own = /student\.c:(\d+):(?:\d+:)? (?:fatal )?error: (.*)/.exec(text);
  if (own !== null) return `your C does not compile: line ${own[1]}: ${own[2]}`;
  if (/undefined reference to `student_/.test(text)) return `your C defines no ${C_KERNEL_SIGNATURES[k.kind]}`;
  const first = text.split('\n').find((l) => /error/.test(l)) ?? text.trim().split('\n')[0] ?? '';
  return `your C does not build: ${first.replace(/^.*?: /, '')}`;
}

function run(argv: string[], dir: string, timeoutMs: number): { stdout: string; stderr: string; status: number | null; signal: NodeJS.Signals | null; timedOut: boolean } {
  const full = sandboxArgv(argv, dir);
  const r = spawnSync(full[0], full.slice(1), { cwd: dir, encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1 << 24 });
  const timedOut = r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
  if (r.error !== undefined && !timedOut) throw new CKernelError(`could not start ${argv[0]}: ${r.error.message}`);
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status, signal: r.signal, timedOut };
}

/**
 * Build a student's C kernel (`source`, one function with the kind's
 * signature; <stdint.h>, its prototype and the course's tinyml_simd.h, with tinyml_smlad,
 * tinyml_sxtb16 and friends, are included for it) into a small bench, and run
 * every case: on the host (`host`, DSP instructions emulated in C) or on QEMU's
 * Cortex-M4 (`m4`, with instruction counts). Compilation and run happen inside
 * bubblewrap where it is installed (see sandboxArgv); a run is stopped after
 * `timeoutMs` (10 s on the host, 20 s on QEMU). Throws CKernelError with
 * one line: the compiler's first error with the line of `source`, a missing
 * or mistyped function, a run that hangs (a timeout), or one that faults.
 */
export function runCKernel(source: string, kernel: CKernel, target: 'host' | 'm4', opts: { timeoutMs?: number } = {}): CKernelRun {
  check(kernel);
  const tool = target === 'host' ? 'cc' : 'arm-none-eabi-gcc';
  if (spawnSync('sh', ['-c', `command -v ${tool}${target === 'm4' ? ' && command -v qemu-system-arm' : ''}`]).status !== 0) {
    throw new CKernelError(target === 'host' ? 'no C compiler: install one with sudo apt-get install gcc make' : `the Arm toolchain or QEMU is missing: ${ARM_TOOLCHAIN_INSTALL}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'tinyml-kernel-'));
  try {
    writeFileSync(join(dir, 'student.c'), source);
    // The expected prototype is included into the student's file too, so a wrong signature fails to compile.
    writeFileSync(join(dir, 'bench.h'), `#include <stdint.h>\n${C_KERNEL_SIGNATURES[kernel.kind]};\nint32_t bench_case(int32_t i);\n#define BENCH_CASES ${kernel.cases.length}\n`);
    writeFileSync(join(dir, 'bench.c'), benchSource(kernel));
    writeFileSync(join(dir, 'tinyml_simd.h'), cSource('tinyml_simd.h'));
    const common = ['-O2', '-std=c99', '-include', 'bench.h', '-include', 'tinyml_simd.h'];
    let argv: string[];
    if (target === 'host') {
      writeFileSync(join(dir, 'main.c'), cSource('kernel_bench_host.c'));
      argv = ['cc', ...common, '-o', 'bench', 'student.c', 'bench.c', 'main.c'];
    } else {
      const b = MCU_BOARDS.m4;
      writeFileSync(join(dir, 'main.c'), cSource('kernel_bench_mcu.c'));
      writeFileSync(join(dir, 'startup.c'), cSource('mcu/startup.c'));
      writeFileSync(join(dir, 'semihost.h'), cSource('mcu/semihost.h'));
      writeFileSync(join(dir, 'board.ld'), mcuLinkerScript(b));
      argv = ['arm-none-eabi-gcc', ...b.cpuFlags, ...common, '--specs=nano.specs', '-nostartfiles', '-T', 'board.ld', '-o', 'bench.elf', 'student.c', 'bench.c', 'main.c', 'startup.c', '-lc', '-lgcc'];
    }
    const built = run(argv, dir, 60_000);
    if (built.timedOut) throw new CKernelError('your C took over a minute to compile');
    if (built.status !== 0) throw new CKernelError(buildProblem(`${built.stderr}\n${built.stdout}`, kernel));
    const exec = target === 'host' ? ['./bench']
      : ['qemu-system-arm', '-M', MCU_BOARDS.m4.machine, '-nographic', '-monitor', 'none', '-serial', 'none', '-semihosting-config', 'enable=on,target=native', '-icount', 'shift=0', '-kernel', 'bench.elf'];
    const timeoutMs = opts.timeoutMs ?? TIMEOUT_MS[target];
    const r = run(exec, dir, timeoutMs);
    if (r.timedOut) throw new CKernelError(`your kernel did not finish within ${timeoutMs / 1000} s on ${target === 'host' ? 'the host' : "QEMU's Cortex-M4"} and was stopped: an endless loop?`);
    // Inside bubblewrap a signal comes back as the exit status 128 + its number.
    const signal = r.signal ?? (target === 'host' && r.status !== null && r.status > 128 ? signalName(r.status - 128) : null);
    if (signal !== null) throw new CKernelError(`your kernel crashed on the host (${signal}): a read or write out of bounds?`);
    if (r.status !== 0) throw new CKernelError(target === 'm4' ? "your kernel ended in the Cortex-M4's fault handler: a read or write out of bounds?" : `your kernel's bench exited with status ${r.status}`);
    // QEMU writes semihosting text to its stderr.
    const text = `${r.stdout}\n${r.stderr}`;
    const results: number[] = [];
    const instructions: number[] = [];
    for (const m of text.matchAll(/^result (\d+) (-?\d+)(?: (\d+))?$/gm)) {
      results[Number(m[1])] = Number(m[2]);
      if (m[3] !== undefined) instructions[Number(m[1])] = Number(m[3]);
    }
    if (results.length !== kernel.cases.length || results.some((v) => v === undefined)) throw new CKernelError(`the bench printed ${results.length} of ${kernel.cases.length} results: did your kernel write over memory it does not own?`);
    return { results, instructions: target === 'm4' ? instructions : null };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
