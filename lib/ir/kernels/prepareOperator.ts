import type { Graph } from '../Graph.js';
import { prepareAdd } from './add.js';
import { prepareConcatenation } from './concatenation.js';
import { prepareConv2d } from './conv2d.js';
import { prepareDepthwiseConv2d } from './depthwiseConv2d.js';
import { prepareElementwise } from './elementwise.js';
import { prepareFullyConnected } from './fullyConnected.js';
import { prepareLogistic } from './logistic.js';
import { prepareMean } from './mean.js';
import type { OpRunner } from './OpContext.js';
import { OpContext } from './OpContext.js';
import { prepareReshape } from './reshape.js';
import { preparePad } from './pad.js';
import { preparePool2d } from './pool2d.js';
import { prepareSoftmax } from './softmax.js';

/**
 * Check operator `index` of `graph` against its tensors and precompute what
 * its reference kernel needs (multipliers, padding, clamp ranges). Throws a
 * GraphError naming the model, the operator index and its kind.
 */
export function prepareOperator(graph: Graph, index: number): OpRunner {
  const op = graph.operators[index];
  const ctx = new OpContext(graph, op, index);
  switch (op.kind) {
    case 'CONV_2D': return prepareConv2d(ctx, op.options);
    case 'DEPTHWISE_CONV_2D': return prepareDepthwiseConv2d(ctx, op.options);
    case 'FULLY_CONNECTED': return prepareFullyConnected(ctx, op.options);
    case 'AVERAGE_POOL_2D': return preparePool2d(ctx, op.options, 'average');
    case 'MAX_POOL_2D': return preparePool2d(ctx, op.options, 'max');
    case 'ADD': return prepareAdd(ctx, op.options.activation);
    case 'CONCATENATION': return prepareConcatenation(ctx, op.options.axis);
    case 'SOFTMAX': return prepareSoftmax(ctx, op.options.beta);
    case 'LOGISTIC': return prepareLogistic(ctx);
    case 'MEAN': return prepareMean(ctx, op.options.keepDims);
    case 'RESHAPE': return prepareReshape(ctx, op.options.newShape);
    case 'PAD': return preparePad(ctx);
    case 'RELU': case 'RELU6': case 'QUANTIZE': case 'DEQUANTIZE': return prepareElementwise(ctx, op.kind);
  }
}
