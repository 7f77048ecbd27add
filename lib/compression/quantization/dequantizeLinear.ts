// tinyml-lab: 02
/** Real values of quantized integers: scale * (q - zeroPoint), as float32, same length as `q`. */
export function dequantizeLinear(q: Int8Array, scale: number, zeroPoint: number): Float32Array {
  // BEGIN SOLUTION
  return Float32Array.from(q, (v) => scale * (v - zeroPoint));
  // END SOLUTION
}
