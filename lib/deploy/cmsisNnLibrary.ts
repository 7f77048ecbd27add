import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { dataCacheDir } from '../data/dataCache.js';
import { filesUnder } from '../filesUnder.js';
import type { DeployTarget } from './deployTargets.js';
import { MCU_BOARDS } from './deployTargets.js';
import { peersSources } from './peersSources.js';
import { DeployError } from './runProject.js';

const CMSIS_NN_IN_TREE = 'tflite-micro/tensorflow/lite/micro/tools/make/downloads/cmsis_nn';

/** How to get CMSIS-NN when neither TINYML_CMSIS_NN nor the peers bundle is there: the commit the project is tested with. */
export const CMSIS_NN_FETCH = 'git clone https://github.com/ARM-software/CMSIS-NN && git -C CMSIS-NN checkout 4ab83cc3, then set TINYML_CMSIS_NN to that folder';

/** A CMSIS-NN build for one target: its headers and a static library of its int8 (s8) functions. */
export interface CmsisNnLibrary {
  include: string;
  library: string;
}

/**
 * The CMSIS-NN source folder (with Include/ and Source/): $TINYML_CMSIS_NN when
 * set, else the copy inside ../shared/peers' bundle (peersSources). Throws
 * DeployError with the way to get it when neither exists.
 */
export function cmsisNnSources(): string {
  const env = process.env.TINYML_CMSIS_NN;
  if (env !== undefined && env !== '') {
    if (!existsSync(join(env, 'Include', 'arm_nnfunctions.h'))) throw new DeployError(`TINYML_CMSIS_NN=${env} holds no Include/arm_nnfunctions.h: not a CMSIS-NN checkout`);
    return resolve(env);
  }
  return join(peersSources(CMSIS_NN_FETCH), CMSIS_NN_IN_TREE);
}

/** Whether CMSIS-NN's sources can be had here ($TINYML_CMSIS_NN or ../shared/peers), without saying why not. */
export function hasCmsisNnSources(): boolean {
  try {
    cmsisNnSources();
    return true;
  } catch {
    return false;
  }
}

/**
 * The int8 sources a project needs: files with s8 in their name (helpers such as
 * arm_s8_to_s16_unordered_with_offset included) and type-free support files; not
 * the s4, s16 or float variants, LSTM, SVDF, Helium or bindings.
 */
function int8Sources(root: string): string[] {
  return filesUnder(join(root, 'Source')).filter((f) => {
    const name = basename(f);
    if (!name.endsWith('.c') || /(lstm|svdf|mve|Bindings|flt|f16|f32)/i.test(relative(root, f))) return false;
    return /s8/.test(name) || !/(s4|s16)/.test(name);
  });
}

/**
 * CMSIS-NN's int8 functions built as a static library for `target` (host gcc,
 * or arm-none-eabi-gcc -O2 for the board's core, where they take the DSP
 * paths), cached beside the sources; built once, in a temporary folder renamed
 * into place.
 */
export function cmsisNnLibrary(target: DeployTarget): CmsisNnLibrary {
  const root = cmsisNnSources();
  const include = join(root, 'Include');
  const where = process.env.TINYML_CMSIS_NN ? join(dataCacheDir(), 'cmsis-nn-builds', createHash('sha256').update(root).digest('hex').slice(0, 16)) : join(root, '..');
  const out = join(where, `cmsis-nn-${target}`);
  const library = join(out, 'libcmsisnn.a');
  if (existsSync(library)) return { include, library };
  const [cc, ar, flags] = target === 'host' ? ['cc', 'ar', []] : ['arm-none-eabi-gcc', 'arm-none-eabi-ar', MCU_BOARDS[target].cpuFlags];
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const objects: string[] = [];
  for (const src of int8Sources(root)) {
    const obj = join(tmp, `${relative(join(root, 'Source'), src).replace(/[/\\]/g, '_').replace(/\.c$/, '.o')}`);
    const r = spawnSync(cc, [...flags, '-O2', '-std=c99', '-ffunction-sections', '-fdata-sections', '-I', include, '-c', src, '-o', obj], { encoding: 'utf8' });
    if (r.status !== 0) { rmSync(tmp, { recursive: true, force: true }); throw new DeployError(`CMSIS-NN did not build for ${target}: ${(r.stderr || r.error?.message || '').trim().split('\n').find((l) => /error/.test(l)) ?? r.stderr.trim().split('\n')[0]}`); }
    objects.push(obj);
  }
  const a = spawnSync(ar, ['rcs', join(tmp, 'libcmsisnn.a'), ...objects], { encoding: 'utf8' });
  if (a.status !== 0) { rmSync(tmp, { recursive: true, force: true }); throw new DeployError(`could not archive CMSIS-NN: ${a.stderr.trim()}`); }
  if (!existsSync(library)) { rmSync(out, { recursive: true, force: true }); renameSync(tmp, out); } else rmSync(tmp, { recursive: true, force: true });
  return { include, library };
}
