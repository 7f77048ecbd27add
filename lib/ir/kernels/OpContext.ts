import type { DType, Graph, TensorData, TensorSpec } from '../Graph.js';
import { GraphError } from '../GraphError.js';
import type { Operator } from '../Operator.js';
import type { KernelPlan } from './KernelPlan.js';

/** Runs one prepared operator over the interpreter's buffers (indexed by tensor). */
export type OpRunner = (buffers: TensorData[]) => void;

/** Per-tensor quantization of an activation: real = scale * (q - zeroPoint). */
export interface AffineParams {
  scale: number;
  zeroPoint: number;
}

/**
 * What an operator's prepare step sees: the graph, the operator and its
 * index, with accessors that fail with a message naming the model, the
 * operator index and its kind.
 */
export class OpContext {
  readonly label: string;
  /** Set by an int8 prepare step: the kernel call with its precomputed parameters (see planOperator). */
  plan: KernelPlan | null = null;

  constructor(readonly graph: Graph, readonly op: Operator, readonly index: number) {
    this.label = `${graph.name}: operator ${index} (${op.kind})`;
  }

  fail(message: string, kind: GraphError['kind'] = 'invalid'): never {
    throw new GraphError(kind, `${this.label}: ${message}`);
  }

  inputIndex(i: number): number {
    const t = this.op.inputs[i];
    if (t === undefined || t < 0) this.fail(`input ${i} is missing`);
    return t;
  }

  hasInput(i: number): boolean {
    const t = this.op.inputs[i];
    return t !== undefined && t >= 0;
  }

  input(i: number): TensorSpec {
    return this.graph.tensors[this.inputIndex(i)];
  }

  outputIndex(i = 0): number {
    const t = this.op.outputs[i];
    if (t === undefined || t < 0) this.fail(`output ${i} is missing`);
    return t;
  }

  output(i = 0): TensorSpec {
    return this.graph.tensors[this.outputIndex(i)];
  }

  /** The single scale and zero point of an activation tensor. */
  affine(t: TensorSpec): AffineParams {
    const q = t.quantization;
    if (q === undefined || q.scale.length === 0) this.fail(`tensor ${t.name} (${t.dtype}) has no quantization parameters`);
    if (q.scale.length !== 1) this.fail(`tensor ${t.name} must be quantized per tensor, not per axis`);
    const scale = q.scale[0];
    if (!(scale > 0) || !Number.isFinite(scale)) this.fail(`tensor ${t.name} has scale ${scale}; scales must be positive and finite`);
    return { scale, zeroPoint: q.zeroPoint[0] };
  }

  /** Constant data of input i, which must exist and have the given dtype. */
  constant<T extends TensorData>(i: number, dtype: DType): T {
    const t = this.input(i);
    if (t.data === undefined) this.fail(`input ${i} (${t.name}) must be a constant tensor`);
    if (t.dtype !== dtype) this.fail(`input ${i} (${t.name}) must be ${dtype}, not ${t.dtype}`);
    return t.data as T;
  }

  /**
   * An int32 bias (input 2) must carry as many scales as the weights
   * (input 1): TFLite derives per-channel requantization from the weights, and
   * Arm NN refuses a per-channel bias beside per-tensor weights.
   */
  checkBiasScales(): void {
    if (!this.hasInput(2)) return;
    const b = this.input(2).quantization, w = this.input(1).quantization;
    if (b !== undefined && w !== undefined && b.scale.length !== w.scale.length) {
      this.fail(`bias ${this.input(2).name} has ${b.scale.length} scale(s) but the weights have ${w.scale.length}; they must match`);
    }
  }

  /** Require every listed tensor to have one of the allowed dtypes, all the same. */
  sameDType(tensors: TensorSpec[], allowed: DType[]): DType {
    const dtype = tensors[0].dtype;
    if (!allowed.includes(dtype)) this.fail(`${dtype} tensors are not supported (supported: ${allowed.join(', ')})`, 'unsupported');
    for (const t of tensors) {
      if (t.dtype !== dtype) this.fail(`tensor ${t.name} is ${t.dtype} but ${tensors[0].name} is ${dtype}`);
    }
    return dtype;
  }

  /** Require a shape of the given rank. */
  rank(t: TensorSpec, rank: number): number[] {
    if (t.shape.length !== rank) this.fail(`tensor ${t.name} must have rank ${rank}, but its shape is [${t.shape.join(', ')}]`);
    return t.shape;
  }
}
