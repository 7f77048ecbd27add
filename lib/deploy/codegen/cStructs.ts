import type { AddParams } from '../../ir/kernels/add.js';
import type { ConvGeometry } from '../../ir/kernels/conv2d.js';
import type { PoolGeometry } from '../../ir/kernels/pool2d.js';

/** C initializer of a tinyml_conv_geometry (field order of tinyml_kernels.h). */
export function convGeometryInit(g: ConvGeometry): string {
  return `{ ${[g.batch, g.inH, g.inW, g.inC, g.outH, g.outW, g.outC, g.kH, g.kW, g.strideH, g.strideW, g.dilationH, g.dilationW, g.padTop, g.padLeft].join(', ')} }`;
}

/** C initializer of a tinyml_pool_params (field order of tinyml_kernels.h). */
export function poolParamsInit(g: PoolGeometry, actMin: number, actMax: number): string {
  return `{ ${[g.batch, g.inH, g.inW, g.channels, g.outH, g.outW, g.filterH, g.filterW, g.strideH, g.strideW, g.padTop, g.padLeft, actMin, actMax].join(', ')} }`;
}

/** C initializer of a tinyml_add_params (field order of tinyml_kernels.h). */
export function addParamsInit(a: AddParams): string {
  return `{ ${[a.leftShift, a.input1Offset, a.input1Multiplier, a.input1Shift, a.input2Offset, a.input2Multiplier, a.input2Shift, a.outputOffset, a.outputMultiplier, a.outputShift, a.actMin, a.actMax].join(', ')} }`;
}
