import type { Graph } from './Graph.js';
import { elementCount } from './Graph.js';

/**
 * Multiply-accumulates of operator `index` for one inference: CONV_2D
 * N*OH*OW*OC*KH*KW*IC, DEPTHWISE_CONV_2D N*OH*OW*OC*KH*KW, FULLY_CONNECTED
 * batch*out*in, TRANSPOSE_CONV N*IH*IW*IC*KH*KW*OC (every input pixel
 * scatters a full filter, counting the taps that fall off the output), and
 * BATCH_MATMUL outputs*depth, UNIDIRECTIONAL_SEQUENCE_LSTM batch*time*units*4*(in
 * + units) (four gates, each over the input and the hidden state); 0 for
 * operators without multiplies by weights.
 */
export function operatorMacs(graph: Graph, index: number): number {
  const op = graph.operators[index];
  const shape = (i: number): number[] => graph.tensors[i]?.shape ?? [];
  switch (op.kind) {
    case 'CONV_2D': {
      const [, kh, kw, ic] = shape(op.inputs[1]);
      return elementCount(shape(op.outputs[0])) * kh * kw * ic;
    }
    case 'DEPTHWISE_CONV_2D': {
      const [, kh, kw] = shape(op.inputs[1]);
      return elementCount(shape(op.outputs[0])) * kh * kw;
    }
    case 'FULLY_CONNECTED': {
      const [, inDepth] = shape(op.inputs[1]);
      return elementCount(shape(op.outputs[0])) * inDepth;
    }
    case 'TRANSPOSE_CONV': {
      const [oc, kh, kw] = shape(op.inputs[1]);
      return elementCount(shape(op.inputs[2])) * kh * kw * oc;
    }
    case 'BATCH_MATMUL': {
      // The summed dimension is the lhs's last one, or its second to last with adj_x.
      const lhs = shape(op.inputs[0]);
      const depth = lhs[lhs.length - (op.options.adjX ? 2 : 1)] ?? 0;
      return elementCount(shape(op.outputs[0])) * depth;
    }
    case 'UNIDIRECTIONAL_SEQUENCE_LSTM': {
      const [units, inDepth] = shape(op.inputs[2]);
      return elementCount(shape(op.outputs[0])) * 4 * (inDepth + units);
    }
    default:
      return 0;
  }
}

/** Total multiply-accumulates of one inference of `graph`. */
export function graphMacs(graph: Graph): number {
  let total = 0;
  for (let i = 0; i < graph.operators.length; i++) total += operatorMacs(graph, i);
  return total;
}
