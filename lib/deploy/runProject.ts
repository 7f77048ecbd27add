import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { GraphError } from '../ir/GraphError.js';
import type { DeployTarget } from './deployTargets.js';
import { ARM_TOOLCHAIN_INSTALL, MCU_BOARDS } from './deployTargets.js';
import { compilerCache } from './compilerCache.js';

/** What a built project printed: its outputs and, per layer, wall time (host, ns) or instructions (board). */
export interface ProjectRun {
  outputs: Int8Array[];
  /** Per layer: mean ns per inference on the host; instructions of the first inference on a board (resolution 40). */
  layerCounts: number[];
  unit: 'ns' | 'instructions';
  /** On a board: the stack's high-water mark over the first inference, bytes (main's and the reset handler's frames included); null on the host. */
  stackBytes: number | null;
  /** Built with dumps: each layer's output of the first sample (the last one printed for a layer), or null where none was printed. */
  dumps: (Int8Array | null)[];
}

/** A build or run problem, with the one line a user needs. */
export class DeployError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeployError';
  }
}

function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

/** The tools a target needs that are missing, with the command that installs them; null when all are there. */
export function missingToolchain(target: DeployTarget): string | null {
  const need = target === 'host' ? ['make', 'cc'] : ['make', 'arm-none-eabi-gcc', 'qemu-system-arm'];
  const missing = need.filter((c) => !hasCommand(c));
  if (missing.length === 0) return null;
  const how = target === 'host' ? 'sudo apt-get install gcc make' : ARM_TOOLCHAIN_INSTALL;
  return `${missing.join(', ')} not found; install with: ${how}`;
}

/** Build the project in `dir` with make; a failure reports the compiler's first error (file:line: error: ...). */
export function buildProject(dir: string, target: DeployTarget): void {
  const missing = missingToolchain(target);
  if (missing !== null) throw new DeployError(missing);
  // Sources compile side by side: a build is a few files, so a handful of jobs is enough.
  const args = ['-s', `-j${Math.min(4, availableParallelism())}`, '-C', dir];
  // The kernel sources are the same in every project: ccache (when there) reuses their objects.
  const cache = compilerCache();
  const compiler = target === 'host' ? (process.env.CC !== undefined && process.env.CC !== '' ? process.env.CC : 'cc') : 'arm-none-eabi-gcc';
  if (cache !== null) args.push(`CC=${cache.launcher} ${compiler}`);
  const env = cache === null ? process.env : { ...process.env, CCACHE_DIR: cache.dir };
  const r = spawnSync('make', args, { encoding: 'utf8', env });
  if (r.status !== 0) {
    const text = `${r.stderr}\n${r.stdout}`;
    const overflow = /region [`']?(\w+)'? overflowed by (\d+) bytes/.exec(text);
    if (overflow !== null) throw new DeployError(`the firmware does not fit the board's ${overflow[1]}: ${overflow[2]} bytes too many`);
    const lines = text.split('\n');
    const first = lines.find((l) => /: (fatal )?error:|undefined reference/.test(l)) ?? lines.find((l) => /error/i.test(l)) ?? text.trim();
    throw new DeployError(`build failed in ${dir}: ${first.trim()}`);
  }
}

/** Run a built project and parse what it prints; a board run is killed after `timeoutMs`. */
export function runProject(dir: string, target: DeployTarget, timeoutMs = 300_000): ProjectRun {
  const [cmd, args] = target === 'host'
    ? [join(dir, 'model'), []]
    : ['qemu-system-arm', ['-M', MCU_BOARDS[target].machine, '-nographic', '-monitor', 'none', '-serial', 'none',
      '-semihosting-config', 'enable=on,target=native', '-icount', 'shift=0', '-kernel', join(dir, 'model.elf')]];
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1 << 28 });
  if (r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    throw new DeployError(`${target === 'host' ? 'the host binary' : `QEMU (${MCU_BOARDS[target].machine})`} did not finish within ${timeoutMs / 1000} s and was killed; the firmware may be stuck`);
  }
  if (r.status !== 0) throw new DeployError(`${cmd} exited with status ${r.status ?? r.signal}${r.stderr ? `: ${r.stderr.trim().split('\n')[0]}` : ''}${target !== 'host' && r.status === 1 ? ' (a fault handler ran or the firmware reported failure)' : ''}`);
  const outputs: Int8Array[] = [];
  const layerCounts: number[] = [];
  let stackBytes: number | null = null;
  const chunks = new Map<number, Map<number, string>>();
  // QEMU writes semihosting SYS_WRITE0 text to its stderr.
  const printed = target === 'host' ? r.stdout : `${r.stdout}\n${r.stderr}`;
  for (const line of printed.split('\n')) {
    // "out SAMPLE HEX" from the host; "out SAMPLE OFFSET HEX" in 1024-byte lines from a board.
    const out = /^out (\d+) (?:(\d+) )?([0-9a-f]*)$/.exec(line);
    if (out !== null) {
      const bytes = Int8Array.from(out[3].match(/../g) ?? [], (h) => (parseInt(h, 16) << 24) >> 24);
      const at = out[2] === undefined ? 0 : Number(out[2]);
      const s = Number(out[1]);
      const whole = outputs[s] ?? new Int8Array(0);
      const grown = new Int8Array(Math.max(whole.length, at + bytes.length));
      grown.set(whole);
      grown.set(bytes, at);
      outputs[s] = grown;
    }
    const layer = /^layer (\d+) (\d+)$/.exec(line);
    if (layer !== null) layerCounts[Number(layer[1])] = Number(layer[2]);
    const stack = /^stack (\d+)$/.exec(line);
    if (stack !== null) stackBytes = Number(stack[1]);
    const dump = /^dump (\d+) (\d+) ([0-9a-f]*)$/.exec(line);
    if (dump !== null) {
      const parts = chunks.get(Number(dump[1])) ?? new Map<number, string>();
      parts.set(Number(dump[2]), dump[3]);
      chunks.set(Number(dump[1]), parts);
    }
  }
  if (outputs.length === 0) throw new GraphError('invalid', `${cmd} printed no outputs:\n${printed.slice(0, 500)}`);
  // A layer dumped more than once (the last of a patch stage) keeps its last, whole, bytes at each offset.
  const dumps = Array.from({ length: Math.max(layerCounts.length, ...[...chunks.keys()].map((k) => k + 1)) }, (_, k) => {
    const parts = chunks.get(k);
    if (parts === undefined) return null;
    const hex = [...parts].sort((a, b) => a[0] - b[0]).map(([, h]) => h).join('');
    return Int8Array.from(hex.match(/../g) ?? [], (h) => (parseInt(h, 16) << 24) >> 24);
  });
  return { outputs, layerCounts, unit: target === 'host' ? 'ns' : 'instructions', stackBytes, dumps };
}
