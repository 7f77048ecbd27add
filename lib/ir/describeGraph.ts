import { operatorMacs } from './countMacs.js';
import type { Graph, Quantization, TensorSpec } from './Graph.js';
import { elementCount } from './Graph.js';
import { DTYPE_BYTES } from './dtypeBytes.js';


/** One tensor as `tinyml inspect` shows it. */
export interface TensorSummary {
  index: number;
  name: string;
  shape: number[];
  dtype: TensorSpec['dtype'];
  /** Bytes of the data (constants) or of the buffer (activations). */
  bytes: number;
  constant: boolean;
  /** A variable: state kept between inferences (an SVDF's memory). */
  variable: boolean;
  quantization: string;
}

/** One operator as `tinyml inspect` shows it. */
export interface OperatorSummary {
  index: number;
  kind: string;
  inputs: number[];
  outputs: number[];
  /** Options as key=value text, e.g. "stride=2x2 padding=SAME act=RELU". */
  options: string;
  outputShape: number[];
  macs: number;
  /** Bytes of this operator's constant inputs (weights and biases). */
  paramBytes: number;
}

/** A readable, JSON-serialisable summary of a graph: operators, tensors, MACs and sizes. */
export interface GraphSummary {
  name: string;
  description: string;
  inputs: TensorSummary[];
  outputs: TensorSummary[];
  operators: OperatorSummary[];
  tensors: TensorSummary[];
  totalMacs: number;
  /** Bytes of all constant tensors. */
  weightBytes: number;
  /** Bytes of the largest activation tensor. */
  largestActivationBytes: number;
}

/** Quantization as text: "s=0.0235 zp=-128" or "per-axis 3: 16 scales in [a, b]". */
export function quantizationText(q: Quantization | undefined): string {
  if (q === undefined) return '';
  if (q.scale.length === 1) return `s=${q.scale[0].toPrecision(6)} zp=${q.zeroPoint[0]}`;
  return `per-axis ${q.axis}: ${q.scale.length} scales in [${Math.min(...q.scale).toPrecision(3)}, ${Math.max(...q.scale).toPrecision(3)}]`;
}

function tensorSummary(t: TensorSpec, index: number): TensorSummary {
  return {
    index, name: t.name, shape: t.shape, dtype: t.dtype, bytes: elementCount(t.shape) * DTYPE_BYTES[t.dtype],
    constant: t.data !== undefined, variable: t.variable === true, quantization: quantizationText(t.quantization),
  };
}

function optionsText(options: object): string {
  return Object.entries(options)
    .filter(([, v]) => v !== null && v !== undefined)
    // Float options (alpha, beta) are float32 in the file: 7 significant digits show them as written.
    .map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(',')}]` : typeof v === 'number' && !Number.isInteger(v) ? String(Number(v.toPrecision(7))) : String(v)}`)
    .join(' ');
}

export function describeGraph(graph: Graph): GraphSummary {
  const tensors = graph.tensors.map(tensorSummary);
  const operators = graph.operators.map((op, index): OperatorSummary => ({
    index, kind: op.kind, inputs: op.inputs, outputs: op.outputs, options: optionsText(op.options),
    outputShape: graph.tensors[op.outputs[0]]?.shape ?? [],
    macs: operatorMacs(graph, index),
    paramBytes: op.inputs.filter((i) => i >= 0 && tensors[i].constant).reduce((a, i) => a + tensors[i].bytes, 0),
  }));
  return {
    name: graph.name,
    description: graph.description,
    inputs: graph.inputs.map((i) => tensors[i]),
    outputs: graph.outputs.map((i) => tensors[i]),
    operators,
    tensors,
    totalMacs: operators.reduce((a, o) => a + o.macs, 0),
    weightBytes: tensors.filter((t) => t.constant).reduce((a, t) => a + t.bytes, 0),
    largestActivationBytes: Math.max(0, ...tensors.filter((t) => !t.constant).map((t) => t.bytes)),
  };
}
