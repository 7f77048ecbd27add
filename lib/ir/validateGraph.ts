import type { DType, Graph } from './Graph.js';
import { elementCount } from './Graph.js';
import { GraphError } from './GraphError.js';
import type { OpRunner } from './kernels/OpContext.js';
import { prepareOperator } from './kernels/prepareOperator.js';

/** Largest tensor the interpreter allocates (2^27 elements: 512 MB of float32). */
const MAX_ELEMENTS = 2 ** 27;

const RANGE: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], int32: [-2147483648, 2147483647],
};

/**
 * Everything inconsistent in a graph, one readable sentence each: dangling
 * tensor indices, operators out of topological order, tensors written twice,
 * constant data of the wrong size, bad quantization parameters, and every
 * operator's shape, dtype and quantization checks. Empty when the graph is valid.
 */
export function graphProblems(graph: Graph): string[] {
  return checkAndPrepare(graph).problems;
}

/** Structural checks, then each operator's prepare step, collecting every problem; runners only when all prepared. */
function checkAndPrepare(graph: Graph): { problems: string[]; runners: OpRunner[] } {
  const problems: string[] = [];
  const runners: OpRunner[] = [];
  const n = graph.tensors.length;
  const name = (i: number): string => `tensor ${i} (${graph.tensors[i]?.name ?? '?'})`;

  graph.tensors.forEach((t, i) => {
    if (t.shape.some((d) => !Number.isInteger(d) || d < 0)) problems.push(`${name(i)} has an invalid shape [${t.shape.join(', ')}]`);
    else if (elementCount(t.shape) > MAX_ELEMENTS) problems.push(`${name(i)} has ${elementCount(t.shape)} elements, more than the interpreter's limit of ${MAX_ELEMENTS}`);
    if (t.data !== undefined && t.data.length !== elementCount(t.shape)) {
      problems.push(`${name(i)} has shape [${t.shape.join(', ')}] (${elementCount(t.shape)} values) but ${t.data.length} constant values`);
    }
    const q = t.quantization;
    if (q !== undefined) {
      if (q.scale.length !== q.zeroPoint.length) problems.push(`${name(i)} has ${q.scale.length} scales but ${q.zeroPoint.length} zero points`);
      if (q.scale.some((s) => !(s > 0) || !Number.isFinite(s))) problems.push(`${name(i)} has a scale that is not positive and finite`);
      // TFLite never reads a bias's quantized dimension, and some converters
      // write a wrong one (person_detect.tflite), so only activations and
      // weights are checked.
      if (q.scale.length > 1 && t.dtype !== 'int32') {
        const dim = t.shape[q.axis];
        if (dim === undefined) problems.push(`${name(i)} is quantized along axis ${q.axis}, but has rank ${t.shape.length}`);
        else if (dim !== q.scale.length) problems.push(`${name(i)} has ${q.scale.length} scales for axis ${q.axis} of size ${dim}`);
      }
      const range = RANGE[t.dtype];
      if (range !== undefined && q.zeroPoint.some((z) => z < range[0] || z > range[1])) {
        problems.push(`${name(i)} has a zero point outside the ${t.dtype} range`);
      }
    }
  });

  const ready = new Set<number>();
  for (const i of graph.inputs) {
    if (i < 0 || i >= n) problems.push(`graph input ${i} is not a tensor index (there are ${n})`);
    else ready.add(i);
  }
  // Constants and variables (state kept between inferences) have values before the first operator runs.
  graph.tensors.forEach((t, i) => { if (t.data !== undefined || t.variable === true) ready.add(i); });
  const written = new Set<number>();
  graph.operators.forEach((op, k) => {
    const label = `operator ${k} (${op.kind})`;
    for (const i of op.inputs) {
      if (i === -1) continue;
      if (i < 0 || i >= n) problems.push(`${label} reads tensor ${i}, which does not exist`);
      else if (!ready.has(i)) problems.push(`${label} reads ${name(i)} before any operator writes it (operators must be in execution order)`);
    }
    for (const o of op.outputs) {
      if (o < 0 || o >= n) { problems.push(`${label} writes tensor ${o}, which does not exist`); continue; }
      if (written.has(o) || graph.inputs.includes(o) || graph.tensors[o].data !== undefined) problems.push(`${label} writes ${name(o)}, which already has a value`);
      written.add(o);
      ready.add(o);
    }
  });
  for (const o of graph.outputs) {
    if (o < 0 || o >= n) problems.push(`graph output ${o} is not a tensor index`);
    else if (!ready.has(o)) problems.push(`graph output ${name(o)} is never computed`);
  }
  if (problems.length > 0) return { problems, runners };

  graph.operators.forEach((_, k) => {
    try {
      runners.push(prepareOperator(graph, k));
    } catch (e) {
      if (!(e instanceof GraphError)) throw e;
      problems.push(e.message.startsWith(`${graph.name}: `) ? e.message.slice(graph.name.length + 2) : e.message);
    }
  });
  return { problems, runners };
}

/**
 * Validate `graph` and return one prepared runner per operator; throw one
 * GraphError listing every problem if it is not valid.
 */
export function prepareGraph(graph: Graph): OpRunner[] {
  const { problems, runners } = checkAndPrepare(graph);
  if (problems.length === 0) return runners;
  const kind = problems.some((p) => p.includes('not supported')) ? 'unsupported' : 'invalid';
  throw new GraphError(kind, `${graph.name} is not a valid graph:\n  - ${problems.join('\n  - ')}`);
}

/** Throw one GraphError listing every problem of `graph`, or return if it is valid. */
export function validateGraph(graph: Graph): void {
  prepareGraph(graph);
}
