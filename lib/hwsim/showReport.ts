import { plot } from '../viz/plot.js';
import type { SimReport } from './estimate.js';
import { formatReport } from './formatReport.js';
import { latencyFigure } from './latencyFigure.js';
import { memoryTimelineFigure } from './memoryTimelineFigure.js';

/** In a notebook: the report's table and totals, then the per-layer latency and the arena timeline (graphs only). */
export function showReport(report: SimReport): void {
  console.log(formatReport(report));
  const latency = latencyFigure(report);
  plot(latency.data, latency.layout, { height: 360 });
  if (report.buffers.length > 0) {
    const memory = memoryTimelineFigure(report);
    plot(memory.data, memory.layout, { height: 420 });
  }
}
