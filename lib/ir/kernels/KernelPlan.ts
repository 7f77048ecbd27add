import type { AddParams } from './add.js';
import type { ConvGeometry, Requantization } from './conv2d.js';
import type { FcGeometry } from './fullyConnected.js';
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
  | { kernel: 'fully_connected'; input: number; weights: number; bias: number; output: number; g: FcGeometry; weightOffset: number; q: Requantization }
  | { kernel: 'average_pool2d' | 'max_pool2d'; input: number; output: number; g: PoolGeometry; actMin: number; actMax: number }
  | { kernel: 'add'; input1: number; input2: number; output: number; count: number; p: AddParams }
  | { kernel: 'concatenation'; inputs: number[]; output: number; blockSizes: number[]; outer: number }
  | { kernel: 'softmax'; input: number; output: number; depth: number; rows: number; p: SoftmaxParams }
  | { kernel: 'logistic'; input: number; output: number; count: number; p: LogisticParams }
  | { kernel: 'mean'; input: number; output: number; outer: number; reduce: number; inner: number; inputZeroPoint: number; multiplier: number; shift: number; outputZeroPoint: number }
  | { kernel: 'pad'; input: number; output: number; inShape: number[]; outShape: number[]; before: number[]; padValue: number }
  | { kernel: 'copy'; input: number; output: number; bytes: number }
  | { kernel: 'requantize'; input: number; output: number; count: number; inputZeroPoint: number; multiplier: number; shift: number; outputZeroPoint: number; actMin: number; actMax: number };
