import type { Graph } from '../../ir/Graph.js';
import { Interpreter } from '../../ir/Interpreter.js';
import { dequantizeTensor, quantizeTensor } from '../../ir/quantizeTensor.js';

/** One operator's output in both graphs: the float graph's values and the int8 graph's, dequantized (float32, NHWC flattened). */
export interface LayerTrace {
  operator: number;
  kind: string;
  reference: Float32Array;
  measured: Float32Array;
}

/**
 * Run one input through a float graph and its int8 quantization (tensor i of
 * one is tensor i of the other, as lib/deploy/convert makes them) and pair
 * every operator's output: the layer-by-layer comparison TFLite's
 * QuantizationDebugger makes. `input` is the float input; the int8 graph gets
 * it quantized with its own input parameters.
 */
export function traceLayers(float: Graph, int8: Graph, input: Float32Array): LayerTrace[] {
  return layerTracer(float, int8)(input);
}

/** traceLayers for many inputs: both interpreters prepared once. */
export function layerTracer(float: Graph, int8: Graph): (input: Float32Array) => LayerTrace[] {
  if (float.operators.length !== int8.operators.length) throw new RangeError(`${float.name} has ${float.operators.length} operators and ${int8.name} ${int8.operators.length}: not one graph quantized`);
  const fi = new Interpreter(float), qi = new Interpreter(int8);
  return (input) => {
    const f = fi.trace([input]);
    const q = qi.trace([quantizeTensor(int8.tensors[int8.inputs[0]], input)]);
    return int8.operators.map((op, k) => {
      const t = op.outputs[0];
      return { operator: k, kind: op.kind, reference: f[t] as Float32Array, measured: dequantizeTensor(int8.tensors[t], q[t] as Int8Array) };
    });
  };
}
