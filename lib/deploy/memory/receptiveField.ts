// tinyml-lab: 05

/** One windowed layer along one axis (rows or columns): kernel size, stride, padding before the first row, dilation, and its input's size on that axis. */
export interface WindowLayer {
  kernel: number;
  stride: number;
  pad: number;
  dilation: number;
  inSize: number;
}

/**
 * The rows (or columns) of a stage's input that its output rows o0..o1
 * depend on, clipped to the input. `layers` run first to last; walk them from
 * the last back: output rows a..b of a layer read its input rows
 * a*stride - pad to b*stride - pad + (kernel-1)*dilation, clipped to
 * 0..inSize-1 (rows in the padding are zeros, not data).
 */
export function receptiveField(layers: WindowLayer[], rows: [number, number]): [number, number] {
  // BEGIN SOLUTION
  let [a, b] = rows;
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i];
    [a, b] = [Math.max(0, a * l.stride - l.pad), Math.min(l.inSize - 1, b * l.stride - l.pad + (l.kernel - 1) * l.dilation)];
  }
  return [a, b];
  // END SOLUTION
}
