// tinyml-lab: 00
/** A stem layer's design: a 3x3 convolution with 'same' padding on a 96x96x3 int8 image. */
export interface StemDesign {
  /** 1 to 4: the output is ceil(96 / stride) pixels square. */
  stride: number;
  /** Output channels, a positive integer. */
  channels: number;
}

/**
 * A stem whose int8 input (27,648 bytes) and output fit together in
 * `budgetBytes` of SRAM and that still computes at least `minMacs`
 * multiply-accumulates (27 per output element). Throws when no stride and
 * channel count can do both.
 */
export function designStem(budgetBytes: number, minMacs: number): StemDesign {
  // BEGIN SOLUTION
  const input = 96 * 96 * 3;
  for (let stride = 1; stride <= 4; stride++) {
    const pixels = Math.ceil(96 / stride) ** 2;
    // The widest output that fits gives the most MACs at this stride.
    const channels = Math.floor((budgetBytes - input) / pixels);
    if (channels >= 1 && pixels * channels * 27 >= minMacs) return { stride, channels };
  }
  throw new Error(`no stem fits ${budgetBytes} bytes with ${minMacs} MACs`);
  // END SOLUTION
}
