import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { NpyError, formatNpy, parseNpy } from '../data/npyFile.js';
import type { NpyArray } from '../data/npyFile.js';
import { describeGraph } from '../ir/describeGraph.js';
import { elementCount } from '../ir/Graph.js';
import type { Graph, TensorData } from '../ir/Graph.js';
import { GraphError } from '../ir/GraphError.js';
import { Interpreter } from '../ir/Interpreter.js';
import { quantizeFloat } from '../ir/kernels/elementwise.js';
import { readTflite } from '../ir/tflite/readTflite.js';
import { textTable } from './textTable.js';

/** Read a .tflite file into a Graph, with file-system errors turned into one line. */
export function loadTflite(path: string): Graph {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new GraphError('input', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return readTflite(bytes, basename(path));
}

/** `tinyml inspect MODEL`: operators, tensors, MACs and quantization as tables, or JSON. */
export function inspectCommand(path: string, options: { json: boolean }): string {
  const s = describeGraph(loadTflite(path));
  if (options.json) return JSON.stringify(s, null, 2);
  const shape = (d: number[]): string => `[${d.join('x')}]`;
  const kb = (b: number): string => `${(b / 1024).toFixed(1)} KiB`;
  const parts = [
    `${s.name}${s.description !== '' ? ` (${s.description})` : ''}`,
    `inputs:  ${s.inputs.map((t) => `${t.name} ${t.dtype}${shape(t.shape)} ${t.quantization}`).join('; ')}`,
    `outputs: ${s.outputs.map((t) => `${t.name} ${t.dtype}${shape(t.shape)} ${t.quantization}`).join('; ')}`,
    '',
    textTable(['#', 'op', 'output', 'MACs', 'params', 'options'],
      s.operators.map((o) => [o.index, o.kind, shape(o.outputShape), o.macs, o.paramBytes, o.options])),
    '',
    textTable(['#', 'tensor', 'dtype', 'shape', 'bytes', 'kind', 'quantization'],
      s.tensors.map((t) => [t.index, t.name.length > 60 ? `${t.name.slice(0, 28)}...${t.name.slice(-29)}` : t.name, t.dtype, shape(t.shape), t.bytes, t.constant ? 'const' : 'act', t.quantization])),
    '',
    `${s.operators.length} operators, ${(s.totalMacs / 1e6).toFixed(3)} MMAC per inference, ` +
      `weights ${kb(s.weightBytes)}, largest activation ${kb(s.largestActivationBytes)}`,
  ];
  return parts.join('\n');
}

/**
 * `tinyml infer MODEL --input IN.npy --output OUT.npy`. The input is one
 * sample of the model's input shape or a batch with a leading dimension.
 * int8 arrays go in as they are; float32 is quantized with the input's scale
 * and zero point; uint8 is shifted by -128 (TFLite's uint8 -> int8 convention).
 * Writes int8 outputs, or float32 with `dequantize`. Returns a summary line.
 */
export function inferCommand(modelPath: string, inPath: string, outPath: string, options: { dequantize: boolean }): string {
  const graph = loadTflite(modelPath);
  if (graph.inputs.length !== 1 || graph.outputs.length !== 1) {
    throw new GraphError('unsupported', `${graph.name} has ${graph.inputs.length} inputs and ${graph.outputs.length} outputs; infer handles one of each`);
  }
  let array: NpyArray;
  try {
    array = parseNpy(new Uint8Array(readFileSync(inPath)), inPath);
  } catch (e) {
    if (e instanceof NpyError) throw e;
    throw new NpyError(`cannot read ${inPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const input = graph.tensors[graph.inputs[0]];
  const output = graph.tensors[graph.outputs[0]];
  const n = elementCount(input.shape);
  const same = array.shape.join() === input.shape.join();
  const batched = array.shape.length === input.shape.length + 1 && array.shape.slice(1).join() === input.shape.join();
  // A model input with batch 1 also accepts [N, rest...]
  const batchedOne = input.shape[0] === 1 && array.shape.slice(1).join() === input.shape.slice(1).join() && array.shape.length === input.shape.length;
  if (!same && !batched && !batchedOne) {
    throw new NpyError(`${inPath} has shape (${array.shape.join(', ')}); ${graph.name} takes [${input.shape.join(', ')}], optionally with a leading batch dimension`);
  }
  const samples = same ? 1 : array.shape[0];
  const converted = toInputDType(array, input.dtype, input.quantization?.scale[0], input.quantization?.zeroPoint[0], inPath);
  const interpreter = new Interpreter(graph);
  const m = elementCount(output.shape);
  const q = output.quantization;
  const dequantize = options.dequantize && output.dtype === 'int8' && q !== undefined;
  const result = dequantize ? new Float32Array(samples * m) : (allocLike(output.dtype, samples * m));
  for (let s = 0; s < samples; s++) {
    const y = interpreter.run([converted.subarray(s * n, (s + 1) * n) as TensorData])[0];
    if (dequantize) {
      for (let j = 0; j < m; j++) (result as Float32Array)[s * m + j] = q.scale[0] * ((y as Int8Array)[j] - q.zeroPoint[0]);
    } else {
      (result as Int8Array).set(y as Int8Array, s * m);
    }
  }
  const outShape = same ? output.shape : batchedOne ? [samples, ...output.shape.slice(1)] : [samples, ...output.shape];
  writeFileSync(outPath, formatNpy({ dtype: dequantize ? 'float32' : output.dtype, shape: outShape, data: result }));
  return `${samples} sample(s) through ${graph.name}: wrote ${outPath} (${dequantize ? 'float32' : output.dtype}, shape (${outShape.join(', ')}))`;
}

function allocLike(dtype: string, n: number): Int8Array | Float32Array {
  if (dtype === 'float32') return new Float32Array(n);
  if (dtype === 'int8') return new Int8Array(n);
  throw new GraphError('unsupported', `outputs of dtype ${dtype} cannot be written`);
}

function toInputDType(a: NpyArray, dtype: string, scale: number | undefined, zeroPoint: number | undefined, what: string): Int8Array | Float32Array {
  if (dtype === 'float32') {
    if (a.dtype !== 'float32') throw new NpyError(`${what} is ${a.dtype}; this model takes float32`);
    return a.data as Float32Array;
  }
  if (dtype !== 'int8') throw new GraphError('unsupported', `models with ${dtype} inputs are not supported by infer`);
  if (a.dtype === 'int8') return a.data as Int8Array;
  if (a.dtype === 'uint8') return Int8Array.from(a.data as Uint8Array, (v) => v - 128);
  if (a.dtype === 'float32') {
    if (scale === undefined || zeroPoint === undefined) throw new GraphError('invalid', 'the model input has no quantization parameters to quantize float32 data with');
    const q = new Int8Array(a.data.length);
    quantizeFloat(a.data as Float32Array, scale, zeroPoint, q);
    return q;
  }
  throw new NpyError(`${what} is ${a.dtype}; an int8 model takes int8, uint8 (shifted by -128) or float32 (quantized) data`);
}
