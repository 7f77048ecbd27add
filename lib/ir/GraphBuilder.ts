import type { Graph, TensorSpec } from './Graph.js';
import type { Operator } from './Operator.js';

/**
 * Builds a Graph step by step: tensors get indices as they are added, and
 * operators must be added in execution order. Used by the converter and by
 * tests that need small graphs.
 */
export class GraphBuilder {
  private readonly tensors: TensorSpec[] = [];
  private readonly operators: Operator[] = [];

  constructor(private readonly name: string, private readonly description = '') {}

  /** Add a tensor; returns its index. */
  tensor(spec: TensorSpec): number {
    this.tensors.push(spec);
    return this.tensors.length - 1;
  }

  /** Add an operator after those already added. */
  op(operator: Operator): this {
    this.operators.push(operator);
    return this;
  }

  build(inputs: number[], outputs: number[]): Graph {
    return { name: this.name, description: this.description, tensors: [...this.tensors], inputs, outputs, operators: [...this.operators] };
  }
}
