import { GraphError } from '../ir/GraphError.js';
import type { Device } from './deviceCatalog.js';
import { DEVICES, QEMU_DEVICES } from './deviceCatalog.js';

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
}

/**
 * The device with this id (or board name, any case) among the catalog, the
 * QEMU boards and `extra` (e.g. from readDeviceFile). An unknown name raises
 * GraphError('input') suggesting the closest ids and listing all.
 */
export function findDevice(name: string, extra: readonly Device[] = []): Device {
  const all = [...extra, ...DEVICES, ...QEMU_DEVICES];
  const key = name.toLowerCase();
  const hit = all.find((d) => d.id === key || d.board.toLowerCase() === key);
  if (hit !== undefined) return hit;
  const close = all
    .map((d) => ({ id: d.id, score: Math.min(editDistance(key, d.id), d.id.includes(key) || key.includes(d.id) ? 1 : Infinity) }))
    .sort((a, b) => a.score - b.score)
    .filter((c, i) => i < 3 && c.score <= Math.max(3, key.length / 2))
    .map((c) => c.id);
  throw new GraphError('input', `unknown device "${name}"${close.length > 0 ? `; did you mean ${close.join(' or ')}?` : ''} Known devices: ${all.map((d) => d.id).join(', ')}`);
}
