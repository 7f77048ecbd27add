// tinyml-lab: 00
/**
 * Each value of `x` quantized to int8 with `scale` and `zeroPoint` (round half
 * away from zero, clamp to -128..127) and dequantized again: float32, same length.
 */
export function quantizeRoundTrip(x: Float32Array, scale: number, zeroPoint: number): Float32Array {
  // BEGIN SOLUTION
  return x.map((v) => {
    const r = v / scale;
    const q = Math.max(-128, Math.min(127, Math.sign(r) * Math.round(Math.abs(r)) + zeroPoint));
    return (q - zeroPoint) * scale;
  });
  // END SOLUTION
}
