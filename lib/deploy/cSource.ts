import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../projectRoot.js';

/** A C file of lib/deploy/c (e.g. 'mcu/startup.c'), as text. */
export function cSource(name: string): string {
  return readFileSync(join(projectRoot(), 'lib', 'deploy', 'c', name), 'utf8');
}
