// tinyml-lab: 03
/**
 * Mean cross-entropy of `logits` [rows, classes] against integer `labels`
 * [rows] in [0, classes): the mean over rows of -log softmax(z)[label],
 * computed stably as logsumexp(z) - z[label] with the row's maximum
 * subtracted first. Natural log; 0 for perfect, confident rows.
 */
export function crossEntropyFromLogits(logits: Float32Array, labels: Int32Array, classes: number): number {
  // BEGIN SOLUTION
  const rows = labels.length;
  if (logits.length !== rows * classes) throw new RangeError(`${logits.length} logits for ${rows} labels of ${classes} classes`);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const z = logits.subarray(r * classes, (r + 1) * classes);
    const max = Math.max(...z);
    let sum = 0;
    for (const v of z) sum += Math.exp(v - max);
    total += max + Math.log(sum) - z[labels[r]];
  }
  return total / rows;
  // END SOLUTION
}
