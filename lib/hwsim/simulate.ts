import type { Graph, TensorData } from '../ir/Graph.js';
import { Interpreter } from '../ir/Interpreter.js';
import type { Device } from './deviceCatalog.js';
import type { SimOptions, SimReport } from './estimate.js';
import { estimate } from './estimate.js';

/**
 * Run `graph` bit-exactly (the reference interpreter, the same arithmetic as
 * the generated C) on `input` (int8, the graph's input shape) and report what
 * it costs on `device`: the interpreter's outputs plus `estimate`'s per-layer
 * and total figures for the same layers.
 */
export function simulate(graph: Graph, device: Device, input: Int8Array, options: SimOptions = {}): { outputs: TensorData[]; report: SimReport } {
  const report = estimate(graph, device, options);
  const outputs = new Interpreter(graph).run([input]);
  return { outputs, report };
}
