// tinyml-lab: 03
/**
 * Row-wise softmax of `logits` [rows, classes] at a temperature:
 * p[r, c] = exp(z[r, c] / T) / sum_k exp(z[r, k] / T), computed after
 * subtracting the row's maximum so that no exp overflows. T > 0 (1 is the
 * plain softmax; larger T gives softer rows). Returns [rows, classes]
 * float32 probabilities, each row summing to 1.
 */
export function softmaxWithTemperature(logits: Float32Array, classes: number, temperature: number): Float32Array {
  // BEGIN SOLUTION
  if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}`);
  if (!Number.isInteger(classes) || classes < 1 || logits.length % classes !== 0) throw new RangeError(`${logits.length} logits do not split into rows of ${classes}`);
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length; r += classes) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[r + c]);
    let sum = 0;
    const e = new Float64Array(classes);
    for (let c = 0; c < classes; c++) { e[c] = Math.exp((logits[r + c] - max) / temperature); sum += e[c]; }
    for (let c = 0; c < classes; c++) out[r + c] = e[c] / sum;
  }
  return out;
  // END SOLUTION
}
