import type { Graph } from '../../ir/Graph.js';
import { GraphError } from '../../ir/GraphError.js';
import { Interpreter } from '../../ir/Interpreter.js';

/** The real-valued range an activation tensor is quantized to cover. */
export interface TensorRange {
  min: number;
  max: number;
}

/** One calibration input: one Float32Array per graph input (or just one array for a single-input graph). */
export type CalibrationSample = Float32Array | readonly Float32Array[];

export interface CalibrationOptions {
  /**
   * `minmax` takes each tensor's extremes over the whole set; `percentile`
   * clips both tails, taking the `percentile`-th and (100 - percentile)-th
   * percentiles of all values seen, which ignores rare outliers at the cost of
   * clipping them.
   */
  method?: 'minmax' | 'percentile';
  /** For `percentile`, in (50, 100]; default 99.99. */
  percentile?: number;
  /** Called after each sample with (done, total); percentile makes two passes, so total is twice the samples. */
  onProgress?: (done: number, total: number) => void;
}

/** Histogram resolution for percentiles: 2^11 bins over each tensor's [min, max]. */
const BINS = 2048;

/**
 * Run a float32 graph over calibration samples and record, for every
 * non-constant float32 tensor, the range its int8 form should cover. Returns
 * an array indexed like graph.tensors (null for constants and non-float
 * tensors). Deterministic: it depends only on the samples and their order.
 */
export function calibrate(graph: Graph, samples: readonly CalibrationSample[], opts: CalibrationOptions = {}): (TensorRange | null)[] {
  const method = opts.method ?? 'minmax';
  const p = opts.percentile ?? 99.99;
  if (method !== 'minmax' && method !== 'percentile') throw new GraphError('input', `unknown calibration method '${String(method)}' (minmax or percentile)`);
  if (method === 'percentile' && !(p > 50 && p <= 100)) throw new GraphError('input', `percentile ${p} must be in (50, 100]`);
  if (samples.length === 0) throw new GraphError('input', `${graph.name}: calibration needs at least one sample`);
  const tracked = graph.tensors.map((t) => t.data === undefined && t.dtype === 'float32');
  const interp = new Interpreter(graph);
  const passes = method === 'percentile' ? 2 : 1;
  const total = passes * samples.length;
  let done = 0;
  const trace = (s: CalibrationSample) => {
    const inputs = s instanceof Float32Array ? [s] : s;
    const out = interp.trace(inputs);
    opts.onProgress?.(++done, total);
    return out as Float32Array[];
  };

  const ranges: (TensorRange | null)[] = tracked.map((t) => (t ? { min: Infinity, max: -Infinity } : null));
  for (const s of samples) {
    const values = trace(s);
    ranges.forEach((r, i) => {
      if (r === null) return;
      const v = values[i];
      for (let k = 0; k < v.length; k++) {
        if (v[k] < r.min) r.min = v[k];
        if (v[k] > r.max) r.max = v[k];
      }
    });
  }
  for (const r of ranges) {
    if (r !== null && !(Number.isFinite(r.min) && Number.isFinite(r.max))) {
      throw new GraphError('input', `${graph.name}: calibration produced non-finite values; check the samples for NaN or Inf`);
    }
  }
  if (method === 'minmax') return ranges;

  const hist = ranges.map((r) => (r === null ? null : new Float64Array(BINS)));
  for (const s of samples) {
    const values = trace(s);
    ranges.forEach((r, i) => {
      const h = hist[i];
      if (r === null || h === null) return;
      const width = (r.max - r.min) / BINS;
      const v = values[i];
      for (let k = 0; k < v.length; k++) h[width === 0 ? 0 : Math.min(BINS - 1, Math.floor((v[k] - r.min) / width))]++;
    });
  }
  return ranges.map((r, i) => {
    const h = hist[i];
    if (r === null || h === null) return null;
    const width = (r.max - r.min) / BINS;
    const count = h.reduce((a, b) => a + b, 0);
    const tail = (count * (100 - p)) / 100;
    // Lower edge of the first bin past the low tail; upper edge of the last bin before the high tail.
    let lo = 0, acc = 0;
    while (lo < BINS - 1 && acc + h[lo] <= tail) acc += h[lo++];
    let hi = BINS - 1;
    acc = 0;
    while (hi > lo && acc + h[hi] <= tail) acc += h[hi--];
    return { min: r.min + lo * width, max: r.min + (hi + 1) * width };
  });
}
