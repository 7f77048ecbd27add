// tinyml-lab: 01
/**
 * Importance of each output channel of a conv kernel: the L2 norm of its
 * weights. `kernel` is float32 in TensorFlow's layout [kh, kw, inC, outC]
 * (row-major, outC fastest), `shape` that shape. Returns outC norms.
 */
export function channelL2Norms(kernel: Float32Array, shape: [number, number, number, number]): Float32Array {
  // BEGIN SOLUTION
  const outC = shape[3];
  if (kernel.length !== shape[0] * shape[1] * shape[2] * outC) throw new RangeError(`kernel has ${kernel.length} values, shape [${shape.join(", ")}] needs ${shape[0] * shape[1] * shape[2] * outC}`);
  const sums = new Float64Array(outC);
  for (let i = 0; i < kernel.length; i++) sums[i % outC] += kernel[i] * kernel[i];
  return Float32Array.from(sums, Math.sqrt);
  // END SOLUTION
}
