import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureWritableCache } from '../data/dataCache.js';
import { projectRoot } from '../projectRoot.js';
import { DeployError } from './runProject.js';

/** The bundle of TFLM + CMSIS-NN sources that the CI machine keeps beside the checkout (../shared/peers). */
export const PEERS_TARBALL = (): string => resolve(projectRoot(), '..', 'shared', 'peers', 'tflite-micro-cmsis-nn-src.tar.xz');

/** A file of the TFLM tree: present once a finished extraction was renamed into place. */
const MARKER = join('tflite-micro', 'tensorflow', 'lite', 'micro', 'micro_interpreter.h');

/**
 * The peers bundle extracted once into the data cache under the tarball's
 * SHA-256 (peers/HASH/tflite-micro, with CMSIS-NN and the third-party headers
 * under its tools/make/downloads, where TFLM's scripts would put them).
 * Extraction goes to a temporary folder renamed into place, so a second
 * process never sees half a tree. Throws DeployError naming `fetch` when the
 * bundle is absent.
 */
export function peersSources(fetch: string): string {
  const tarball = PEERS_TARBALL();
  if (!existsSync(tarball)) throw new DeployError(`the peer sources are missing: ${fetch} (or put the peers bundle at ${tarball})`);
  const hash = createHash('sha256').update(readFileSync(tarball)).digest('hex').slice(0, 16);
  const dir = join(ensureWritableCache(), 'peers', hash);
  if (existsSync(join(dir, MARKER))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const r = spawnSync('tar', ['-xJf', tarball, '-C', tmp], { encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(join(tmp, MARKER))) {
    rmSync(tmp, { recursive: true, force: true });
    throw new DeployError(`could not extract ${tarball}: ${(r.stderr || 'no TFLM tree inside').trim().split('\n')[0]}`);
  }
  if (existsSync(join(dir, MARKER))) { rmSync(tmp, { recursive: true, force: true }); return dir; }
  // An older cache held only CMSIS-NN under this name: replace it whole.
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return dir;
}
