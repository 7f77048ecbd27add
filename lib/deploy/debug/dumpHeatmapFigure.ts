import type { Figure } from '../../viz/plot.js';
import type { DumpComparison } from './compareDumps.js';

/**
 * The dump comparison as a heat map: one row per layer, one column per output
 * channel, colour = the largest |C - interpreter| in that channel (0 = equal;
 * blank = layer not dumped). The first differing layer is the first coloured row.
 */
export function dumpHeatmapFigure(c: DumpComparison, model: string): Figure {
  const width = Math.max(1, ...c.layers.map((l) => l.perChannel.length));
  const z = c.layers.map((l) => Array.from({ length: width }, (_, ch) => (l.dumped && ch < l.perChannel.length ? l.perChannel[ch] : null)));
  return {
    data: [{ type: 'heatmap', z, y: c.layers.map((l) => `${l.operator} ${l.kind}`), colorscale: 'Reds', zmin: 0, colorbar: { title: { text: 'max |diff|' } } }],
    layout: {
      title: { text: `${model}: generated C against the interpreter, per layer and channel${c.firstDiffering === null ? ' (all equal)' : `; first difference at layer ${c.firstDiffering}`}` },
      xaxis: { title: { text: 'output channel' } }, yaxis: { autorange: 'reversed', automargin: true }, height: Math.max(300, 22 * c.layers.length + 120),
    },
  };
}
