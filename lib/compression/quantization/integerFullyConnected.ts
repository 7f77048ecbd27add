// tinyml-lab: 02
import { multiplyByQuantizedMultiplier } from "../../ir/fixedPoint.js";

/** An int8 fully connected layer and its requantization, as the int8 graph stores it. */
export interface IntegerFcLayer {
  /** [outDepth, inDepth] row-major, symmetric (zero point 0). */
  weights: Int8Array;
  /** [outDepth] int32 at scale inputScale * weightScale[o]. */
  bias: Int32Array;
  inputZeroPoint: number;
  outputZeroPoint: number;
  /** One fixed-point multiplier per output, or a single one for all (per-tensor). */
  multipliers: Int32Array;
  shifts: Int32Array;
  /** Clamp range in the output's integer domain (the fused activation), within [-128, 127]. */
  actMin: number;
  actMax: number;
}

/**
 * Integer-only FULLY_CONNECTED on `input` [batch, inDepth] int8, with
 * inDepth = weights.length / bias.length: for each row b and output o,
 * acc = bias[o] + sum_i (input[b, i] - inputZeroPoint) * weights[o, i] in
 * int32, then out = multiplyByQuantizedMultiplier(acc, multiplier, shift)
 * + outputZeroPoint clamped to [actMin, actMax]. Returns [batch, outDepth]
 * int8. `multiplyByQuantizedMultiplier(x, multiplier, shift)` is given: it is
 * TFLite's rounding fixed-point product x * multiplier * 2^shift / 2^31.
 */
export function integerFullyConnected(input: Int8Array, layer: IntegerFcLayer): Int8Array {
  // BEGIN SOLUTION
  const outDepth = layer.bias.length;
  const inDepth = layer.weights.length / outDepth;
  const batch = input.length / inDepth;
  if (!Number.isInteger(inDepth) || !Number.isInteger(batch)) throw new RangeError(`input of ${input.length} and weights of ${layer.weights.length} do not match ${outDepth} outputs`);
  const out = new Int8Array(batch * outDepth);
  for (let b = 0; b < batch; b++) {
    for (let o = 0; o < outDepth; o++) {
      let acc = layer.bias[o];
      for (let i = 0; i < inDepth; i++) acc += (input[b * inDepth + i] - layer.inputZeroPoint) * layer.weights[o * inDepth + i];
      const c = layer.multipliers.length === 1 ? 0 : o;
      const v = multiplyByQuantizedMultiplier(acc | 0, layer.multipliers[c], layer.shifts[c]) + layer.outputZeroPoint;
      out[b * outDepth + o] = Math.max(layer.actMin, Math.min(layer.actMax, v));
    }
  }
  return out;
  // END SOLUTION
}
