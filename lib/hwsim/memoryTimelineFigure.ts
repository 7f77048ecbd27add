import type { Figure, Trace } from '../viz/plot.js';
import type { SimReport } from './estimate.js';

/**
 * The arena over time: x is the operator index, y the arena offset in bytes;
 * each activation tensor is a box spanning the operators it lives through and
 * its bytes. Tensors of one patch-based stage show at their patch size. A
 * dashed line marks the arena size; gaps show fragmentation.
 */
export function memoryTimelineFigure(report: SimReport): Figure {
  const last = report.layers.length;
  const data: Trace[] = report.buffers.map((b, i) => {
    const x0 = b.firstUse - 0.45, x1 = b.lastUse + 0.45, y0 = b.offset, y1 = b.offset + b.bytes;
    return {
      type: 'scatter', mode: 'lines', fill: 'toself', name: b.name, showlegend: false,
      x: [x0, x1, x1, x0, x0], y: [y0, y0, y1, y1, y0],
      line: { width: 1, color: `hsl(${(i * 47) % 360},55%,40%)` }, fillcolor: `hsla(${(i * 47) % 360},55%,55%,0.55)`,
      hoveron: 'fills', text: `${b.name}: ${b.bytes} bytes at ${b.offset}, operators ${Math.max(0, b.firstUse)}-${Math.min(last - 1, b.lastUse)}`, hoverinfo: 'text',
    };
  });
  data.push({
    type: 'scatter', mode: 'lines', name: `arena ${report.arenaBytes} bytes`, x: [-1, last], y: [report.arenaBytes, report.arenaBytes],
    line: { dash: 'dash', color: 'black', width: 1 }, hoverinfo: 'name',
  });
  return {
    data,
    layout: {
      title: { text: `${report.model}: arena layout (${report.planner}), ${(report.arenaBytes / 1024).toFixed(1)} KB` },
      xaxis: { title: { text: 'operator' }, range: [-1.5, last + 0.5] },
      yaxis: { title: { text: 'arena offset (bytes)' }, rangemode: 'tozero' },
      showlegend: true, legend: { orientation: 'h', y: -0.2 },
    },
  };
}
