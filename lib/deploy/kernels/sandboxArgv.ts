import { spawnSync } from 'node:child_process';

let available: boolean | null = null;

/** A root of /usr alone (read-only), with the merged-/usr links programs load their libraries through, and Debian's alternatives (cc is one). */
const BASE = ['--ro-bind', '/usr', '/usr', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64', '--symlink', 'usr/bin', '/bin', '--ro-bind-try', '/etc/alternatives', '/etc/alternatives'];

/** Whether bubblewrap runs here (it needs user namespaces or root). */
export function hasBubblewrap(): boolean {
  available ??= spawnSync('bwrap', [...BASE, '--', '/usr/bin/true'], { stdio: 'ignore' }).status === 0;
  return available;
}

/**
 * `argv` run inside bubblewrap when it is installed: /usr read-only, `dir` the
 * only writable place and the working directory, an empty /tmp, no network, and
 * the process killed with its parent. Code from a submission (a student's C
 * kernel, its compiler run) thus reads no hidden cases and writes no results.
 * Without bubblewrap (a student's own laptop, their own code) it runs as is.
 */
export function sandboxArgv(argv: readonly string[], dir: string): string[] {
  if (!hasBubblewrap()) return [...argv];
  return [
    // /tmp first: `dir` usually lives under it and must land on top of the empty tmpfs.
    'bwrap', '--tmpfs', '/tmp', ...BASE,
    '--bind', dir, dir, '--proc', '/proc', '--dev', '/dev', '--unshare-all', '--die-with-parent', '--chdir', dir, '--', ...argv,
  ];
}
