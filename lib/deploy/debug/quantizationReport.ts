import type { Graph } from '../../ir/Graph.js';
import type { Figure } from '../../viz/plot.js';
import { dequantizeTensor, quantizeTensor } from '../../ir/quantizeTensor.js';
import { layerTracer } from './traceLayers.js';

/** One layer's quantization error over the samples, as TFLite's QuantizationDebugger reports it. */
export interface LayerQuantError {
  operator: number;
  kind: string;
  /** Signal-to-quantization-noise ratio over all samples, dB (Infinity when exact). */
  snrDb: number;
  /** Root mean square error divided by the output's quantization scale: about 0.29 for ideal rounding alone. */
  rmseOverScale: number;
  /** Largest |float - int8| over the samples, in the output's real units. */
  maxError: number;
  /** Fraction of float values outside the int8 output's representable range (clipped). */
  clipped: number;
  /** dB of SNR this layer loses itself: its inputs' worst SNR minus its own (errors earlier in the graph are inherited, not lost here). */
  lossDb: number;
  /** What to try for this layer, when it loses much more than rounding does; null otherwise. */
  suggestion: string | null;
}

/** Every layer in graph order, and the layers with a suggestion, those that lose most first. */
export interface QuantizationReport {
  layers: LayerQuantError[];
  worst: LayerQuantError[];
}

/** Below this SNR a layer loses more than 8-bit rounding of a well-calibrated range does (about 6 dB per bit, minus headroom). */
const POOR_SNR_DB = 25;
/** A layer is named only when it loses more than one bit's worth itself. */
const LOSS_DB = 6;
/** SNRs above this count as exact: 8-bit rounding alone stays well below it. */
const CEILING_DB = 80;

/**
 * Compare every layer of the int8 graph with the float graph on real samples
 * (float32 inputs): SNR, RMSE over the output scale, max error, the clipped
 * fraction and the SNR each layer loses itself, and for the layers that lose
 * most a fix to try.
 * Clipping means the calibrated range is too narrow (recalibrate on more or
 * more varied samples, or with min/max instead of a percentile); values that
 * span a tenth of the range or less mean it is too wide (calibrate on
 * representative samples, a percentile drops outliers); a poor SNR with
 * neither is a layer that 8 bits cannot carry (keep it at higher precision,
 * int16 activations).
 */
export function quantizationReport(float: Graph, int8: Graph, samples: readonly Float32Array[]): QuantizationReport {
  if (samples.length === 0) throw new RangeError('quantizationReport needs at least one sample');
  const sums = int8.operators.map(() => ({ signal: 0, noise: 0, n: 0, max: 0, clipped: 0, lo: Infinity, hi: -Infinity, span: 1 }));
  // What the input's own quantization leaves: the SNR a first layer receives.
  const inputSpec = int8.tensors[int8.inputs[0]];
  let inSignal = 0, inNoise = 0;
  const trace = layerTracer(float, int8);
  for (const x of samples) {
    const back = dequantizeTensor(inputSpec, quantizeTensor(inputSpec, x));
    for (let i = 0; i < x.length; i++) { inSignal += x[i] * x[i]; inNoise += (x[i] - back[i]) ** 2; }
    trace(x).forEach((t, k) => {
      const q = int8.tensors[int8.operators[k].outputs[0]].quantization;
      const scale = q?.scale[0] ?? 1, zero = q?.zeroPoint[0] ?? 0;
      const lo = scale * (-128 - zero), hi = scale * (127 - zero);
      const s = sums[k];
      s.span = hi - lo;
      for (let i = 0; i < t.reference.length; i++) {
        const r = t.reference[i], e = r - t.measured[i];
        s.lo = Math.min(s.lo, r);
        s.hi = Math.max(s.hi, r);
        s.signal += r * r;
        s.noise += e * e;
        s.max = Math.max(s.max, Math.abs(e));
        if (r < lo - scale / 2 || r > hi + scale / 2) s.clipped++;
      }
      s.n += t.reference.length;
    });
  }
  const producer = new Map<number, number>();
  int8.operators.forEach((op, k) => { for (const t of op.outputs) producer.set(t, k); });
  const snr = sums.map((s) => (s.noise === 0 ? Infinity : 10 * Math.log10(s.signal / s.noise)));
  const inputSnr = inNoise === 0 ? Infinity : 10 * Math.log10(inSignal / inNoise);
  const layers = int8.operators.map((op, k): LayerQuantError => {
    const s = sums[k];
    // The SNR this layer receives: its worst input's, a graph input's being what its quantization leaves.
    const received = Math.min(CEILING_DB, ...op.inputs.filter((t) => t >= 0 && int8.tensors[t].data === undefined).map((t) => {
      const j = producer.get(t);
      return j !== undefined ? snr[j] : inputSnr;
    }));
    const lossDb = Math.max(0, received - Math.min(CEILING_DB, snr[k]));
    const scale = int8.tensors[op.outputs[0]].quantization?.scale[0] ?? 1;
    const snrDb = snr[k];
    const rmseOverScale = Math.sqrt(s.noise / s.n) / scale;
    const clipped = s.clipped / s.n;
    // The share of the int8 range the float values actually span.
    const used = Math.min(1, (s.hi - s.lo) / s.span);
    let suggestion: string | null = null;
    if (snrDb < POOR_SNR_DB && lossDb > LOSS_DB) {
      if (clipped > 0.001) suggestion = `recalibrate: ${(100 * clipped).toFixed(1)}% of its values fall outside the int8 range (more or more varied calibration samples, or min/max rather than a percentile)`;
      else if (used < 0.1) suggestion = `tighten the range: its values span ${(100 * used).toFixed(1)}% of the int8 range, ${Math.max(1, Math.round(256 * used))} of 256 levels (calibrate on representative samples; a percentile drops rare outliers)`;
      else suggestion = 'keep this layer at higher precision (int16 activations): 8 bits lose too much even with a fitting range';
    }
    return { operator: k, kind: op.kind, snrDb, rmseOverScale, maxError: s.max, clipped, lossDb, suggestion };
  });
  return { layers, worst: layers.filter((l) => l.suggestion !== null).sort((a, b) => b.lossDb - a.lossDb) };
}

/** The report as a bar chart: SNR per layer, the layers with a suggestion in red. */
export function quantizationReportFigure(r: QuantizationReport, model: string): Figure {
  return {
    data: [{ type: 'bar', x: r.layers.map((l) => `${l.operator} ${l.kind}`), y: r.layers.map((l) => (Number.isFinite(l.snrDb) ? l.snrDb : null)),
      marker: { color: r.layers.map((l) => (l.suggestion === null ? 'steelblue' : 'crimson')) }, text: r.layers.map((l) => l.suggestion ?? ''), hoverinfo: 'x+y+text' }],
    layout: { title: { text: `${model}: float against int8, per layer` }, yaxis: { title: { text: 'SNR (dB)' } }, xaxis: { automargin: true } },
  };
}
