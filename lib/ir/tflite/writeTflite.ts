import { Builder } from 'flatbuffers';
import type { Graph, TensorSpec } from '../Graph.js';
import type { Activation, Operator, OperatorKind, Padding } from '../Operator.js';
import { ACTIVATIONS, BUILTIN_CODE, F, OPTIONS_TYPE, PADDINGS, PLACEHOLDER_FOR_GREATER_OP_CODES, tensorTypeOf } from './tfliteSchema.js';

/**
 * Operator versions TFLite's op_version.cc assigns to int8 kernels; float
 * graphs use version 1. Runtimes refuse an op whose version they lack.
 */
const INT8_VERSION: Readonly<Record<OperatorKind, number>> = {
  CONV_2D: 3, DEPTHWISE_CONV_2D: 3, FULLY_CONNECTED: 4, AVERAGE_POOL_2D: 2, MAX_POOL_2D: 2, ADD: 2,
  SOFTMAX: 2, CONCATENATION: 2, PAD: 2, MEAN: 2, QUANTIZE: 2, DEQUANTIZE: 2, RELU: 2, RELU6: 2,
  LOGISTIC: 2, RESHAPE: 1, SUB: 2, MUL: 2, MAXIMUM: 2, MINIMUM: 2, LEAKY_RELU: 2, SQUEEZE: 1,
  EXPAND_DIMS: 1, TRANSPOSE: 2, RESIZE_NEAREST_NEIGHBOR: 3, TANH: 2,
  SQUARED_DIFFERENCE: 2, PRELU: 1, LOG_SOFTMAX: 2, GATHER: 2, SLICE: 2, STRIDED_SLICE: 2, SPLIT: 2, SPLIT_V: 2, PACK: 2, UNPACK: 2,
  L2_POOL_2D: 1, RESIZE_BILINEAR: 3, TRANSPOSE_CONV: 4, SUM: 2, HARD_SWISH: 2, BATCH_MATMUL: 2, SVDF: 3,
  UNIDIRECTIONAL_SEQUENCE_LSTM: 1,
};

/**
 * Serialise a Graph as a .tflite flatbuffer (schema version 3, one subgraph,
 * identifier "TFL3"). Constant tensors get their own 16-byte aligned buffer;
 * buffer 0 is the empty sentinel. Returns the file's bytes.
 */
export function writeTflite(graph: Graph): Uint8Array {
  const b = new Builder(1024);
  const constants = graph.tensors.map((t, i) => ({ t, i })).filter(({ t }) => t.data !== undefined);
  const bufferIndex = new Map<number, number>(constants.map(({ i }, k) => [i, k + 1]));

  const bufferOffsets = [emptyTable(b), ...constants.map(({ t }) => {
    const data = t.data as NonNullable<TensorSpec['data']>;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const vec = byteVector(b, bytes, 16);
    b.startObject(3);
    b.addFieldOffset(F.buffer.data, vec, 0);
    return b.endObject();
  })];

  const tensorOffsets = graph.tensors.map((t, i) => {
    const shape = int32Vector(b, t.shape);
    const name = b.createString(t.name);
    let quant = 0;
    if (t.quantization !== undefined) {
      const scale = vector(b, 4, t.quantization.scale, (v) => b.addFloat32(v));
      const zero = vector(b, 8, t.quantization.zeroPoint, (v) => b.addInt64(BigInt(v)));
      b.startObject(7);
      b.addFieldOffset(F.quantization.scale, scale, 0);
      b.addFieldOffset(F.quantization.zeroPoint, zero, 0);
      b.addFieldInt32(F.quantization.quantizedDimension, t.quantization.axis, 0);
      quant = b.endObject();
    }
    b.startObject(9);
    b.addFieldOffset(F.tensor.shape, shape, 0);
    b.addFieldInt8(F.tensor.type, tensorTypeOf(t.dtype), 0);
    b.addFieldInt32(F.tensor.buffer, bufferIndex.get(i) ?? 0, 0);
    b.addFieldOffset(F.tensor.name, name, 0);
    if (quant !== 0) b.addFieldOffset(F.tensor.quantization, quant, 0);
    if (t.variable === true) b.addFieldInt8(F.tensor.isVariable, 1, 0);
    return b.endObject();
  });

  const kinds = [...new Set(graph.operators.map((op) => op.kind))];
  const integer = graph.tensors.some((t) => t.dtype === 'int8');
  const codeOffsets = kinds.map((kind) => {
    const code = BUILTIN_CODE[kind];
    b.startObject(4);
    b.addFieldInt8(F.operatorCode.deprecatedBuiltinCode, Math.min(code, PLACEHOLDER_FOR_GREATER_OP_CODES), 0);
    b.addFieldInt32(F.operatorCode.version, integer ? INT8_VERSION[kind] : 1, 1);
    b.addFieldInt32(F.operatorCode.builtinCode, code, 0);
    return b.endObject();
  });

  const operatorOffsets = graph.operators.map((op) => {
    const inputs = int32Vector(b, op.inputs);
    const outputs = int32Vector(b, op.outputs);
    const options = optionsTable(b, op);
    b.startObject(9);
    b.addFieldInt32(F.operator.opcodeIndex, kinds.indexOf(op.kind), 0);
    b.addFieldOffset(F.operator.inputs, inputs, 0);
    b.addFieldOffset(F.operator.outputs, outputs, 0);
    if (options !== 0) {
      b.addFieldInt8(F.operator.optionsType, OPTIONS_TYPE[op.kind], 0);
      b.addFieldOffset(F.operator.options, options, 0);
    }
    return b.endObject();
  });

  const tensors = offsetVector(b, tensorOffsets);
  const inputs = int32Vector(b, graph.inputs);
  const outputs = int32Vector(b, graph.outputs);
  const operators = offsetVector(b, operatorOffsets);
  const sgName = b.createString('main');
  b.startObject(5);
  b.addFieldOffset(F.subgraph.tensors, tensors, 0);
  b.addFieldOffset(F.subgraph.inputs, inputs, 0);
  b.addFieldOffset(F.subgraph.outputs, outputs, 0);
  b.addFieldOffset(F.subgraph.operators, operators, 0);
  b.addFieldOffset(F.subgraph.name, sgName, 0);
  const subgraph = b.endObject();

  const codes = offsetVector(b, codeOffsets);
  const subgraphs = offsetVector(b, [subgraph]);
  const description = b.createString(graph.description === '' ? 'TinyML.ts' : graph.description);
  const buffers = offsetVector(b, bufferOffsets);
  b.startObject(5);
  b.addFieldInt32(F.model.version, 3, 0);
  b.addFieldOffset(F.model.operatorCodes, codes, 0);
  b.addFieldOffset(F.model.subgraphs, subgraphs, 0);
  b.addFieldOffset(F.model.description, description, 0);
  b.addFieldOffset(F.model.buffers, buffers, 0);
  const model = b.endObject();
  b.finish(model, 'TFL3');
  return b.asUint8Array().slice();
}

function optionsTable(b: Builder, op: Operator): number {
  const activation = (a: Activation): number => ACTIVATIONS.indexOf(a);
  const padding = (p: Padding): number => PADDINGS.indexOf(p);
  switch (op.kind) {
    case 'CONV_2D': {
      const o = op.options;
      b.startObject(7);
      b.addFieldInt8(F.conv2d.padding, padding(o.padding), 0);
      b.addFieldInt32(F.conv2d.strideW, o.strideW, 0);
      b.addFieldInt32(F.conv2d.strideH, o.strideH, 0);
      b.addFieldInt8(F.conv2d.activation, activation(o.activation), 0);
      b.addFieldInt32(F.conv2d.dilationW, o.dilationW, 1);
      b.addFieldInt32(F.conv2d.dilationH, o.dilationH, 1);
      return b.endObject();
    }
    case 'DEPTHWISE_CONV_2D': {
      const o = op.options;
      b.startObject(7);
      b.addFieldInt8(F.depthwise.padding, padding(o.padding), 0);
      b.addFieldInt32(F.depthwise.strideW, o.strideW, 0);
      b.addFieldInt32(F.depthwise.strideH, o.strideH, 0);
      b.addFieldInt32(F.depthwise.depthMultiplier, o.depthMultiplier, 0);
      b.addFieldInt8(F.depthwise.activation, activation(o.activation), 0);
      b.addFieldInt32(F.depthwise.dilationW, o.dilationW, 1);
      b.addFieldInt32(F.depthwise.dilationH, o.dilationH, 1);
      return b.endObject();
    }
    case 'AVERAGE_POOL_2D': case 'MAX_POOL_2D': case 'L2_POOL_2D': {
      const o = op.options;
      b.startObject(6);
      b.addFieldInt8(F.pool2d.padding, padding(o.padding), 0);
      b.addFieldInt32(F.pool2d.strideW, o.strideW, 0);
      b.addFieldInt32(F.pool2d.strideH, o.strideH, 0);
      b.addFieldInt32(F.pool2d.filterW, o.filterW, 0);
      b.addFieldInt32(F.pool2d.filterH, o.filterH, 0);
      b.addFieldInt8(F.pool2d.activation, activation(o.activation), 0);
      return b.endObject();
    }
    case 'TRANSPOSE_CONV': {
      const o = op.options;
      b.startObject(5);
      b.addFieldInt8(F.transposeConv.padding, padding(o.padding), 0);
      b.addFieldInt32(F.transposeConv.strideW, o.strideW, 0);
      b.addFieldInt32(F.transposeConv.strideH, o.strideH, 0);
      b.addFieldInt8(F.transposeConv.activation, activation(o.activation), 0);
      return b.endObject();
    }
    case 'SVDF':
      b.startObject(3);
      b.addFieldInt32(F.svdf.rank, op.options.rank, 0);
      b.addFieldInt8(F.svdf.activation, activation(op.options.activation), 0);
      return b.endObject();
    case 'UNIDIRECTIONAL_SEQUENCE_LSTM':
      b.startObject(6);
      // ActivationFunctionType TANH: the only cell activation TFLite's LSTM kernels take.
      b.addFieldInt8(F.sequenceLstm.activation, 4, 0);
      b.addFieldFloat32(F.sequenceLstm.cellClip, op.options.cellClip, 0);
      b.addFieldInt8(F.sequenceLstm.timeMajor, op.options.timeMajor ? 1 : 0, 0);
      return b.endObject();
    case 'BATCH_MATMUL':
      b.startObject(3);
      b.addFieldInt8(F.batchMatmul.adjX, op.options.adjX ? 1 : 0, 0);
      b.addFieldInt8(F.batchMatmul.adjY, op.options.adjY ? 1 : 0, 0);
      return b.endObject();
    case 'RESIZE_BILINEAR':
      b.startObject(4);
      b.addFieldInt8(F.resizeBilinear.alignCorners, op.options.alignCorners ? 1 : 0, 0);
      b.addFieldInt8(F.resizeBilinear.halfPixelCenters, op.options.halfPixelCenters ? 1 : 0, 0);
      return b.endObject();
    case 'FULLY_CONNECTED':
      b.startObject(5);
      b.addFieldInt8(F.fullyConnected.activation, activation(op.options.activation), 0);
      b.addFieldInt8(F.fullyConnected.keepNumDims, op.options.keepNumDims ? 1 : 0, 0);
      return b.endObject();
    case 'ADD': case 'SUB': case 'MUL':
      // SubOptions has a second field (pot_scale_int16), left at its default.
      b.startObject(op.kind === 'SUB' ? 2 : 1);
      b.addFieldInt8(F.add.activation, activation(op.options.activation), 0);
      return b.endObject();
    case 'LEAKY_RELU':
      b.startObject(1);
      b.addFieldFloat32(F.leakyRelu.alpha, op.options.alpha, 0);
      return b.endObject();
    case 'RESIZE_NEAREST_NEIGHBOR':
      b.startObject(2);
      b.addFieldInt8(F.resize.alignCorners, op.options.alignCorners ? 1 : 0, 0);
      b.addFieldInt8(F.resize.halfPixelCenters, op.options.halfPixelCenters ? 1 : 0, 0);
      return b.endObject();
    case 'STRIDED_SLICE': {
      const s = op.options;
      b.startObject(6);
      b.addFieldInt32(F.stridedSlice.beginMask, s.beginMask, 0);
      b.addFieldInt32(F.stridedSlice.endMask, s.endMask, 0);
      b.addFieldInt32(F.stridedSlice.ellipsisMask, s.ellipsisMask, 0);
      b.addFieldInt32(F.stridedSlice.newAxisMask, s.newAxisMask, 0);
      b.addFieldInt32(F.stridedSlice.shrinkAxisMask, s.shrinkAxisMask, 0);
      b.addFieldInt8(F.stridedSlice.offset, s.offset ? 1 : 0, 0);
      return b.endObject();
    }
    case 'SPLIT': case 'SPLIT_V':
      b.startObject(1);
      b.addFieldInt32(F.split.numSplits, op.options.numSplits, 0);
      return b.endObject();
    case 'PACK':
      b.startObject(2);
      b.addFieldInt32(F.pack.valuesCount, op.options.valuesCount, 0);
      b.addFieldInt32(F.pack.axis, op.options.axis, 0);
      return b.endObject();
    case 'GATHER':
      b.startObject(2);
      b.addFieldInt32(F.gather.axis, op.options.axis, 0);
      b.addFieldInt32(F.gather.batchDims, op.options.batchDims, 0);
      return b.endObject();
    case 'UNPACK':
      b.startObject(2);
      b.addFieldInt32(F.unpack.num, op.options.num, 0);
      b.addFieldInt32(F.unpack.axis, op.options.axis, 0);
      return b.endObject();
    case 'SQUEEZE': {
      const dims = int32Vector(b, op.options.squeezeDims);
      b.startObject(1);
      b.addFieldOffset(F.squeeze.squeezeDims, dims, 0);
      return b.endObject();
    }
    case 'CONCATENATION':
      b.startObject(2);
      b.addFieldInt32(F.concatenation.axis, op.options.axis, 0);
      b.addFieldInt8(F.concatenation.activation, activation(op.options.activation), 0);
      return b.endObject();
    case 'SOFTMAX':
      b.startObject(1);
      b.addFieldFloat32(F.softmax.beta, op.options.beta, 0);
      return b.endObject();
    case 'MEAN': case 'SUM':
      b.startObject(1);
      b.addFieldInt8(F.reducer.keepDims, op.options.keepDims ? 1 : 0, 0);
      return b.endObject();
    case 'RESHAPE': {
      const shape = op.options.newShape === null ? 0 : int32Vector(b, op.options.newShape);
      b.startObject(1);
      if (shape !== 0) b.addFieldOffset(F.reshape.newShape, shape, 0);
      return b.endObject();
    }
    case 'PAD': case 'QUANTIZE': case 'DEQUANTIZE': case 'MAXIMUM': case 'MINIMUM': case 'EXPAND_DIMS': case 'TRANSPOSE': case 'SLICE': case 'SQUARED_DIFFERENCE':
    case 'HARD_SWISH':
      return emptyTable(b);
    case 'RELU': case 'RELU6': case 'LOGISTIC': case 'TANH': case 'PRELU': case 'LOG_SOFTMAX':
      return 0;
  }
}

function emptyTable(b: Builder): number {
  b.startObject(0);
  return b.endObject();
}

function vector(b: Builder, size: number, values: readonly number[], add: (v: number) => void): number {
  b.startVector(size, values.length, size);
  for (let i = values.length - 1; i >= 0; i--) add(values[i]);
  return b.endVector();
}

function int32Vector(b: Builder, values: readonly number[]): number {
  return vector(b, 4, values, (v) => b.addInt32(v));
}

function offsetVector(b: Builder, offsets: readonly number[]): number {
  return vector(b, 4, offsets, (v) => b.addOffset(v));
}

function byteVector(b: Builder, bytes: Uint8Array, alignment: number): number {
  b.startVector(1, bytes.length, alignment);
  for (let i = bytes.length - 1; i >= 0; i--) b.addInt8(bytes[i]);
  return b.endVector();
}
