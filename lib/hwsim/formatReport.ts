import { textTable } from '../cli/textTable.js';
import type { SimReport } from './estimate.js';

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;

function patchLine(r: SimReport, patch: { lastOperator: number; grid: number }): string {
  const stage = r.layers.slice(0, patch.lastOperator + 1);
  const once = stage.reduce((a, l) => a + l.macs, 0), done = stage.reduce((a, l) => a + l.macs * l.recompute, 0);
  const extra = once > 0 ? (100 * (done - once)) / once : 0;
  return `patch-based stage: operators 0-${patch.lastOperator} in ${patch.grid}x${patch.grid} patches, ${extra.toFixed(1)}% of its MACs recomputed`;
}

/** The report as text: the per-layer table, then totals and whether the model fits. */
export function formatReport(r: SimReport): string {
  const rows = r.layers.map((l) => [l.index, l.op, `${l.shape.join('x')}${l.outputs > 1 ? ` (x${l.outputs})` : ''}`, l.macs, Math.round(l.cycles), l.ms.toFixed(3), l.percent.toFixed(1), kb(l.liveBytes)]);
  const lines = [
    `${r.model} on ${r.device.board} (${r.device.core} @ ${r.device.clockMHz} MHz), ${r.kernels} kernels, ${r.planner} arena`,
    textTable(['#', 'op', 'output', 'MACs', 'cycles', 'ms', '% time', 'live'], rows),
    ...(r.patch === null ? [] : [patchLine(r, r.patch)]),
    `latency ${r.ms.toFixed(2)} ms (${Math.round(r.cycles)} cycles, ${Math.round(r.instructions)} instructions)`,
    `SRAM ${kb(r.peakSramBytes)} peak = arena ${kb(r.arenaBytes)} + scratch ${kb(r.scratchBytes)} + stack ${kb(r.runtimeBytes)}; device has ${kb(r.device.sramBytes)}`,
    `flash ${kb(r.flashBytes)} = weights ${kb(r.weightBytes)} + requantization tables ${kb(r.tableBytes)} + code ${kb(r.codeBytes)}; device has ${kb(r.device.flashBytes)}`,
    `energy ${r.energyMJ === null ? 'n/a (no current figure for this device)' : `${r.energyMJ.toFixed(3)} mJ per inference`}`,
    r.fits ? 'fits: yes'
      : `fits: NO${r.sramOverBytes > 0 ? `, SRAM short by ${r.sramOverBytes} bytes` : ''}${r.flashOverBytes > 0 ? `, flash short by ${r.flashOverBytes} bytes` : ''}`,
  ];
  return lines.join('\n');
}
