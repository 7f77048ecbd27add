// tinyml-lab: 00
/**
 * Multiply-accumulates of one standard convolution producing an outH x outW x
 * outC output from inC input channels with a kH x kW kernel: every output
 * element is a sum over kH * kW * inC products.
 */
export function convMacs(outH: number, outW: number, inC: number, outC: number, kH: number, kW: number): number {
  // BEGIN SOLUTION
  return outH * outW * outC * kH * kW * inC;
  // END SOLUTION
}
