import { readFileSync } from 'node:fs';
import type { Device } from './deviceCatalog.js';
import { CORE_MODELS } from './deviceCatalog.js';

/** A device file that does not describe devices; `problems` lists every one, with its JSON path. */
export class DeviceFileError extends Error {
  constructor(readonly path: string, readonly problems: string[]) {
    super(`${path} is not a valid device file:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DeviceFileError';
  }
}

type Check = (v: unknown) => string | null;
const positive: Check = (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? null : 'must be a number above 0');
const nonNegative: Check = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : 'must be a number, 0 or more');
const integer: Check = (v) => (Number.isInteger(v) && (v as number) >= 0 ? null : 'must be a whole number, 0 or more');
const text: Check = (v) => (typeof v === 'string' && v.length > 0 ? null : 'must be a non-empty string');
const flag: Check = (v) => (typeof v === 'boolean' ? null : 'must be true or false');
const oneOf = (options: readonly string[]): Check => (v) => (typeof v === 'string' && options.includes(v) ? null : `must be one of ${options.join(', ')}`);

const FIELDS: Record<keyof Device, [Check, boolean]> = {
  id: [(v) => (typeof v === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(v) ? null : 'must be lower-case letters, digits and dashes'), true],
  board: [text, true], mcu: [text, true], core: [text, true], coreModel: [oneOf(CORE_MODELS), true],
  clockMHz: [positive, true], sramBytes: [integer, true], flashBytes: [integer, true],
  flashWaitStates: [integer, true], flashLineBytes: [integer, true], dcacheBytes: [integer, true],
  dsp: [flag, true], fpu: [oneOf(['none', 'sp', 'dp']), true],
  activeMicroampsPerMHz: [nonNegative, true], supplyVolts: [nonNegative, true],
  source: [text, true], verified: [flag, true], emulated: [flag, false],
};

/**
 * Read user devices from a JSON file: an array of objects with every field of
 * `Device` (see deviceCatalog.ts for units). All problems are reported at once,
 * each with its place, e.g. `[0].clockMHz: must be a number above 0`.
 */
export function readDeviceFile(path: string): Device[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DeviceFileError(path, [e instanceof SyntaxError ? `not JSON: ${e.message}` : `cannot be read: ${(e as Error).message}`]);
  }
  if (!Array.isArray(parsed)) throw new DeviceFileError(path, ['the top level must be an array of devices']);
  const problems: string[] = [];
  parsed.forEach((d: unknown, i) => {
    if (typeof d !== 'object' || d === null || Array.isArray(d)) { problems.push(`[${i}]: must be an object`); return; }
    const o = d as Record<string, unknown>;
    for (const [name, [check, required]] of Object.entries(FIELDS)) {
      if (o[name] === undefined) { if (required) problems.push(`[${i}].${name}: missing`); continue; }
      const p = check(o[name]);
      if (p !== null) problems.push(`[${i}].${name}: ${p} (got ${JSON.stringify(o[name])})`);
    }
    for (const name of Object.keys(o)) if (!(name in FIELDS)) problems.push(`[${i}].${name}: unknown field`);
    if (o.dsp === true && o.coreModel === 'cortex-m0plus') problems.push(`[${i}].dsp: a Cortex-M0+ has no DSP extension`);
  });
  if (problems.length > 0) throw new DeviceFileError(path, problems);
  return parsed as Device[];
}
