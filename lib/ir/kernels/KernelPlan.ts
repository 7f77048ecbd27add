import type { AddParams } from './add.js';
import type { Strides6 } from './broadcast.js';
import type { StridedPart } from './stridedCopy.js';
import type { LeakyReluParams } from './leakyRelu.js';
import type { MulParams } from './mul.js';
import type { PreluParams } from './prelu.js';
import type { ConvGeometry, Requantization } from './conv2d.js';
import type { FcGeometry } from './fullyConnected.js';
import type { HardSwishParams } from './hardSwish.js';
import type { MatmulGeometry, MatmulRequantization } from './batchMatmul.js';
import type { BilinearGeometry } from './resizeBilinear.js';
import type { SvdfGeometry, SvdfParams } from './svdf.js';
import type { LstmGeometry, LstmParams } from './sequenceLstm.js';
import type { GatherGeometry } from './gather.js';
import type { LogSoftmaxParams } from './logSoftmax.js';
import type { LogisticParams } from './logistic.js';
import type { PoolGeometry } from './pool2d.js';
import type { SoftmaxParams } from './softmax.js';

/**
 * What one int8 operator's kernel call needs, with every parameter the
 * prepare step derived (fixed-point multipliers, shifts, padding, clamp
 * ranges) already computed. The interpreter's runners and the generated C
 * both start from the same numbers, so they cannot disagree on them.
 * `input`, `output` and the like are tensor indices of the graph.
 */
export type KernelPlan =
  | { kernel: 'conv2d' | 'depthwise_conv2d'; input: number; filter: number; bias: number; output: number; g: ConvGeometry; q: Requantization }
  | { kernel: 'transpose_conv'; input: number; filter: number; bias: number; output: number; g: ConvGeometry; q: Requantization }
  | { kernel: 'batch_matmul'; lhs: number; rhs: number; output: number; g: MatmulGeometry; q: MatmulRequantization }
  /** weights, recurrent and bias: tensor indices per gate (input, forget, cell, output); hidden and cell are the variable states. */
  | { kernel: 'lstm'; input: number; weights: number[]; recurrent: number[]; bias: number[]; hidden: number; cell: number; output: number; g: LstmGeometry; p: LstmParams }
  | { kernel: 'svdf'; input: number; feature: number; time: number; bias: number; state: number; output: number; stateBits: 16 | 8; g: SvdfGeometry; p: SvdfParams }
  | { kernel: 'hard_swish'; input: number; output: number; count: number; p: HardSwishParams }
  | { kernel: 'resize_bilinear'; input: number; output: number; g: BilinearGeometry }
  | { kernel: 'fully_connected'; input: number; weights: number; bias: number; output: number; g: FcGeometry; weightOffset: number; q: Requantization }
  | { kernel: 'average_pool2d' | 'max_pool2d'; input: number; output: number; g: PoolGeometry; actMin: number; actMax: number }
  | { kernel: 'add'; input1: number; input2: number; output: number; count: number; p: AddParams }
  | BinaryPlan
  | { kernel: 'leaky_relu'; input: number; output: number; count: number; p: LeakyReluParams }
  | { kernel: 'resize_nearest'; input: number; output: number; batch: number; inH: number; inW: number; channels: number; rows: number[]; cols: number[] }
  | { kernel: 'strided_copy'; input: number; parts: StridedPart[] }
  | { kernel: 'gather'; input: number; indices: number; output: number; g: GatherGeometry }
  | { kernel: 'concatenation'; inputs: number[]; output: number; blockSizes: number[]; outer: number }
  | { kernel: 'log_softmax'; input: number; output: number; depth: number; rows: number; p: LogSoftmaxParams }
  | { kernel: 'softmax'; input: number; output: number; depth: number; rows: number; p: SoftmaxParams }
  | { kernel: 'logistic' | 'tanh'; input: number; output: number; count: number; p: LogisticParams }
  | { kernel: 'mean'; input: number; output: number; outer: number; reduce: number; inner: number; inputZeroPoint: number; multiplier: number; shift: number; outputZeroPoint: number }
  | { kernel: 'pad'; input: number; output: number; inShape: number[]; outShape: number[]; before: number[]; padValue: number }
  | { kernel: 'copy'; input: number; output: number; bytes: number }
  | { kernel: 'requantize'; input: number; output: number; count: number; inputZeroPoint: number; multiplier: number; shift: number; outputZeroPoint: number; actMin: number; actMax: number };

/**
 * SUB, MUL, MAXIMUM, MINIMUM, SQUARED_DIFFERENCE, PRELU (input 2 is alpha),
 * and ADD with broadcasting: `count` output
 * elements, `broadcast` null when both inputs have the output's shape.
 */
export type BinaryPlan = { kernel: 'binary'; input1: number; input2: number; output: number; count: number; broadcast: Strides6 | null } & (
  | { op: 'add' | 'sub' | 'squared_difference'; p: AddParams }
  | { op: 'prelu'; p: PreluParams }
  | { op: 'mul'; p: MulParams }
  | { op: 'maximum' | 'minimum'; p: null });
