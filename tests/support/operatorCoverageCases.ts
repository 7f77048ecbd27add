import seedrandom from "seedrandom";
import type { TensorSpec } from "../../lib/ir/Graph.js";
import type { Activation } from "../../lib/ir/Operator.js";
import type { CaseSpec, OperatorCase } from "./operatorCases.js";
import { buildCase } from "./operatorCases.js";

/**
 * Single-operator int8 graphs for the operators added for published models
 * (issue 24): SUB, MUL, MAXIMUM, MINIMUM, SQUARED_DIFFERENCE and PRELU with
 * and without broadcasting (rank 2 to 5, constant and activation operands,
 * every fused activation), broadcasting ADD, LEAKY_RELU (alpha below, above 1
 * and negative), TANH, SQUEEZE, EXPAND_DIMS, TRANSPOSE (rank 2 to 5, NCHW to
 * NHWC), RESIZE_NEAREST_NEIGHBOR (up, down, odd ratios, each corner mode),
 * SLICE, STRIDED_SLICE (steps, reversal, masks, shrinking), SPLIT, SPLIT_V,
 * PACK and UNPACK; HARD_SWISH (scales that shift left and right), SUM
 * (contiguous and split axes), RESIZE_BILINEAR (up, down, each corner mode),
 * BATCH_MATMUL (adj_x, adj_y, a constant rhs, broadcast batches up to rank
 * 5) and TRANSPOSE_CONV (strides 1 and 2, SAME and VALID, bias or none,
 * per-channel and per-tensor filters, fused activations). Seeded: the same
 * graphs, with the same constant data, every time.
 */
export function operatorCoverageCases(seed: string): OperatorCase[] {
  const rng = seedrandom(seed);
  // Scales are float32, as a .tflite stores them (Graph.ts); a double would differ from what TFLM reads.
  const q = (scale: number, zp: number) => ({ scale: [Math.fround(scale)], zeroPoint: [zp], axis: 0 });
  const name = () => `t${Math.floor(rng() * 1e9)}`;
  const act = (shape: number[], scale: number, zp: number): TensorSpec => ({ name: name(), shape, dtype: "int8", quantization: q(scale, zp) });
  const constant = (shape: number[], scale: number, zp: number): TensorSpec => ({
    ...act(shape, scale, zp), data: Int8Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.floor(rng() * 256) - 128),
  });
  const ints = (values: number[]): TensorSpec => ({ name: name(), shape: [values.length], dtype: "int32", data: Int32Array.from(values) });
  const cases: CaseSpec[] = [];
  const binary = (kind: "ADD" | "SUB" | "MUL", label: string, a: TensorSpec, b: TensorSpec, out: TensorSpec, activation: Activation) =>
    cases.push({ label: `${kind} ${label} ${activation}`, tensors: [a, b, out], op: { kind, inputs: [0, 1], options: { activation } } as CaseSpec["op"] });
  for (const kind of ["ADD", "SUB", "MUL"] as const) {
    const outScale = kind === "MUL" ? 0.5 : 0.09;
    if (kind !== "ADD") binary(kind, "equal shapes", act([1, 4, 4, 8], 0.07, 5), act([1, 4, 4, 8], 0.11, -9), act([1, 4, 4, 8], outScale, -3), "NONE");
    binary(kind, "per-channel constant [8]", act([1, 4, 4, 8], 0.07, 5), constant([8], 0.02, 3), act([1, 4, 4, 8], kind === "MUL" ? 0.004 : 0.08, 11), "RELU");
    binary(kind, "[1,4,1,8] with [1,1,5,1]", act([1, 4, 1, 8], 0.05, -20), act([1, 1, 5, 1], 0.13, 7), act([1, 4, 5, 8], kind === "MUL" ? 0.3 : 0.12, -5), "RELU6");
    binary(kind, "scalar constant [1]", constant([1], 0.03, -2), act([2, 3, 5], 0.09, 4), act([2, 3, 5], kind === "MUL" ? 0.01 : 0.1, 0), "RELU_N1_TO_1");
    binary(kind, "rank 5 [2,1,3,1,4] with [2,1,5,1]", act([2, 1, 3, 1, 4], 0.06, 1), act([2, 1, 5, 1], 0.04, -6), act([2, 2, 3, 5, 4], kind === "MUL" ? 0.02 : 0.07, 2), "NONE");
  }
  for (const kind of ["MAXIMUM", "MINIMUM"] as const) {
    // Converters give both inputs and the output one quantization.
    cases.push({ label: `${kind} equal shapes`, tensors: [act([1, 6, 6, 4], 0.1, -3), act([1, 6, 6, 4], 0.1, -3), act([1, 6, 6, 4], 0.1, -3)], op: { kind, inputs: [0, 1], options: {} } });
    cases.push({ label: `${kind} against a constant [1,1,6,1]`, tensors: [act([1, 6, 6, 4], 0.1, -3), constant([1, 1, 6, 1], 0.1, -3), act([1, 6, 6, 4], 0.1, -3)], op: { kind, inputs: [0, 1], options: {} } });
    cases.push({ label: `${kind} [3,1] with [1,7]`, tensors: [act([3, 1], 0.2, 0), act([1, 7], 0.2, 0), act([3, 7], 0.2, 0)], op: { kind, inputs: [0, 1], options: {} } });
  }
  cases.push({ label: "SQUARED_DIFFERENCE equal shapes", tensors: [act([1, 5, 5, 4], 0.05, -10), act([1, 5, 5, 4], 0.08, 20), act([1, 5, 5, 4], 0.3, -128)], op: { kind: "SQUARED_DIFFERENCE", inputs: [0, 1], options: {} } });
  cases.push({ label: "SQUARED_DIFFERENCE against a per-channel constant", tensors: [act([1, 5, 5, 4], 0.05, -10), constant([4], 0.02, 1), act([1, 5, 5, 4], 0.05, -128)], op: { kind: "SQUARED_DIFFERENCE", inputs: [0, 1], options: {} } });
  cases.push({ label: "SQUARED_DIFFERENCE [3,1] with [1,6], output scale above the inputs' squared", tensors: [act([3, 1], 0.01, 0), act([1, 6], 0.02, 5), act([3, 6], 0.0001, -100)], op: { kind: "SQUARED_DIFFERENCE", inputs: [0, 1], options: {} } });
  cases.push({ label: "PRELU per-channel alpha [1,1,4]", tensors: [act([1, 6, 6, 4], 0.06, 10), constant([1, 1, 4], 0.01, -3), act([1, 6, 6, 4], 0.05, -20)], op: { kind: "PRELU", inputs: [0, 1], options: {} } });
  cases.push({ label: "PRELU alpha of the input's shape", tensors: [act([2, 9], 0.1, -5), constant([2, 9], 0.004, 0), act([2, 9], 0.08, 3)], op: { kind: "PRELU", inputs: [0, 1], options: {} } });
  for (const [alpha, outScale, outZp] of [[0.2, 0.05, -100], [0.01, 0.08, 20], [1.7, 0.1, 0], [-0.3, 0.06, -40]] as const) {
    cases.push({ label: `LEAKY_RELU alpha ${alpha}`, tensors: [act([1, 256], 0.06, 10), act([1, 256], outScale, outZp)], op: { kind: "LEAKY_RELU", inputs: [0], options: { alpha: Math.fround(alpha) } } });
  }
  for (const [scale, zp] of [[0.06, 10], [0.01, -3], [0.2, 0]] as const) {
    cases.push({ label: `TANH input scale ${scale}`, tensors: [act([1, 256], scale, zp), act([1, 256], 1 / 128, 0)], op: { kind: "TANH", inputs: [0], options: {} } });
  }
  for (const [rows, depth, scale, zp] of [[1, 10, 0.1, 0], [4, 7, 0.02, -30], [3, 33, 0.5, 100], [2, 5, 0.004, 0]] as const) {
    cases.push({ label: `LOG_SOFTMAX ${rows}x${depth}, input scale ${scale}`, tensors: [act([rows, depth], scale, zp), act([rows, depth], 16 / 256, 127)], op: { kind: "LOG_SOFTMAX", inputs: [0], options: {} } });
  }
  cases.push({ label: "SQUEEZE dims [1, 2]", tensors: [act([1, 1, 1, 10], 0.1, 2), act([1, 10], 0.1, 2)], op: { kind: "SQUEEZE", inputs: [0], options: { squeezeDims: [1, 2] } } });
  cases.push({ label: "SQUEEZE every size-1 dim", tensors: [act([1, 3, 1, 4], 0.1, 2), act([3, 4], 0.1, 2)], op: { kind: "SQUEEZE", inputs: [0], options: { squeezeDims: [] } } });
  cases.push({ label: "SQUEEZE dim -1", tensors: [act([2, 5, 1], 0.1, 2), act([2, 5], 0.1, 2)], op: { kind: "SQUEEZE", inputs: [0], options: { squeezeDims: [-1] } } });
  cases.push({ label: "EXPAND_DIMS axis 0", tensors: [act([4, 6], 0.1, -1), ints([0]), act([1, 4, 6], 0.1, -1)], op: { kind: "EXPAND_DIMS", inputs: [0, 1], options: {} } });
  cases.push({ label: "EXPAND_DIMS axis -1", tensors: [act([4, 6], 0.1, -1), ints([-1]), act([4, 6, 1], 0.1, -1)], op: { kind: "EXPAND_DIMS", inputs: [0, 1], options: {} } });
  const transposes: [number[], number[]][] = [[[1, 3, 4, 5], [0, 2, 3, 1]], [[1, 4, 5, 3], [0, 3, 1, 2]], [[6, 7], [1, 0]], [[2, 3, 4, 5, 2], [4, 0, 3, 1, 2]], [[3, 4, 5], [2, 1, 0]]];
  for (const [shape, perm] of transposes) {
    cases.push({ label: `TRANSPOSE [${shape.join(",")}] by [${perm.join(",")}]`, tensors: [act(shape, 0.1, 4), ints(perm), act(perm.map((p) => shape[p]), 0.1, 4)], op: { kind: "TRANSPOSE", inputs: [0, 1], options: {} } });
  }
  const resizes: [number[], number[], boolean, boolean][] = [
    [[1, 4, 5, 3], [8, 10], false, false], [[1, 4, 5, 3], [8, 10], true, false], [[1, 4, 5, 3], [8, 10], false, true],
    [[1, 7, 9, 2], [3, 4], false, false], [[1, 7, 9, 2], [3, 4], true, false], [[2, 5, 3, 4], [7, 11], false, true], [[1, 3, 3, 1], [1, 1], true, true],
  ];
  for (const [shape, size, alignCorners, halfPixelCenters] of resizes) {
    cases.push({ label: `RESIZE_NEAREST_NEIGHBOR [${shape.join(",")}] to ${size.join("x")}${alignCorners ? " align_corners" : ""}${halfPixelCenters ? " half_pixel_centers" : ""}`,
      tensors: [act(shape, 0.1, 4), ints(size), act([shape[0], size[0], size[1], shape[3]], 0.1, 4)], op: { kind: "RESIZE_NEAREST_NEIGHBOR", inputs: [0, 1], options: { alignCorners, halfPixelCenters } } });
  }
  // Slicing and stacking: every piece copies values, so inputs and outputs share one quantization.
  const a = (shape: number[]) => act(shape, 0.1, 4);
  cases.push({ label: "SLICE [1,6,7,5] at [0,1,2,1] by [1,4,-1,3]", tensors: [a([1, 6, 7, 5]), ints([0, 1, 2, 1]), ints([1, 4, -1, 3]), a([1, 4, 5, 3])], op: { kind: "SLICE", inputs: [0, 1, 2], options: {} } });
  cases.push({ label: "SLICE rank 2", tensors: [a([9, 4]), ints([3, 0]), ints([5, 4]), a([5, 4])], op: { kind: "SLICE", inputs: [0, 1, 2], options: {} } });
  const strided = (label: string, shape: number[], begin: number[], end: number[], steps: number[], out: number[], masks: Partial<{ beginMask: number; endMask: number; shrinkAxisMask: number; offset: boolean }>) =>
    cases.push({ label: `STRIDED_SLICE ${label}`, tensors: [a(shape), ints(begin), ints(end), ints(steps), a(out)],
      op: { kind: "STRIDED_SLICE", inputs: [0, 1, 2, 3], options: { beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0, offset: false, ...masks } } });
  strided("every other row and column", [1, 8, 9, 3], [0, 1, 0, 0], [1, 8, 9, 3], [1, 2, 2, 1], [1, 4, 5, 3], {});
  strided("negative indices and steps (a reversal)", [1, 6, 5, 4], [0, -1, 0, -1], [1, -7, 5, -5], [1, -1, 1, -1], [1, 6, 5, 4], {});
  strided("begin and end masks, step 3", [2, 10, 6], [1, 2, 5], [0, 0, 1], [1, 3, -2], [1, 4, 2], { beginMask: 0b010, endMask: 0b011 });
  strided("shrink axes 0 and 2", [3, 5, 4, 2], [1, 0, 2, 0], [2, 5, 3, 2], [1, 1, 1, 1], [5, 2], { shrinkAxisMask: 0b0101 });
  strided("clamped past the end", [1, 4, 4, 2], [0, 0, 1, 0], [1, 100, 100, 2], [1, 1, 2, 1], [1, 4, 2, 2], {});
  cases.push({ label: "SPLIT axis 3 into 3", tensors: [ints([3]), a([1, 4, 5, 6]), a([1, 4, 5, 2]), a([1, 4, 5, 2]), a([1, 4, 5, 2])], op: { kind: "SPLIT", inputs: [0, 1], options: { numSplits: 3 } }, outputs: 3 });
  cases.push({ label: "SPLIT axis -3 into 2", tensors: [ints([-3]), a([1, 4, 5, 6]), a([1, 2, 5, 6]), a([1, 2, 5, 6])], op: { kind: "SPLIT", inputs: [0, 1], options: { numSplits: 2 } }, outputs: 2 });
  cases.push({ label: "SPLIT_V [2, -1, 3] on axis 1", tensors: [a([2, 9, 3]), ints([2, -1, 3]), ints([1]), a([2, 2, 3]), a([2, 4, 3]), a([2, 3, 3])], op: { kind: "SPLIT_V", inputs: [0, 1, 2], options: { numSplits: 3 } }, outputs: 3 });
  cases.push({ label: "PACK 3 on axis 1", tensors: [a([4, 5]), a([4, 5]), a([4, 5]), a([4, 3, 5])], op: { kind: "PACK", inputs: [0, 1, 2], options: { valuesCount: 3, axis: 1 } } });
  cases.push({ label: "PACK 2 on axis -1", tensors: [a([3, 2, 4]), a([3, 2, 4]), a([3, 2, 4, 2])], op: { kind: "PACK", inputs: [0, 1], options: { valuesCount: 2, axis: -1 } } });
  cases.push({ label: "UNPACK 3 on axis 2", tensors: [a([2, 4, 3, 5]), a([2, 4, 5]), a([2, 4, 5]), a([2, 4, 5])], op: { kind: "UNPACK", inputs: [0], options: { num: 3, axis: 2 } }, outputs: 3 });
  cases.push({ label: "UNPACK 2 on axis 0", tensors: [a([2, 7]), a([7]), a([7])], op: { kind: "UNPACK", inputs: [0], options: { num: 2, axis: 0 } }, outputs: 2 });
  const gathers: [number[], number[], number[], number, number][] = [
    [[10, 4], [3], [7, 0, 9], 0, 0], [[2, 5, 3], [2, 2], [1, 4, 0, 0], 1, 0], [[3, 6], [3], [5, 0, 2], -1, 0], [[2, 5, 3], [2, 3], [4, 1, 1, 0, 2, 3], 1, 1],
  ];
  for (const [shape, idxShape, indices, axis, batchDims] of gathers) {
    const ax = axis < 0 ? axis + shape.length : axis;
    const outShape = [...shape.slice(0, ax), ...idxShape.slice(batchDims), ...shape.slice(ax + 1)];
    cases.push({ label: `GATHER [${shape.join(",")}] axis ${axis} batch_dims ${batchDims}`, tensors: [a(shape), { ...ints(indices), shape: idxShape }, a(outShape)], op: { kind: "GATHER", inputs: [0, 1], options: { axis, batchDims } } });
  }
  for (const [inScale, inZp, outScale, outZp] of [[0.05, 5, 0.03, -100], [0.02, -20, 0.02, -50], [0.5, 0, 0.3, -60], [0.001, 3, 0.0005, -120]] as const) {
    cases.push({ label: `HARD_SWISH input scale ${inScale}, output scale ${outScale}`, tensors: [act([1, 256], inScale, inZp), act([1, 256], outScale, outZp)], op: { kind: "HARD_SWISH", inputs: [0], options: {} } });
  }
  cases.push({ label: "SUM over H, W keep_dims", tensors: [act([1, 5, 6, 8], 0.1, 7), ints([1, 2]), act([1, 1, 1, 8], 1.5, -3)], op: { kind: "SUM", inputs: [0, 1], options: { keepDims: true } } });
  cases.push({ label: "SUM over the last axis", tensors: [act([3, 4, 5], 0.05, -2), ints([-1]), act([3, 4], 0.2, 10)], op: { kind: "SUM", inputs: [0, 1], options: { keepDims: false } } });
  cases.push({ label: "SUM over axes 0 and 2", tensors: [act([3, 4, 5], 0.05, -2), ints([0, 2]), act([4], 0.4, 0)], op: { kind: "SUM", inputs: [0, 1], options: { keepDims: false } } });
  const bilinear: [number[], number[], boolean, boolean][] = [
    [[1, 4, 5, 3], [8, 10], false, false], [[1, 4, 5, 3], [8, 10], true, false], [[1, 4, 5, 3], [8, 10], false, true],
    [[1, 7, 9, 2], [3, 4], false, false], [[1, 7, 9, 2], [3, 4], true, false], [[2, 5, 3, 4], [7, 11], false, true], [[1, 3, 3, 1], [1, 1], true, false],
    [[1, 4, 6, 2], [4, 6], false, true],
  ];
  for (const [shape, size, alignCorners, halfPixelCenters] of bilinear) {
    cases.push({ label: `RESIZE_BILINEAR [${shape.join(",")}] to ${size.join("x")}${alignCorners ? " align_corners" : ""}${halfPixelCenters ? " half_pixel_centers" : ""}`,
      tensors: [act(shape, 0.1, 4), ints(size), act([shape[0], size[0], size[1], shape[3]], 0.1, 4)], op: { kind: "RESIZE_BILINEAR", inputs: [0, 1], options: { alignCorners, halfPixelCenters } } });
  }
  const matmuls: [string, TensorSpec, TensorSpec, number[], boolean, boolean][] = [
    ["[2,3,5] x [2,5,4]", act([2, 3, 5], 0.05, 3), act([2, 5, 4], 0.04, -7), [2, 3, 4], false, false],
    ["[3,6] x constant [6,7]", act([3, 6], 0.05, -10), constant([6, 7], 0.02, 0), [3, 7], false, false],
    ["adj_x [2,5,3] x [2,5,4]", act([2, 5, 3], 0.05, 3), act([2, 5, 4], 0.04, 2), [2, 3, 4], true, false],
    ["adj_y [1,4,6] x [1,7,6]", act([1, 4, 6], 0.03, 0), act([1, 7, 6], 0.06, 5), [1, 4, 7], false, true],
    ["adj_x adj_y [3,6,2] x [3,5,6]", act([3, 6, 2], 0.03, 0), act([3, 5, 6], 0.06, 5), [3, 2, 5], true, true],
    ["broadcast [2,1,3,4] x [3,4,5]", act([2, 1, 3, 4], 0.05, 1), act([3, 4, 5], 0.05, -1), [2, 3, 3, 5], false, false],
    ["rank 5 [2,1,2,3,4] x [3,1,4,2]", act([2, 1, 2, 3, 4], 0.05, 1), act([3, 1, 4, 2], 0.05, -1), [2, 3, 2, 3, 2], false, false],
  ];
  for (const [label, lhs, rhs, outShape, adjX, adjY] of matmuls) {
    cases.push({ label: `BATCH_MATMUL ${label}`, tensors: [lhs, rhs, act(outShape, 0.15, -4)], op: { kind: "BATCH_MATMUL", inputs: [0, 1], options: { adjX, adjY } } });
  }
  // TRANSPOSE_CONV: [output shape, filter [OC, KH, KW, IC] symmetric, input, bias int32 with scale in * filter].
  const transposeConv = (label: string, inShape: number[], filterShape: number[], outShape: number[], perChannel: boolean, bias: boolean, options: { padding: "SAME" | "VALID"; strideH: number; strideW: number; activation: Activation }) => {
    const inScale = 0.05, oc = filterShape[0];
    const wScales = Array.from({ length: perChannel ? oc : 1 }, () => Math.fround(0.005 + 0.02 * rng()));
    const filter: TensorSpec = { name: name(), shape: filterShape, dtype: "int8", quantization: { scale: wScales, zeroPoint: wScales.map(() => 0), axis: 0 },
      data: Int8Array.from({ length: filterShape.reduce((x, y) => x * y, 1) }, () => Math.floor(rng() * 255) - 127) };
    const tensors: TensorSpec[] = [ints(outShape), filter, act(inShape, inScale, -6)];
    if (bias) {
      tensors.push({ name: name(), shape: [oc], dtype: "int32", quantization: { scale: wScales.map((w) => Math.fround(inScale * w)), zeroPoint: wScales.map(() => 0), axis: 0 },
        data: Int32Array.from({ length: oc }, () => Math.floor(rng() * 4000) - 2000) });
    }
    tensors.push(act(outShape, 0.12, 3));
    cases.push({ label: `TRANSPOSE_CONV ${label}`, tensors, op: { kind: "TRANSPOSE_CONV", inputs: bias ? [0, 1, 2, 3] : [0, 1, 2], options } });
  };
  transposeConv("3x3/2 SAME with bias", [1, 4, 4, 3], [5, 3, 3, 3], [1, 8, 8, 5], true, true, { padding: "SAME", strideH: 2, strideW: 2, activation: "NONE" });
  transposeConv("3x3/2 VALID", [1, 4, 4, 3], [5, 3, 3, 3], [1, 9, 9, 5], true, true, { padding: "VALID", strideH: 2, strideW: 2, activation: "NONE" });
  transposeConv("3x3/1 SAME RELU, no bias", [1, 5, 5, 4], [2, 3, 3, 4], [1, 5, 5, 2], true, false, { padding: "SAME", strideH: 1, strideW: 1, activation: "RELU" });
  transposeConv("2x2 stride (2,1) batch 2, per-tensor filter, RELU6", [2, 3, 4, 2], [3, 2, 2, 2], [2, 6, 4, 3], false, true, { padding: "SAME", strideH: 2, strideW: 1, activation: "RELU6" });
  transposeConv("4x4/2 SAME (even kernel, odd padding)", [1, 3, 3, 2], [4, 4, 4, 2], [1, 6, 6, 4], true, true, { padding: "SAME", strideH: 2, strideW: 2, activation: "NONE" });
  // SVDF: [input, weights_feature, weights_time, bias, state (variable)]; the state carries from sample to sample.
  const svdf = (label: string, batch: number, inputSize: number, filters: number, memory: number, rank: number, stateType: "int16" | "int8", withBias: boolean) => {
    const stateScale = stateType === "int16" ? 1 / 1024 : 0.5, timeScale = stateType === "int16" ? 1 / 32768 : 0.01;
    const span = stateType === "int16" ? 32767 : 127;
    const times = (count: number, m: number) => Array.from({ length: count }, () => Math.floor(rng() * (2 * m + 1)) - m);
    const tensors: TensorSpec[] = [
      act([batch, inputSize], 0.05, -3),
      { ...constant([filters, inputSize], 0.01, 0), quantization: q(0.01, 0) },
      { name: name(), shape: [filters, memory], dtype: stateType, quantization: q(timeScale, 0), data: stateType === "int16" ? Int16Array.from(times(filters * memory, span)) : Int8Array.from(times(filters * memory, span)) },
    ];
    if (withBias) tensors.push({ name: name(), shape: [filters / rank], dtype: "int32", quantization: q(stateScale * timeScale, 0), data: Int32Array.from({ length: filters / rank }, () => Math.floor(rng() * 20000) - 10000) });
    const state: TensorSpec = { name: name(), shape: [batch, filters * memory], dtype: stateType, quantization: q(stateScale, stateType === "int16" ? 0 : 2), variable: true };
    tensors.push(state, act([batch, filters / rank], 0.5, 5));
    cases.push({ label: `SVDF ${label}`, tensors, op: { kind: "SVDF", inputs: withBias ? [0, 1, 2, 3, 4] : [0, 1, 2, -1, 3], options: { rank, activation: "NONE" } } });
  };
  svdf("int16 state, rank 1, memory 10", 1, 20, 16, 10, 1, "int16", true);
  svdf("int16 state, rank 2, batch 2", 2, 12, 8, 6, 2, "int16", true);
  svdf("int8 state, rank 1, memory 4", 1, 8, 6, 4, 1, "int8", true);
  return cases.map(buildCase);
}
