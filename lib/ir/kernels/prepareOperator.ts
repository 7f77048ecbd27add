import type { Graph } from '../Graph.js';
import { prepareAdd } from './add.js';
import { prepareConcatenation } from './concatenation.js';
import { prepareConv2d } from './conv2d.js';
import { prepareDepthwiseConv2d } from './depthwiseConv2d.js';
import { prepareElementwise } from './elementwise.js';
import { prepareExpandDims } from './expandDims.js';
import { prepareFullyConnected } from './fullyConnected.js';
import { prepareBatchMatmul } from './batchMatmul.js';
import { prepareGather } from './gather.js';
import { prepareHardSwish } from './hardSwish.js';
import { prepareSvdf } from './svdf.js';
import { prepareSequenceLstm } from './sequenceLstm.js';
import { prepareResizeBilinear } from './resizeBilinear.js';
import { prepareTransposeConv } from './transposeConv.js';
import { prepareLeakyRelu } from './leakyRelu.js';
import { prepareMaximumMinimum } from './maximumMinimum.js';
import { prepareMul } from './mul.js';
import { prepareLogSoftmax } from './logSoftmax.js';
import { prepareLogistic } from './logistic.js';
import { prepareMean } from './mean.js';
import type { KernelPlan } from './KernelPlan.js';
import type { OpRunner } from './OpContext.js';
import { OpContext } from './OpContext.js';
import { prepareReshape } from './reshape.js';
import { prepareResizeNearestNeighbor } from './resizeNearestNeighbor.js';
import { preparePad } from './pad.js';
import { preparePool2d } from './pool2d.js';
import { prepareSoftmax } from './softmax.js';
import { prepareSqueeze } from './squeeze.js';
import { preparePack } from './pack.js';
import { preparePrelu } from './prelu.js';
import { prepareSlice } from './slice.js';
import { prepareSquaredDifference } from './squaredDifference.js';
import { prepareSplit, prepareSplitV } from './split.js';
import { prepareStridedSlice } from './stridedSlice.js';
import { prepareTanh } from './tanh.js';
import { prepareUnpack } from './unpack.js';
import { prepareTranspose } from './transpose.js';

/**
 * Check operator `index` of `graph` against its tensors and precompute what
 * its reference kernel needs (multipliers, padding, clamp ranges). Throws a
 * GraphError naming the model, the operator index and its kind.
 */
export function prepareOperator(graph: Graph, index: number): OpRunner {
  return prepareWith(new OpContext(graph, graph.operators[index], index));
}

function prepareWith(ctx: OpContext): OpRunner {
  const op = ctx.op;
  switch (op.kind) {
    case 'CONV_2D': return prepareConv2d(ctx, op.options);
    case 'DEPTHWISE_CONV_2D': return prepareDepthwiseConv2d(ctx, op.options);
    case 'FULLY_CONNECTED': return prepareFullyConnected(ctx, op.options);
    case 'AVERAGE_POOL_2D': return preparePool2d(ctx, op.options, 'average');
    case 'MAX_POOL_2D': return preparePool2d(ctx, op.options, 'max');
    case 'L2_POOL_2D': return preparePool2d(ctx, op.options, 'l2');
    case 'TRANSPOSE_CONV': return prepareTransposeConv(ctx, op.options);
    case 'BATCH_MATMUL': return prepareBatchMatmul(ctx, op.options.adjX, op.options.adjY);
    case 'SUM': return prepareMean(ctx, op.options.keepDims, true);
    case 'HARD_SWISH': return prepareHardSwish(ctx);
    case 'SVDF': return prepareSvdf(ctx, op.options.rank, op.options.activation);
    case 'UNIDIRECTIONAL_SEQUENCE_LSTM': return prepareSequenceLstm(ctx, op.options.cellClip, op.options.timeMajor);
    case 'RESIZE_BILINEAR': return prepareResizeBilinear(ctx, op.options);
    case 'ADD': return prepareAdd(ctx, op.options.activation);
    case 'SUB': return prepareAdd(ctx, op.options.activation, true);
    case 'MUL': return prepareMul(ctx, op.options.activation);
    case 'MAXIMUM': case 'MINIMUM': return prepareMaximumMinimum(ctx, op.kind === 'MAXIMUM');
    case 'SQUARED_DIFFERENCE': return prepareSquaredDifference(ctx);
    case 'PRELU': return preparePrelu(ctx);
    case 'LEAKY_RELU': return prepareLeakyRelu(ctx, op.options.alpha);
    case 'SQUEEZE': return prepareSqueeze(ctx, op.options.squeezeDims);
    case 'EXPAND_DIMS': return prepareExpandDims(ctx);
    case 'TRANSPOSE': return prepareTranspose(ctx);
    case 'SLICE': return prepareSlice(ctx);
    case 'STRIDED_SLICE': return prepareStridedSlice(ctx, op.options);
    case 'SPLIT': return prepareSplit(ctx, op.options.numSplits);
    case 'SPLIT_V': return prepareSplitV(ctx, op.options.numSplits);
    case 'PACK': return preparePack(ctx, op.options.valuesCount, op.options.axis);
    case 'UNPACK': return prepareUnpack(ctx, op.options.num, op.options.axis);
    case 'GATHER': return prepareGather(ctx, op.options.axis, op.options.batchDims);
    case 'RESIZE_NEAREST_NEIGHBOR': return prepareResizeNearestNeighbor(ctx, op.options);
    case 'CONCATENATION': return prepareConcatenation(ctx, op.options.axis);
    case 'SOFTMAX': return prepareSoftmax(ctx, op.options.beta);
    case 'LOGISTIC': return prepareLogistic(ctx);
    case 'TANH': return prepareTanh(ctx);
    case 'LOG_SOFTMAX': return prepareLogSoftmax(ctx);
    case 'MEAN': return prepareMean(ctx, op.options.keepDims);
    case 'RESHAPE': return prepareReshape(ctx, op.options.newShape);
    case 'PAD': return preparePad(ctx);
    case 'RELU': case 'RELU6': case 'QUANTIZE': case 'DEQUANTIZE': return prepareElementwise(ctx, op.kind);
  }
}

/**
 * The int8 kernel call of operator `index`, with its precomputed parameters,
 * for code generation. Throws GraphError('unsupported') for float32
 * operators and the few int8 forms without a C kernel.
 */
export function planOperator(graph: Graph, index: number): KernelPlan {
  const op = graph.operators[index];
  const ctx: OpContext = new OpContext(graph, op, index);
  prepareWith(ctx);
  // int16 activations (the 16x8 scheme); an int8 SVDF's int16 time weights and state are not activations.
  if ([...op.inputs, ...op.outputs].some((t) => t >= 0 && graph.tensors[t].dtype === 'int16' && graph.tensors[t].data === undefined && graph.tensors[t].variable !== true)) {
    ctx.fail('it has int16 activations: the 16x8 scheme runs in the interpreter only, with no C kernel or hwsim cost model yet', 'unsupported');
  }
  const plan = ctx.plan;
  if (plan === null) {
    const dtypes = [...op.inputs, ...op.outputs].filter((t) => t >= 0).map((t) => graph.tensors[t].dtype);
    const why = dtypes.includes('float32')
      ? 'it computes in float32; generated C runs int8 graphs only (convert with int8 input and output)'
      : op.kind === 'MEAN' || op.kind === 'SUM' ? `the C ${op.kind} kernel reduces one contiguous block of axes only` : 'it has no C kernel';
    ctx.fail(`cannot generate C for this operator: ${why}`, 'unsupported');
  }
  return plan;
}
