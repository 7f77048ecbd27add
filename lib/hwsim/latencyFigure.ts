import type { Figure } from '../viz/plot.js';
import type { SimReport } from './estimate.js';

/** Per-layer latency (ms) as bars, one colour per operator kind, with MACs and the share of time on hover. */
export function latencyFigure(report: SimReport): Figure {
  const kinds = [...new Set(report.layers.map((l) => l.op))];
  const data = kinds.map((kind) => {
    const layers = report.layers.filter((l) => l.op === kind);
    return {
      type: 'bar', name: kind,
      x: layers.map((l) => l.index), y: layers.map((l) => l.ms),
      text: layers.map((l) => `#${l.index} ${l.op} ${l.shape.join('x')}<br>${l.macs} MACs, ${Math.round(l.cycles)} cycles<br>${l.percent.toFixed(1)}% of ${report.ms.toFixed(2)} ms`),
      hoverinfo: 'text', textposition: 'none', width: 0.8,
    };
  });
  return {
    data,
    layout: {
      title: { text: `${report.model} on ${report.device.board}, ${report.kernels} kernels: ${report.ms.toFixed(2)} ms` },
      xaxis: { title: { text: 'layer' } }, yaxis: { title: { text: 'latency (ms)' } },
      barmode: 'overlay', legend: { orientation: 'h', y: -0.2 },
    },
  };
}
