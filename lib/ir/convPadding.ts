import type { Padding } from './Operator.js';

/**
 * Output size and leading padding along one spatial axis (TFLite
 * ComputePaddingHeightWidth): SAME gives out = ceil(in / stride) and puts the
 * odd padding element after; VALID gives out = floor((in - effective) / stride) + 1.
 * Sizes are in elements; the result can be <= 0 for an impossible geometry.
 */
export function convPadding(
  padding: Padding, inSize: number, filterSize: number, stride: number, dilation: number,
): { out: number; before: number } {
  const effective = (filterSize - 1) * dilation + 1;
  const out = padding === 'SAME'
    ? Math.floor((inSize + stride - 1) / stride)
    : Math.floor((inSize - effective + stride) / stride);
  const total = Math.max(0, (out - 1) * stride + effective - inSize);
  return { out, before: Math.floor(total / 2) };
}
