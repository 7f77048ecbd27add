/**
 * The course's elastic keyword-spotting network (MCUNet / Once-for-All style) on the
 * 49x10x1 MFCC input: a 3x3 stem, four stages of inverted-residual blocks (1x1 expand,
 * kxk depthwise, 1x1 project; a residual add when shape allows), global average pooling
 * and a 12-class classifier. Five elastic dimensions: the stem's stride, a width
 * multiplier, the depth of each stage, and each block's depthwise kernel and expand ratio.
 */
export interface KwsArch {
  /** Stride of the stem along time and frequency: 1 keeps 49x10, 2 halves both. */
  stemStride: 1 | 2;
  /** Multiplier on every layer's base width (STAGE_WIDTHS, STEM_WIDTH), rounded to a multiple of 4. */
  width: 0.5 | 0.75 | 1;
  /** Active blocks per stage, each in 1..MAX_DEPTH; later blocks of a stage are skipped. */
  depths: number[];
  /** Depthwise kernel size per block slot (STAGES x MAX_DEPTH, stage-major), each 3, 5 or 7. */
  kernels: number[];
  /**
   * Expand ratio per block slot (STAGES x MAX_DEPTH), each 1, 2, 3 or 4: the block's 1x1 expand layer gives ratio x
   * its input channels. Ratio 1 keeps the layer (c to c): with weights shared across ratios, a block without it would
   * feed its depthwise filters the input channels, which at other ratios they never see (measured: the supernet then
   * failed to learn any network but the largest and the smallest).
   */
  expands: number[];
}

export const STAGES = 4;
export const MAX_DEPTH = 3;
export const STEM_WIDTH = 16;
/** Base output channels of each stage. */
export const STAGE_WIDTHS = [16, 24, 32, 48] as const;
/** Stride of each stage's first block (the others have stride 1). */
export const STAGE_STRIDES = [2, 1, 2, 1] as const;
export const INPUT_SHAPE = [49, 10, 1] as const;
export const CLASSES = 12;

/** The values each field may take. */
export const CHOICES = {
  stemStride: [1, 2],
  width: [0.5, 0.75, 1],
  depth: [1, 2, 3],
  kernel: [3, 5, 7],
  expand: [1, 2, 3, 4],
} as const;

/**
 * How many distinct networks the space holds: blocks past a stage's depth do not count,
 * so each stage contributes the sum over depths d of (kernels x expands)^d.
 */
export function searchSpaceSize(): number {
  const perBlock = CHOICES.kernel.length * CHOICES.expand.length;
  const perStage = CHOICES.depth.reduce((a, d) => a + perBlock ** d, 0);
  return CHOICES.stemStride.length * CHOICES.width.length * perStage ** STAGES;
}

/** Channels of a layer whose base width is `base` at multiplier `width`: rounded to a multiple of 4, at least 4 (SIMD-friendly). */
export function scaledWidth(base: number, width: number): number {
  return Math.max(4, Math.round((base * width) / 4) * 4);
}
