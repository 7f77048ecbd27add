import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { NpyError, formatNpy, parseNpy } from '../data/npyFile.js';
import type { NpyArray } from '../data/npyFile.js';
import { formatNpz, parseNpz } from '../data/npzFile.js';
import { describeGraph } from '../ir/describeGraph.js';
import { elementCount } from '../ir/Graph.js';
import type { TensorSpec } from '../ir/Graph.js';
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
      s.tensors.map((t) => [t.index, t.name.length > 60 ? `${t.name.slice(0, 28)}...${t.name.slice(-29)}` : t.name, t.dtype, shape(t.shape), t.bytes, t.constant ? 'const' : t.variable ? 'state' : 'act', t.quantization])),
    '',
    `${s.operators.length} operators, ${(s.totalMacs / 1e6).toFixed(3)} MMAC per inference, ` +
      `weights ${kb(s.weightBytes)}, largest activation ${kb(s.largestActivationBytes)}`,
  ];
  return parts.join('\n');
}

/**
 * `tinyml infer MODEL --input IN.npy --output OUT.npy`, `--input` and
 * `--output` given once per model input and output, in the model's order;
 * or one .npz each: the archive's arrays feed the inputs by tensor name, or
 * in order when unnamed (np.savez's arr_0, arr_1, ...), and the outputs are
 * written to one archive, each under its tensor's name.
 * Each input is one sample of its tensor's shape or a batch with a leading
 * dimension; every input must hold the same number of samples. int8 arrays go
 * in as they are; float32 is quantized with the input's scale and zero point;
 * uint8 is shifted by -128 (TFLite's uint8 -> int8 convention). Writes int8
 * outputs, or float32 with `dequantize`. Returns a summary line.
 */
export function inferCommand(modelPath: string, inPaths: string | readonly string[], outPaths: string | readonly string[], options: { dequantize: boolean }): string {
  const graph = loadTflite(modelPath);
  const ins = typeof inPaths === 'string' ? [inPaths] : [...inPaths];
  const outs = typeof outPaths === 'string' ? [outPaths] : [...outPaths];
  const describe = (ids: number[]) => ids.map((t) => `${graph.tensors[t].name} [${graph.tensors[t].shape.join(', ')}]`).join(', ');
  const npzIn = ins.length === 1 && ins[0].endsWith('.npz');
  const npzOut = outs.length === 1 && outs[0].endsWith('.npz');
  if (!npzIn && ins.length !== graph.inputs.length) {
    throw new GraphError('input', `${graph.name} has ${graph.inputs.length} input(s) (${describe(graph.inputs)}) but ${ins.length} --input file(s) were given; give one per input, in this order`);
  }
  if (!npzOut && outs.length !== graph.outputs.length) {
    throw new GraphError('input', `${graph.name} has ${graph.outputs.length} output(s) (${describe(graph.outputs)}) but ${outs.length} --output file(s) were given; give one per output, in this order`);
  }
  const arrays = npzIn ? npzInputs(graph, ins[0]) : ins.map((p) => ({ array: readArray(p), label: p }));
  const fed = graph.inputs.map((t, k) => readInput(graph.tensors[t], arrays[k].array, arrays[k].label, graph.name));
  const samples = fed[0].samples;
  const mismatch = fed.findIndex((f) => f.samples !== samples);
  if (mismatch >= 0) throw new NpyError(`${arrays[mismatch].label} holds ${fed[mismatch].samples} sample(s) but ${arrays[0].label} holds ${samples}; every input needs the same number`);
  const interpreter = new Interpreter(graph);
  const results = graph.outputs.map((t) => {
    const output = graph.tensors[t];
    const q = output.quantization;
    const dequantize = options.dequantize && (output.dtype === 'int8' || output.dtype === 'int16') && q !== undefined;
    const m = elementCount(output.shape);
    return { output, q, dequantize, m, data: dequantize ? new Float32Array(samples * m) : allocLike(output.dtype, samples * m) };
  });
  for (let s = 0; s < samples; s++) {
    const ys = interpreter.run(fed.map((f) => f.data.subarray(s * f.n, (s + 1) * f.n) as TensorData));
    results.forEach((r, k) => {
      const y = ys[k];
      if (r.dequantize && r.q !== undefined) {
        for (let j = 0; j < r.m; j++) (r.data as Float32Array)[s * r.m + j] = r.q.scale[0] * ((y as Int8Array | Int16Array)[j] - r.q.zeroPoint[0]);
      } else {
        (r.data as Int8Array).set(y as Int8Array, s * r.m);
      }
    });
  }
  // A batch in gives a batch out: the output keeps the first input's layout convention.
  const { same, batchedOne } = fed[0];
  const arraysOut = results.map((r) => {
    const outShape = same ? r.output.shape : batchedOne && r.output.shape[0] === 1 ? [samples, ...r.output.shape.slice(1)] : [samples, ...r.output.shape];
    return { dtype: r.dequantize ? 'float32' as const : r.output.dtype, shape: outShape, data: r.data };
  });
  const summary = (a: NpyArray) => `${a.dtype}, shape (${a.shape.join(', ')})`;
  if (npzOut) {
    writeFileSync(outs[0], formatNpz(results.map((r, k) => [r.output.name, arraysOut[k]] as const)));
    return `${samples} sample(s) through ${graph.name}: wrote ${outs[0]} with ${results.map((r, k) => `${r.output.name} (${summary(arraysOut[k])})`).join(', ')}`;
  }
  const written = arraysOut.map((a, k) => {
    writeFileSync(outs[k], formatNpy(a));
    return `${outs[k]} (${summary(a)})`;
  });
  return `${samples} sample(s) through ${graph.name}: wrote ${written.join(', ')}`;
}

function readBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new NpyError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function readArray(path: string): NpyArray {
  return parseNpy(readBytes(path), path);
}

/**
 * The arrays of an --input .npz, one per model input: by the inputs' tensor
 * names when the archive has them all, else in order when it holds exactly
 * as many arrays as the model has inputs.
 */
function npzInputs(graph: Graph, path: string): { array: NpyArray; label: string }[] {
  const arrays = parseNpz(readBytes(path), path);
  const names = graph.inputs.map((t) => graph.tensors[t].name);
  if (names.every((n) => arrays.has(n))) return names.map((n) => ({ array: arrays.get(n) as NpyArray, label: `${path}:${n}` }));
  if (arrays.size === names.length) return [...arrays].map(([n, array]) => ({ array, label: `${path}:${n}` }));
  throw new NpyError(`${path} holds ${[...arrays.keys()].join(', ')}; ${graph.name} takes ${names.length} input(s) (${names.join(', ')}): name the arrays after the inputs, or give exactly one array per input, in order`);
}

/** One input array checked against its model input: its data in the input's dtype, elements per sample and sample count. */
function readInput(input: TensorSpec, array: NpyArray, inPath: string, model: string): { data: Int8Array | Int16Array | Float32Array; n: number; samples: number; same: boolean; batchedOne: boolean } {
  const n = elementCount(input.shape);
  const same = array.shape.join() === input.shape.join();
  const batched = array.shape.length === input.shape.length + 1 && array.shape.slice(1).join() === input.shape.join();
  // A model input with batch 1 also accepts [N, rest...]
  const batchedOne = input.shape[0] === 1 && array.shape.slice(1).join() === input.shape.slice(1).join() && array.shape.length === input.shape.length;
  if (!same && !batched && !batchedOne) {
    throw new NpyError(`${inPath} has shape (${array.shape.join(', ')}); ${model} takes [${input.shape.join(', ')}] for ${input.name}, optionally with a leading batch dimension`);
  }
  const data = toInputDType(array, input.dtype, input.quantization?.scale[0], input.quantization?.zeroPoint[0], inPath);
  return { data, n, samples: same ? 1 : array.shape[0], same, batchedOne };
}

function allocLike(dtype: string, n: number): Int8Array | Int16Array | Float32Array {
  if (dtype === 'float32') return new Float32Array(n);
  if (dtype === 'int8') return new Int8Array(n);
  if (dtype === 'int16') return new Int16Array(n);
  throw new GraphError('unsupported', `outputs of dtype ${dtype} cannot be written`);
}

function toInputDType(a: NpyArray, dtype: string, scale: number | undefined, zeroPoint: number | undefined, what: string): Int8Array | Int16Array | Float32Array {
  if (dtype === 'float32') {
    if (a.dtype !== 'float32') throw new NpyError(`${what} is ${a.dtype}; this model takes float32`);
    return a.data as Float32Array;
  }
  if (dtype !== 'int8' && dtype !== 'int16') throw new GraphError('unsupported', `models with ${dtype} inputs are not supported by infer`);
  if (a.dtype === dtype) return a.data as Int8Array | Int16Array;
  if (dtype === 'int8' && a.dtype === 'uint8') return Int8Array.from(a.data as Uint8Array, (v) => v - 128);
  if (a.dtype === 'float32') {
    if (scale === undefined || zeroPoint === undefined) throw new GraphError('invalid', 'the model input has no quantization parameters to quantize float32 data with');
    const q = dtype === 'int16' ? new Int16Array(a.data.length) : new Int8Array(a.data.length);
    quantizeFloat(a.data as Float32Array, scale, zeroPoint, q);
    return q;
  }
  throw new NpyError(`${what} is ${a.dtype}; an ${dtype} model takes ${dtype}${dtype === 'int8' ? ', uint8 (shifted by -128)' : ''} or float32 (quantized) data`);
}
