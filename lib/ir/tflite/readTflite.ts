import type { DType, Graph, Quantization, TensorData, TensorSpec } from '../Graph.js';
import { elementCount } from '../Graph.js';
import { GraphError } from '../GraphError.js';
import type { Activation, Operator, OperatorKind, Padding } from '../Operator.js';
import { FlatTable } from './FlatTable.js';
import { DTYPE_BYTES } from '../dtypeBytes.js';
import {
  ACTIVATIONS, BUILTIN_CODE, F, PADDINGS, PLACEHOLDER_FOR_GREATER_OP_CODES, TENSOR_TYPE_DTYPE, builtinName,
} from './tfliteSchema.js';

const KIND_BY_CODE = new Map<number, OperatorKind>(
  Object.entries(BUILTIN_CODE).map(([kind, code]) => [code, kind as OperatorKind]),
);

/**
 * Parse a .tflite flatbuffer (schema v3, first subgraph) into a Graph.
 * `name` labels error messages, usually the file name. Throws GraphError:
 * `format` for malformed bytes, `unsupported` for an operator, dtype or
 * feature the course does not implement (named, with its operator index).
 */
export function readTflite(bytes: Uint8Array, name = 'model'): Graph {
  if (bytes.byteLength < 8) {
    throw new GraphError('format', `${name}: ${bytes.byteLength} bytes is too short to be a .tflite file`);
  }
  const ident = String.fromCharCode(...bytes.subarray(4, 8));
  if (ident !== 'TFL3') {
    throw new GraphError('format', `${name}: not a .tflite file (file identifier is ${JSON.stringify(ident)}, expected "TFL3")`);
  }
  const model = FlatTable.root(bytes, `${name}: model`);
  const version = model.uint32(F.model.version);
  if (version !== 3) throw new GraphError('unsupported', `${name}: schema version ${version}; only version 3 is supported`);

  const buffers = model.tables(F.model.buffers, 'buffers');
  const codes = model.tables(F.model.operatorCodes, 'operator_codes').map((c, i) => opcodeOf(c, i, name));
  const subgraphs = model.tables(F.model.subgraphs, 'subgraphs');
  if (subgraphs.length === 0) throw new GraphError('format', `${name}: the model has no subgraph`);
  if (subgraphs.length > 1) {
    throw new GraphError('unsupported', `${name}: ${subgraphs.length} subgraphs; only single-subgraph models are supported`);
  }
  const sg = subgraphs[0];
  const tensors = sg.tables(F.subgraph.tensors, 'tensors').map((t, i) => tensorOf(t, i, buffers, name));
  const ref = (what: string) => (index: number): number => {
    if (index < -1 || index >= tensors.length) {
      throw new GraphError('format', `${name}: ${what} refers to tensor ${index}, but there are ${tensors.length}`);
    }
    return index;
  };
  const operators = sg.tables(F.subgraph.operators, 'operators').map((op, i): Operator => {
    const codeIndex = op.uint32(F.operator.opcodeIndex);
    const code = codes[codeIndex];
    if (code === undefined) {
      throw new GraphError('format', `${name}: operator ${i} uses opcode index ${codeIndex}, but there are ${codes.length}`);
    }
    const kind = KIND_BY_CODE.get(code);
    if (kind === undefined) {
      throw new GraphError('unsupported', `${name}: operator ${i} is ${builtinName(code)}, which TinyML.ts does not support ` +
        `(supported: ${[...KIND_BY_CODE.values()].sort().join(', ')})`);
    }
    const inputs = op.int32s(F.operator.inputs, 'inputs').map(ref(`operator ${i} (${kind}) input`));
    const outputs = op.int32s(F.operator.outputs, 'outputs').map(ref(`operator ${i} (${kind}) output`));
    return operatorOf(kind, op, inputs, outputs, `${name}: operator ${i} (${kind})`);
  });
  return {
    name,
    description: model.string(F.model.description) ?? '',
    tensors,
    inputs: sg.int32s(F.subgraph.inputs, 'inputs').map(ref('subgraph input')),
    outputs: sg.int32s(F.subgraph.outputs, 'outputs').map(ref('subgraph output')),
    operators,
  };
}

function opcodeOf(c: FlatTable, index: number, name: string): number {
  const deprecated = c.int8(F.operatorCode.deprecatedBuiltinCode);
  const extended = c.int32(F.operatorCode.builtinCode);
  // Writers before the extended field set only the byte; newer ones set both.
  const code = Math.max(deprecated, extended);
  if (code === 32) {
    const custom = c.string(F.operatorCode.customCode) ?? '';
    throw new GraphError('unsupported', `${name}: operator code ${index} is the custom operator ${JSON.stringify(custom)}, which TinyML.ts does not support`);
  }
  if (deprecated !== PLACEHOLDER_FOR_GREATER_OP_CODES && extended !== 0 && deprecated !== extended) {
    throw new GraphError('format', `${name}: operator code ${index} is inconsistent (${deprecated} vs ${extended})`);
  }
  return code;
}

function tensorOf(t: FlatTable, index: number, buffers: FlatTable[], name: string): TensorSpec {
  const label = `${name}: tensor ${index}`;
  const tensorName = t.string(F.tensor.name) ?? `tensor_${index}`;
  const typeCode = t.int8(F.tensor.type);
  const dtype = TENSOR_TYPE_DTYPE[typeCode] ?? null;
  if (dtype === null) throw new GraphError('unsupported', `${label} (${tensorName}) has TensorType ${typeCode}, which TinyML.ts does not support`);
  if (t.has(F.tensor.sparsity)) throw new GraphError('unsupported', `${label} (${tensorName}) is sparse; sparse tensors are not supported`);
  const shape = t.int32s(F.tensor.shape, 'shape');
  if (shape.some((d) => d < 0)) throw new GraphError('invalid', `${label} (${tensorName}) has a negative dimension: [${shape.join(', ')}]`);
  const spec: TensorSpec = { name: tensorName, shape, dtype };
  if (t.bool(F.tensor.isVariable)) spec.variable = true;
  const q = t.table(F.tensor.quantization, `${label} quantization`);
  const quantization = q === null ? undefined : quantizationOf(q, label);
  if (quantization !== undefined) spec.quantization = quantization;
  const bufferIndex = t.uint32(F.tensor.buffer);
  if (bufferIndex !== 0) {
    const buffer = buffers[bufferIndex];
    if (buffer === undefined) throw new GraphError('format', `${label} refers to buffer ${bufferIndex}, but there are ${buffers.length}`);
    const bytes = buffer.bytes(F.buffer.data, 'data');
    if (bytes !== null && bytes.byteLength > 0) spec.data = typedArrayOf(dtype, bytes, elementCount(shape), `${label} (${tensorName})`);
  }
  return spec;
}

function quantizationOf(q: FlatTable, label: string): Quantization | undefined {
  if (q.uint8(F.quantization.detailsType) !== 0) throw new GraphError('unsupported', `${label}: custom quantization details are not supported`);
  const scale = q.float32s(F.quantization.scale, 'scale');
  if (scale.length === 0) return undefined;
  const zeroPoint = q.int64s(F.quantization.zeroPoint, 'zero_point');
  if (zeroPoint.length !== scale.length) {
    throw new GraphError('invalid', `${label}: ${scale.length} scales but ${zeroPoint.length} zero points`);
  }
  return { scale, zeroPoint, axis: q.int32(F.quantization.quantizedDimension) };
}


function typedArrayOf(dtype: DType, bytes: Uint8Array, count: number, label: string): TensorData {
  const expected = count * DTYPE_BYTES[dtype];
  if (bytes.byteLength !== expected) {
    throw new GraphError('invalid', `${label}: its buffer holds ${bytes.byteLength} bytes, but ${count} ${dtype} elements need ${expected}`);
  }
  const b = bytes.buffer;
  switch (dtype) {
    case 'float32': return new Float32Array(b, bytes.byteOffset, count);
    case 'int8': return new Int8Array(b, bytes.byteOffset, count);
    case 'uint8': case 'bool': return new Uint8Array(b, bytes.byteOffset, count);
    case 'int16': return new Int16Array(b, bytes.byteOffset, count);
    case 'int32': return new Int32Array(b, bytes.byteOffset, count);
    case 'int64': return new BigInt64Array(b, bytes.byteOffset, count);
  }
}

function operatorOf(kind: OperatorKind, op: FlatTable, inputs: number[], outputs: number[], label: string): Operator {
  const o = op.table(F.operator.options, `${label} options`);
  const padding = (t: FlatTable, id: number): Padding => enumOf(PADDINGS, t.int8(id), `${label} padding`);
  const activation = (t: FlatTable | null, id: number): Activation =>
    t === null ? 'NONE' : enumOf(ACTIVATIONS, t.int8(id), `${label} fused activation`);
  const need = (): FlatTable => {
    if (o === null) throw new GraphError('format', `${label} has no options table`);
    return o;
  };
  switch (kind) {
    case 'CONV_2D': {
      const t = need();
      return { kind, inputs, outputs, options: {
        padding: padding(t, F.conv2d.padding), strideW: t.int32(F.conv2d.strideW), strideH: t.int32(F.conv2d.strideH),
        dilationW: t.int32(F.conv2d.dilationW, 1), dilationH: t.int32(F.conv2d.dilationH, 1),
        activation: activation(t, F.conv2d.activation),
      } };
    }
    case 'DEPTHWISE_CONV_2D': {
      const t = need();
      return { kind, inputs, outputs, options: {
        padding: padding(t, F.depthwise.padding), strideW: t.int32(F.depthwise.strideW), strideH: t.int32(F.depthwise.strideH),
        dilationW: t.int32(F.depthwise.dilationW, 1), dilationH: t.int32(F.depthwise.dilationH, 1),
        depthMultiplier: t.int32(F.depthwise.depthMultiplier), activation: activation(t, F.depthwise.activation),
      } };
    }
    case 'AVERAGE_POOL_2D': case 'MAX_POOL_2D': case 'L2_POOL_2D': {
      const t = need();
      return { kind, inputs, outputs, options: {
        padding: padding(t, F.pool2d.padding), strideW: t.int32(F.pool2d.strideW), strideH: t.int32(F.pool2d.strideH),
        filterW: t.int32(F.pool2d.filterW), filterH: t.int32(F.pool2d.filterH), activation: activation(t, F.pool2d.activation),
      } };
    }
    case 'TRANSPOSE_CONV': {
      const t = need();
      // quantized_bias_type INT64 (4) asks for a 64-bit accumulator (int16x8 models); the int8 kernels accumulate in int32.
      const biasType = t.int8(F.transposeConv.quantizedBiasType);
      if (biasType !== 0 && biasType !== 2) throw new GraphError('unsupported', `${label}: quantized_bias_type ${biasType} is not supported (only the default and INT32)`);
      return { kind, inputs, outputs, options: {
        padding: padding(t, F.transposeConv.padding), strideW: t.int32(F.transposeConv.strideW), strideH: t.int32(F.transposeConv.strideH),
        activation: activation(t, F.transposeConv.activation),
      } };
    }
    case 'SVDF': {
      const t = need();
      return { kind, inputs, outputs, options: { rank: t.int32(F.svdf.rank), activation: activation(t, F.svdf.activation) } };
    }
    case 'UNIDIRECTIONAL_SEQUENCE_LSTM': {
      const t = need();
      const act = t.int8(F.sequenceLstm.activation);
      if (act !== 4) throw new GraphError('unsupported', `${label}: cell activation ${['NONE', 'RELU', 'RELU_N1_TO_1', 'RELU6', 'TANH', 'SIGN_BIT'][act] ?? act}; the LSTM runs with TANH, as TFLite Micro's`);
      if (t.bool(F.sequenceLstm.diagonalRecurrentTensors)) throw new GraphError('unsupported', `${label}: diagonal recurrent weights are not supported (TFLite Micro has none either)`);
      return { kind, inputs, outputs, options: { cellClip: t.float32(F.sequenceLstm.cellClip), timeMajor: t.bool(F.sequenceLstm.timeMajor) } };
    }
    case 'BATCH_MATMUL':
      return { kind, inputs, outputs, options: { adjX: o?.bool(F.batchMatmul.adjX) ?? false, adjY: o?.bool(F.batchMatmul.adjY) ?? false } };
    case 'RESIZE_BILINEAR':
      return { kind, inputs, outputs, options: { alignCorners: o?.bool(F.resizeBilinear.alignCorners) ?? false, halfPixelCenters: o?.bool(F.resizeBilinear.halfPixelCenters) ?? false } };
    case 'FULLY_CONNECTED': {
      if (o !== null && o.int8(F.fullyConnected.weightsFormat) !== 0) {
        throw new GraphError('unsupported', `${label}: shuffled weights formats are not supported`);
      }
      return { kind, inputs, outputs, options: {
        activation: activation(o, F.fullyConnected.activation), keepNumDims: o?.bool(F.fullyConnected.keepNumDims) ?? false,
      } };
    }
    case 'ADD': case 'SUB': case 'MUL':
      // AddOptions, SubOptions and MulOptions all hold the fused activation in field 0.
      return { kind, inputs, outputs, options: { activation: activation(o, F.add.activation) } };
    case 'LEAKY_RELU':
      return { kind, inputs, outputs, options: { alpha: o?.float32(F.leakyRelu.alpha, 0) ?? 0 } };
    case 'RESIZE_NEAREST_NEIGHBOR':
      return { kind, inputs, outputs, options: { alignCorners: o?.bool(F.resize.alignCorners) ?? false, halfPixelCenters: o?.bool(F.resize.halfPixelCenters) ?? false } };
    case 'STRIDED_SLICE': {
      const int = (id: number) => o?.int32(id) ?? 0;
      return { kind, inputs, outputs, options: {
        beginMask: int(F.stridedSlice.beginMask), endMask: int(F.stridedSlice.endMask), ellipsisMask: int(F.stridedSlice.ellipsisMask),
        newAxisMask: int(F.stridedSlice.newAxisMask), shrinkAxisMask: int(F.stridedSlice.shrinkAxisMask), offset: o?.bool(F.stridedSlice.offset) ?? false,
      } };
    }
    case 'SPLIT': case 'SPLIT_V':
      return { kind, inputs, outputs, options: { numSplits: need().int32(F.split.numSplits) } };
    case 'PACK': {
      const t = need();
      return { kind, inputs, outputs, options: { valuesCount: t.int32(F.pack.valuesCount), axis: t.int32(F.pack.axis) } };
    }
    case 'GATHER':
      return { kind, inputs, outputs, options: { axis: o?.int32(F.gather.axis) ?? 0, batchDims: o?.int32(F.gather.batchDims) ?? 0 } };
    case 'UNPACK': {
      const t = need();
      return { kind, inputs, outputs, options: { num: t.int32(F.unpack.num), axis: t.int32(F.unpack.axis) } };
    }
    case 'SQUEEZE':
      return { kind, inputs, outputs, options: { squeezeDims: o !== null && o.has(F.squeeze.squeezeDims) ? o.int32s(F.squeeze.squeezeDims, 'squeeze_dims') : [] } };
    case 'CONCATENATION':
      return { kind, inputs, outputs, options: { axis: need().int32(F.concatenation.axis), activation: activation(o, F.concatenation.activation) } };
    case 'SOFTMAX':
      return { kind, inputs, outputs, options: { beta: o?.float32(F.softmax.beta, 1) ?? 1 } };
    case 'MEAN': case 'SUM':
      return { kind, inputs, outputs, options: { keepDims: o?.bool(F.reducer.keepDims) ?? false } };
    case 'RESHAPE': {
      const newShape = o !== null && o.has(F.reshape.newShape) ? o.int32s(F.reshape.newShape, 'new_shape') : null;
      return { kind, inputs, outputs, options: { newShape } };
    }
    case 'PAD': case 'RELU': case 'RELU6': case 'LOGISTIC': case 'TANH': case 'LOG_SOFTMAX': case 'QUANTIZE': case 'DEQUANTIZE':
    case 'MAXIMUM': case 'MINIMUM': case 'SQUARED_DIFFERENCE': case 'PRELU': case 'EXPAND_DIMS': case 'TRANSPOSE': case 'SLICE':
    case 'HARD_SWISH':
      return { kind, inputs, outputs, options: {} };
  }
}

function enumOf<T>(values: readonly (T | null)[], code: number, what: string): T {
  const v = values[code] ?? null;
  if (v === null) throw new GraphError('unsupported', `${what} ${code} is not supported`);
  return v;
}
