import type { DType, Graph, TensorData } from './Graph.js';
import { elementCount } from './Graph.js';
import { GraphError } from './GraphError.js';
import type { OpRunner } from './kernels/OpContext.js';
import type { Operator } from './Operator.js';
import { prepareGraph } from './validateGraph.js';

/** Called after each operator with its index and wall time in ms. */
export type OperatorHook = (index: number, op: Operator, ms: number) => void;

/**
 * Runs a Graph with the reference kernels: int8 with TFLite's integer-only
 * semantics (bit-exact), float32 for float graphs. Construction validates the
 * graph and prepares every operator once; `run` may then be called many times
 * (variable tensors keep their state from one run to the next).
 */
export class Interpreter {
  private readonly runners: OpRunner[];
  private readonly buffers: TensorData[];

  constructor(readonly graph: Graph) {
    this.runners = prepareGraph(graph);
    this.buffers = graph.tensors.map((t) => t.data ?? allocate(t.dtype, elementCount(t.shape)));
    this.resetState();
  }

  /**
   * Put every variable tensor (an SVDF's memory) back to its start: the zero
   * point for int8, 0 otherwise, as TFLM's Reset does. Inferences otherwise
   * carry the state on, as a streaming model expects.
   */
  resetState(): void {
    this.graph.tensors.forEach((t, i) => {
      if (t.variable !== true) return;
      const zp = t.dtype === 'int8' ? t.quantization?.zeroPoint[0] ?? 0 : 0;
      (this.buffers[i] as Int8Array).fill(zp);
    });
  }

  /**
   * Run one inference. `inputs[i]` fills graph input i and must have its
   * dtype and element count. Returns copies of the output tensors.
   */
  run(inputs: readonly TensorData[], hook?: OperatorHook): TensorData[] {
    this.execute(inputs, hook);
    return this.graph.outputs.map((o) => this.buffers[o].slice());
  }

  /** Run one inference and return a copy of every tensor, indexed like graph.tensors. */
  trace(inputs: readonly TensorData[]): TensorData[] {
    this.execute(inputs);
    return this.buffers.map((b) => b.slice());
  }

  private execute(inputs: readonly TensorData[], hook?: OperatorHook): void {
    const g = this.graph;
    if (inputs.length !== g.inputs.length) {
      throw new GraphError('input', `${g.name} takes ${g.inputs.length} input(s), got ${inputs.length}`);
    }
    inputs.forEach((data, k) => {
      const t = g.tensors[g.inputs[k]];
      const n = elementCount(t.shape);
      if (dtypeOf(data) !== t.dtype && !(t.dtype === 'bool' && data instanceof Uint8Array)) {
        throw new GraphError('input', `${g.name}: input ${k} (${t.name}) is ${t.dtype}, got ${dtypeOf(data)} data`);
      }
      if (data.length !== n) {
        throw new GraphError('input', `${g.name}: input ${k} (${t.name}) has shape [${t.shape.join(', ')}] = ${n} values, got ${data.length}`);
      }
      (this.buffers[g.inputs[k]] as Int8Array).set(data as Int8Array);
    });
    for (let i = 0; i < this.runners.length; i++) {
      const start = hook === undefined ? 0 : performance.now();
      this.runners[i](this.buffers);
      if (hook !== undefined) hook(i, g.operators[i], performance.now() - start);
    }
  }
}

export function allocate(dtype: DType, n: number): TensorData {
  switch (dtype) {
    case 'float32': return new Float32Array(n);
    case 'int8': return new Int8Array(n);
    case 'uint8': case 'bool': return new Uint8Array(n);
    case 'int16': return new Int16Array(n);
    case 'int32': return new Int32Array(n);
    case 'int64': return new BigInt64Array(n);
  }
}

export function dtypeOf(data: TensorData): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Int32Array) return 'int32';
  return 'int64';
}
