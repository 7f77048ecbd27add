import { roundHalfAway } from './fixedPoint.js';
import type { Activation } from './Operator.js';

/**
 * Clamp bounds, in the output's integer domain, of a fused activation
 * (TFLite CalculateActivationRangeQuantized): the real bounds 0, 6, -1, 1 are
 * quantized with the output's float32 scale and zero point.
 */
export function quantizedActivationRange(
  activation: Activation, scale: number, zeroPoint: number, qmin = -128, qmax = 127,
): [number, number] {
  const quantize = (f: number): number => zeroPoint + roundHalfAway(Math.fround(f / scale));
  switch (activation) {
    case 'NONE': return [qmin, qmax];
    case 'RELU': return [Math.max(qmin, quantize(0)), qmax];
    case 'RELU6': return [Math.max(qmin, quantize(0)), Math.min(qmax, quantize(6))];
    case 'RELU_N1_TO_1': return [Math.max(qmin, quantize(-1)), Math.min(qmax, quantize(1))];
  }
}

/** Clamp bounds of a fused activation on float32 values. */
export function floatActivationRange(activation: Activation): [number, number] {
  switch (activation) {
    case 'NONE': return [-Infinity, Infinity];
    case 'RELU': return [0, Infinity];
    case 'RELU6': return [0, 6];
    case 'RELU_N1_TO_1': return [-1, 1];
  }
}
