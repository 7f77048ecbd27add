// tinyml-lab: 02
/**
 * A layer's float bias as TFLite stores it: int32 with scale
 * inputScale * weightScales[c] and zero point 0, so it adds straight into
 * the int32 accumulator. One weight scale (per-tensor) serves every output;
 * otherwise there is one per output. Rounded half away from zero and
 * saturated to [-2^31, 2^31 - 1].
 */
export function biasToInt32(bias: Float32Array, inputScale: number, weightScales: ArrayLike<number>): Int32Array {
  // BEGIN SOLUTION
  if (weightScales.length !== 1 && weightScales.length !== bias.length) {
    throw new RangeError(`${weightScales.length} weight scales for ${bias.length} outputs`);
  }
  return Int32Array.from(bias, (b, c) => {
    const r = b / (inputScale * weightScales[weightScales.length === 1 ? 0 : c]);
    const v = r < 0 ? -Math.round(-r) : Math.round(r);
    return Math.max(-2147483648, Math.min(2147483647, v));
  });
  // END SOLUTION
}
