// tinyml-lab: 02
/**
 * Affine quantization of real values to signed `bits`-bit integers (held in
 * an Int8Array, bits in [2, 8]): q = round(x / scale) + zeroPoint, rounded
 * half away from zero (as TFLite), then clamped to
 * [-2^(bits-1), 2^(bits-1) - 1]. Same length as `x`.
 */
export function quantizeLinear(x: Float32Array, scale: number, zeroPoint: number, bits: number): Int8Array {
  // BEGIN SOLUTION
  const qmin = -(2 ** (bits - 1));
  const qmax = 2 ** (bits - 1) - 1;
  const q = new Int8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const r = x[i] / scale;
    const v = (r < 0 ? -Math.round(-r) : Math.round(r)) + zeroPoint;
    q[i] = v < qmin ? qmin : v > qmax ? qmax : v;
  }
  return q;
  // END SOLUTION
}
