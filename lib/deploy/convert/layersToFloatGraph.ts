import type { tf } from '../../tf/tf.js';
import type { Graph, TensorSpec } from '../../ir/Graph.js';
import { GraphBuilder } from '../../ir/GraphBuilder.js';
import { GraphError } from '../../ir/GraphError.js';
import { broadcastShape } from '../../ir/kernels/broadcast.js';
import type { Activation, Operator, Padding } from '../../ir/Operator.js';
import { validateGraph } from '../../ir/validateGraph.js';
import { foldBatchNorm } from './foldBatchNorm.js';
import { LayerConfig } from './LayerConfig.js';

type Layer = tf.layers.Layer;
type LayerNode = Layer['inboundNodes'][number];
type SymbolicTensor = tf.SymbolicTensor;

/** Layers that compute nothing at inference. */
const IDENTITY_LAYERS = new Set(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout']);

/** Operators whose fused activation the int8 kernels apply (as TFLite's converter fuses them). */
const FUSES_ACTIVATION = new Set<Operator['kind']>(['CONV_2D', 'DEPTHWISE_CONV_2D', 'TRANSPOSE_CONV', 'FULLY_CONNECTED', 'ADD', 'MUL']);

/** Merge layers and the binary operator each pair of inputs becomes (left to right, broadcasting). */
const MERGE_KINDS: Readonly<Record<string, 'ADD' | 'MUL' | 'MAXIMUM' | 'MINIMUM'>> = { Add: 'ADD', Multiply: 'MUL', Maximum: 'MAXIMUM', Minimum: 'MINIMUM' };

export const SUPPORTED_LAYERS: readonly string[] = [
  'Activation', 'Add', 'AveragePooling2D', 'BatchNormalization', 'Concatenate', 'Conv2D', 'Conv2DTranspose', 'Dense',
  'DepthwiseConv2D', 'Dot', 'Flatten', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D', 'InputLayer', 'LeakyReLU',
  'MaxPooling2D', 'Maximum', 'Minimum', 'Multiply', 'Permute', 'PReLU', 'ReLU', 'Reshape', 'SeparableConv2D', 'Softmax',
  'UpSampling2D', 'ZeroPadding2D', ...IDENTITY_LAYERS,
];

/**
 * Convert a tfjs Layers model (Sequential or functional, channels-last) into
 * a float32 Graph with batch size 1:
 * - Conv2D kernels [kh, kw, in, out] become CONV_2D filters [out, kh, kw, in];
 *   DepthwiseConv2D [kh, kw, in, m] becomes [1, kh, kw, in*m] (same bytes);
 *   Dense [in, out] becomes FULLY_CONNECTED [out, in]; SeparableConv2D is a
 *   depthwise then a 1x1 convolution.
 * - BatchNormalization is folded into the convolution or dense layer before
 *   it when nothing else reads that layer's output; otherwise it becomes a
 *   1x1 depthwise convolution.
 * - ReLU, ReLU6 (ReLU with maxValue 6) and the `activation` option fuse into
 *   the preceding CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED or ADD where
 *   possible, else they become RELU / RELU6; sigmoid becomes LOGISTIC and
 *   softmax SOFTMAX.
 * - Dropout and noise layers vanish; Flatten and Reshape become RESHAPE;
 *   GlobalAveragePooling2D becomes MEAN over H and W.
 * Anything else raises GraphError('unsupported') naming the layer.
 */
export function layersToFloatGraph(model: tf.LayersModel, name = model.name): Graph {
  return new FloatGraphConverter(model, name).convert();
}

class FloatGraphConverter {
  private readonly b: GraphBuilder;
  /** Graph tensor of each symbolic tensor id. */
  private readonly tensorOf = new Map<number, number>();
  /** How many layers (and model outputs) read each symbolic tensor. */
  private readonly readers = new Map<number, number>();
  /** How many readers each graph tensor has, once identity layers and fusions are merged. */
  private readonly uses = new Map<number, number>();
  /** The operator that wrote each graph tensor. */
  private readonly producer = new Map<number, Operator>();
  private readonly specs: TensorSpec[] = [];

  constructor(private readonly model: tf.LayersModel, private readonly name: string) {
    this.b = new GraphBuilder(name, `converted from the tfjs model ${model.name}`);
  }

  convert(): Graph {
    const inputs = this.model.inputs.map((s) => this.newTensor(s, s.name.replace(/\/.*$/, '')));
    const nodes = this.schedule();
    for (const { layer, node } of nodes) this.emit(layer, node);
    const outputs = this.model.outputs.map((s) => this.graphTensor(s));
    const graph = this.b.build(inputs, outputs);
    validateGraph(graph);
    return graph;
  }

  /**
   * The layer calls of this model in execution order. A layer can have calls
   * from other models; only those whose inputs this model computes count.
   */
  private schedule(): Array<{ layer: Layer; node: LayerNode }> {
    const known = new Set(this.model.inputs.map((s) => s.id));
    const order: Array<{ layer: Layer; node: LayerNode }> = [];
    for (const layer of this.model.layers) {
      const cls = layer.getClassName();
      if (cls === 'InputLayer') continue;
      if ('layers' in layer) {
        throw new GraphError('unsupported', `layer ${layer.name} is a nested model (${cls}); build the model from its layers directly`);
      }
      for (const node of layer.inboundNodes) {
        if (node.inputTensors.length === 0 || !node.inputTensors.every((t) => known.has(t.id))) continue;
        order.push({ layer, node });
        for (const t of node.inputTensors) this.readers.set(t.id, (this.readers.get(t.id) ?? 0) + 1);
        for (const t of node.outputTensors) known.add(t.id);
      }
    }
    for (const s of this.model.outputs) {
      if (!known.has(s.id)) throw new GraphError('invalid', `${this.name}: output ${s.name} is not computed from the model's inputs`);
      this.readers.set(s.id, (this.readers.get(s.id) ?? 0) + 1);
    }
    return order;
  }

  private graphTensor(s: SymbolicTensor): number {
    const t = this.tensorOf.get(s.id);
    if (t === undefined) throw new GraphError('invalid', `${this.name}: tensor ${s.name} is used before it is computed`);
    return t;
  }

  private batchOne(s: SymbolicTensor, layerName: string): number[] {
    const dims = s.shape.slice(1);
    if (dims.some((d) => d === null || d <= 0)) {
      throw new GraphError('unsupported', `layer ${layerName}: shape [${s.shape.join(', ')}] has unknown dimensions; give the model a fixed input shape`);
    }
    return [1, ...(dims as number[])];
  }

  /** A new float32 activation tensor for symbolic tensor `s`. */
  private newTensor(s: SymbolicTensor, name: string): number {
    const t = this.addTensor({ name, shape: this.batchOne(s, name), dtype: 'float32' });
    this.tensorOf.set(s.id, t);
    this.uses.set(t, this.readers.get(s.id) ?? 0);
    return t;
  }

  private addTensor(spec: TensorSpec): number {
    this.specs.push(spec);
    return this.b.tensor(spec);
  }

  private constant(name: string, shape: number[], data: Float32Array | Int32Array): number {
    return this.addTensor({ name, shape, dtype: data instanceof Int32Array ? 'int32' : 'float32', data });
  }

  /** Let symbolic tensor `s` (read by `uses` layers) stand for graph tensor `t`, which it consumed. */
  private alias(s: SymbolicTensor, t: number): void {
    this.tensorOf.set(s.id, t);
    this.uses.set(t, (this.uses.get(t) ?? 0) - 1 + (this.readers.get(s.id) ?? 0));
  }

  private addOp(op: Operator): void {
    this.b.op(op);
    for (const o of op.outputs) this.producer.set(o, op);
  }

  /** The operator that wrote `t`, if nothing else reads `t` and its activation is still free. */
  private fusableProducer(t: number): Operator | null {
    const op = this.producer.get(t);
    if (op === undefined || this.uses.get(t) !== 1) return null;
    if (this.model.outputs.some((s) => this.tensorOf.get(s.id) === t)) return null;
    return op;
  }

  private emit(layer: Layer, node: LayerNode): void {
    const cls = layer.getClassName();
    const cfg = new LayerConfig(layer.name, cls, layer.getConfig() as Record<string, unknown>);
    const weights = layer.getWeights().map((w) => ({ shape: w.shape, data: w.dataSync() as Float32Array }));
    const [inSym] = node.inputTensors;
    const [outSym] = node.outputTensors;
    const unsupported = (why: string): never => {
      throw new GraphError('unsupported', `layer ${layer.name} (${cls}): ${why}`);
    };
    if (cfg.has('dataFormat') && cfg.string('dataFormat') !== 'channelsLast') unsupported('only channelsLast is supported');

    if (IDENTITY_LAYERS.has(cls)) return this.alias(outSym, this.graphTensor(inSym));
    switch (cls) {
      case 'Conv2D': {
        if (cfg.number('groups', 1) !== 1) unsupported('grouped convolution');
        const [k, bias] = [weights[0], cfg.boolean('useBias', true) ? weights[1] : undefined];
        const [kh, kw, cin, cout] = k.shape;
        const filter = new Float32Array(k.data.length);
        // [kh, kw, in, out] -> [out, kh, kw, in]
        for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) {
          filter[((o * kh + y) * kw + x) * cin + i] = k.data[((y * kw + x) * cin + i) * cout + o];
        }
        return this.conv(layer.name, 'CONV_2D', inSym, outSym, filter, [cout, kh, kw, cin], bias?.data ?? null, cfg, 1);
      }
      case 'DepthwiseConv2D': {
        const [k, bias] = [weights[0], cfg.boolean('useBias', true) ? weights[1] : undefined];
        const [kh, kw, cin, m] = k.shape;
        return this.conv(layer.name, 'DEPTHWISE_CONV_2D', inSym, outSym, k.data, [1, kh, kw, cin * m], bias?.data ?? null, cfg, m);
      }
      case 'SeparableConv2D': {
        const [dk, pk, bias] = [weights[0], weights[1], cfg.boolean('useBias', true) ? weights[2] : undefined];
        const [kh, kw, cin, m] = dk.shape;
        const [, , mid, cout] = pk.shape;
        const dwOut = this.addTensor({ name: `${layer.name}/depthwise`, shape: [...this.batchOne(outSym, layer.name).slice(0, 3), mid], dtype: 'float32' });
        const dwCfg = new LayerConfig(layer.name, cls, { ...(layer.getConfig() as Record<string, unknown>), activation: 'linear' });
        this.convInto(layer.name, 'DEPTHWISE_CONV_2D', this.graphTensor(inSym), dwOut, dk.data, [1, kh, kw, cin * m], null, dwCfg, m);
        this.uses.set(dwOut, 1);
        const filter = new Float32Array(pk.data.length);
        for (let i = 0; i < mid; i++) for (let o = 0; o < cout; o++) filter[o * mid + i] = pk.data[i * cout + o];
        const pwCfg = new LayerConfig(layer.name, cls, { ...(layer.getConfig() as Record<string, unknown>), kernelSize: [1, 1], strides: [1, 1], dilationRate: [1, 1], padding: 'valid' });
        const out = this.newTensor(outSym, layer.name);
        this.convInto(`${layer.name}/pointwise`, 'CONV_2D', dwOut, out, filter, [cout, 1, 1, mid], bias?.data ?? null, pwCfg, 1);
        return this.activation(layer.name, cfg.string('activation', 'linear'), out, outSym, true);
      }
      case 'Dense': {
        if (inSym.shape.length !== 2) unsupported(`Dense on a rank-${inSym.shape.length} input; add a Flatten layer before it`);
        const [k, bias] = [weights[0], cfg.boolean('useBias', true) ? weights[1] : undefined];
        const [cin, cout] = k.shape;
        const w = new Float32Array(k.data.length);
        for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) w[o * cin + i] = k.data[i * cout + o];
        const wT = this.constant(`${layer.name}/kernel`, [cout, cin], w);
        const bT = bias === undefined ? -1 : this.constant(`${layer.name}/bias`, [cout], bias.data.slice());
        const act = cfg.string('activation', 'linear');
        const out = this.newTensor(outSym, layer.name);
        this.addOp({ kind: 'FULLY_CONNECTED', inputs: [this.graphTensor(inSym), wT, bT], outputs: [out], options: { activation: 'NONE', keepNumDims: false } });
        return this.activation(layer.name, act, out, outSym, true);
      }
      case 'BatchNormalization': return this.batchNorm(layer.name, cfg, weights.map((w) => w.data), inSym, outSym, unsupported);
      case 'ReLU': {
        if (cfg.has('maxValue') && cfg.number('maxValue') !== 6) unsupported(`ReLU with maxValue ${cfg.number('maxValue')} (only 6 is supported)`);
        return this.activation(layer.name, cfg.has('maxValue') ? 'relu6' : 'relu', this.graphTensor(inSym), outSym, false);
      }
      case 'Activation': return this.activation(layer.name, cfg.string('activation'), this.graphTensor(inSym), outSym, false);
      case 'Softmax': {
        const axis = cfg.value('axis');
        if (!(axis === undefined || axis === -1 || (Array.isArray(axis) && axis.length === 1 && axis[0] === -1) || axis === inSym.shape.length - 1)) unsupported('softmax over an axis other than the last');
        return this.activation(layer.name, 'softmax', this.graphTensor(inSym), outSym, false);
      }
      case 'Dot': {
        // Rank-3 inputs [batch, rows, depth] (or transposed): one BATCH_MATMUL, the summed axes picking adj_x and adj_y.
        if (cfg.boolean('normalize', false)) unsupported('Dot with normalize (cosine similarity)');
        const [a, b] = [this.graphTensor(node.inputTensors[0]), this.graphTensor(node.inputTensors[1])];
        if (this.specs[a].shape.length !== 3 || this.specs[b].shape.length !== 3) return unsupported(`Dot on inputs of rank ${this.specs[a].shape.length} and ${this.specs[b].shape.length} (rank 3 only)`);
        const raw = cfg.value('axes');
        const axes = (typeof raw === 'number' ? [raw, raw] : raw) as unknown;
        if (!Array.isArray(axes) || axes.length !== 2 || !axes.every((x) => x === 1 || x === 2 || x === -1)) return unsupported(`axes ${JSON.stringify(raw)} (1 or 2 on each input)`);
        const [ax, ay] = (axes as number[]).map((x) => (x === -1 ? 2 : x));
        const out = this.newTensor(outSym, layer.name);
        this.addOp({ kind: 'BATCH_MATMUL', inputs: [a, b], outputs: [out], options: { adjX: ax === 1, adjY: ay === 2 } });
        return;
      }
      case 'Add': case 'Multiply': case 'Maximum': case 'Minimum': {
        // Pairwise, left to right; each step broadcasts as the layer does.
        const kind = MERGE_KINDS[cls];
        let acc = this.graphTensor(node.inputTensors[0]);
        for (let j = 1; j < node.inputTensors.length; j++) {
          const last = j === node.inputTensors.length - 1;
          const other = this.graphTensor(node.inputTensors[j]);
          const shape = broadcastShape(this.specs[acc].shape, this.specs[other].shape);
          if (shape === null) return unsupported(`inputs [${this.specs[acc].shape.join(', ')}] and [${this.specs[other].shape.join(', ')}] do not broadcast`);
          const out = last ? this.newTensor(outSym, layer.name) : this.addTensor({ name: `${layer.name}/${j}`, shape, dtype: 'float32' });
          this.addOp(kind === 'ADD' || kind === 'MUL' ? { kind, inputs: [acc, other], outputs: [out], options: { activation: 'NONE' } } : { kind, inputs: [acc, other], outputs: [out], options: {} });
          if (!last) this.uses.set(out, 1);
          acc = out;
        }
        return;
      }
      case 'PReLU': {
        // The learned slopes, one per element of a sample (1 along shared axes), broadcast against the batch.
        const [alpha] = weights;
        const slopes = this.constant(`${layer.name}/alpha`, [...alpha.shape], Float32Array.from(alpha.data));
        const out = this.newTensor(outSym, layer.name);
        this.addOp({ kind: 'PRELU', inputs: [this.graphTensor(inSym), slopes], outputs: [out], options: {} });
        return;
      }
      case 'LeakyReLU': {
        const out = this.newTensor(outSym, layer.name);
        this.addOp({ kind: 'LEAKY_RELU', inputs: [this.graphTensor(inSym)], outputs: [out], options: { alpha: Math.fround(cfg.number('alpha', 0.3)) } });
        return;
      }
      case 'UpSampling2D': {
        const interpolation = cfg.string('interpolation', 'nearest');
        if (interpolation !== 'nearest' && interpolation !== 'bilinear') unsupported(`interpolation '${interpolation}' (nearest or bilinear)`);
        const input = this.graphTensor(inSym);
        const [, h, w] = this.specs[input].shape;
        const [sh, sw] = cfg.pair('size', [2, 2]);
        const size = this.constant(`${layer.name}/size`, [2], Int32Array.from([h * sh, w * sw]));
        const out = this.newTensor(outSym, layer.name);
        if (interpolation === 'bilinear') {
          // tfjs resizes bilinearly with neither aligned corners nor half-pixel centres.
          this.addOp({ kind: 'RESIZE_BILINEAR', inputs: [input, size], outputs: [out], options: { alignCorners: false, halfPixelCenters: false } });
          return;
        }
        // TFLite's converter emits Keras' UpSampling2D with half-pixel centres; for whole factors both conventions pick the same pixels.
        this.addOp({ kind: 'RESIZE_NEAREST_NEIGHBOR', inputs: [input, size], outputs: [out], options: { alignCorners: false, halfPixelCenters: true } });
        return;
      }
      case 'Conv2DTranspose': {
        const [dh, dw] = cfg.pair('dilationRate', [1, 1]);
        if (dh !== 1 || dw !== 1) unsupported('dilated transposed convolution');
        const [k, bias] = [weights[0], cfg.boolean('useBias', true) ? weights[1] : undefined];
        // tfjs stores [kh, kw, out, in]; TFLite wants [out, kh, kw, in].
        const [kh, kw, cout, cin] = k.shape;
        const filter = new Float32Array(k.data.length);
        for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) {
          filter[((o * kh + y) * kw + x) * cin + i] = k.data[((y * kw + x) * cout + o) * cin + i];
        }
        const [strideH, strideW] = cfg.pair('strides', [1, 1]);
        const out = this.newTensor(outSym, layer.name);
        const shape = this.constant(`${layer.name}/output_shape`, [4], Int32Array.from(this.specs[out].shape));
        const f = this.constant(`${layer.name}/filter`, [cout, kh, kw, cin], filter);
        const inputs = [shape, f, this.graphTensor(inSym)];
        if (bias !== undefined) inputs.push(this.constant(`${layer.name}/bias`, [cout], bias.data.slice()));
        this.addOp({ kind: 'TRANSPOSE_CONV', inputs, outputs: [out], options: { padding: this.padding(cfg, unsupported), strideH, strideW, activation: 'NONE' } });
        this.activation(layer.name, cfg.string('activation', 'linear'), out, outSym, true);
        return;
      }
      case 'Permute': {
        const dims = cfg.value('dims');
        if (!Array.isArray(dims) || !dims.every((d) => Number.isInteger(d))) return unsupported(`dims ${JSON.stringify(dims)}`);
        const perm = this.constant(`${layer.name}/perm`, [dims.length + 1], Int32Array.from([0, ...(dims as number[])]));
        const out = this.newTensor(outSym, layer.name);
        this.addOp({ kind: 'TRANSPOSE', inputs: [this.graphTensor(inSym), perm], outputs: [out], options: {} });
        return;
      }
      case 'Concatenate': {
        const rank = outSym.shape.length;
        const axis = cfg.number('axis', -1);
        const out = this.newTensor(outSym, layer.name);
        this.addOp({ kind: 'CONCATENATION', inputs: node.inputTensors.map((s) => this.graphTensor(s)), outputs: [out], options: { axis: axis < 0 ? axis + rank : axis, activation: 'NONE' } });
        return;
      }
      case 'AveragePooling2D': case 'MaxPooling2D': {
        const [fh, fw] = cfg.pair('poolSize');
        const [sh, sw] = cfg.pair('strides', [fh, fw]);
        const out = this.newTensor(outSym, layer.name);
        this.addOp({
          kind: cls === 'MaxPooling2D' ? 'MAX_POOL_2D' : 'AVERAGE_POOL_2D', inputs: [this.graphTensor(inSym)], outputs: [out],
          options: { padding: this.padding(cfg, unsupported), strideH: sh, strideW: sw, filterH: fh, filterW: fw, activation: 'NONE' },
        });
        return;
      }
      case 'GlobalAveragePooling2D': {
        if (cfg.boolean('keepDims', false)) unsupported('keepDims');
        const axes = this.constant(`${layer.name}/axes`, [2], Int32Array.from([1, 2]));
        const out = this.newTensor(outSym, layer.name);
        this.addOp({ kind: 'MEAN', inputs: [this.graphTensor(inSym), axes], outputs: [out], options: { keepDims: false } });
        return;
      }
      case 'GlobalMaxPooling2D': {
        const input = this.graphTensor(inSym);
        const [, h, w, c] = this.specs[input].shape;
        const pooled = this.addTensor({ name: `${layer.name}/pool`, shape: [1, 1, 1, c], dtype: 'float32' });
        this.addOp({ kind: 'MAX_POOL_2D', inputs: [input], outputs: [pooled], options: { padding: 'VALID', strideH: 1, strideW: 1, filterH: h, filterW: w, activation: 'NONE' } });
        this.uses.set(pooled, 1);
        return this.reshape(layer.name, pooled, outSym);
      }
      case 'Flatten': case 'Reshape': return this.reshape(layer.name, this.graphTensor(inSym), outSym);
      case 'ZeroPadding2D': {
        const p = cfg.value('padding');
        const pairs = typeof p === 'number' ? [[p, p], [p, p]] : Array.isArray(p) ? p.map((q: unknown) => (typeof q === 'number' ? [q, q] : q)) : null;
        const flat = pairs?.flat();
        if (pairs?.length !== 2 || flat?.length !== 4 || !flat.every((v) => Number.isInteger(v) && (v as number) >= 0)) unsupported(`padding ${JSON.stringify(p)}`);
        const paddings = this.constant(`${layer.name}/paddings`, [4, 2], Int32Array.from([0, 0, ...(flat as number[]), 0, 0]));
        const out = this.newTensor(outSym, layer.name);
        this.addOp({ kind: 'PAD', inputs: [this.graphTensor(inSym), paddings], outputs: [out], options: {} });
        return;
      }
      default:
        throw new GraphError('unsupported', `layer ${layer.name} is ${cls}, which the converter does not support (supported: ${SUPPORTED_LAYERS.join(', ')})`);
    }
  }

  private padding(cfg: LayerConfig, unsupported: (why: string) => never): Padding {
    const p = cfg.string('padding', 'valid');
    if (p === 'same') return 'SAME';
    if (p === 'valid') return 'VALID';
    return unsupported(`padding '${p}'`);
  }

  private conv(
    name: string, kind: 'CONV_2D' | 'DEPTHWISE_CONV_2D', inSym: SymbolicTensor, outSym: SymbolicTensor,
    filter: Float32Array, shape: number[], bias: Float32Array | null, cfg: LayerConfig, depthMultiplier: number,
  ): void {
    const out = this.newTensor(outSym, name);
    this.convInto(name, kind, this.graphTensor(inSym), out, filter, shape, bias, cfg, depthMultiplier);
    this.activation(name, cfg.string('activation', 'linear'), out, outSym, true);
  }

  private convInto(
    name: string, kind: 'CONV_2D' | 'DEPTHWISE_CONV_2D', input: number, out: number,
    filter: Float32Array, shape: number[], bias: Float32Array | null, cfg: LayerConfig, depthMultiplier: number,
  ): void {
    const unsupported = (why: string): never => {
      throw new GraphError('unsupported', `layer ${name}: ${why}`);
    };
    const [strideH, strideW] = cfg.pair('strides', [1, 1]);
    const [dilationH, dilationW] = cfg.pair('dilationRate', [1, 1]);
    const f = this.constant(`${name}/filter`, shape, filter.slice());
    const bT = bias === null ? -1 : this.constant(`${name}/bias`, [bias.length], bias.slice());
    const base = { padding: this.padding(cfg, unsupported), strideH, strideW, dilationH, dilationW, activation: 'NONE' as Activation };
    if (kind === 'CONV_2D') this.addOp({ kind, inputs: [input, f, bT], outputs: [out], options: base });
    else this.addOp({ kind, inputs: [input, f, bT], outputs: [out], options: { ...base, depthMultiplier } });
  }

  /**
   * Apply a named activation to graph tensor `t`. With `own`, `t` was just
   * written by this layer's own operator, which then takes the activation;
   * otherwise it is fused into `t`'s producer when nothing else reads `t`.
   */
  private activation(name: string, act: string, t: number, outSym: SymbolicTensor, own: boolean): void {
    const fused: Record<string, Activation> = { relu: 'RELU', relu6: 'RELU6' };
    if (act === 'linear') {
      if (!own) this.alias(outSym, t);
      return;
    }
    if (act in fused) {
      const op = own ? this.producer.get(t) : this.fusableProducer(t);
      if (op !== undefined && op !== null && FUSES_ACTIVATION.has(op.kind) && 'activation' in op.options && op.options.activation === 'NONE') {
        (op.options as { activation: Activation }).activation = fused[act];
        if (!own) this.alias(outSym, t);
        return;
      }
    }
    const kinds: Record<string, Operator['kind']> = { relu: 'RELU', relu6: 'RELU6', sigmoid: 'LOGISTIC', softmax: 'SOFTMAX', tanh: 'TANH' };
    const kind = kinds[act];
    if (kind === undefined) throw new GraphError('unsupported', `layer ${name}: activation '${act}' (supported: linear, relu, relu6, sigmoid, softmax, tanh)`);
    // The layer's own operator output becomes an intermediate; the activation writes the layer's tensor.
    let input = t;
    if (own) {
      input = this.addTensor({ ...this.specs[t], name: `${name}/preactivation` });
      const op = this.producer.get(t) as Operator;
      op.outputs[0] = input;
      this.producer.set(input, op);
      this.uses.set(input, 1);
    }
    const out = own ? t : this.newTensor(outSym, name);
    if (kind === 'SOFTMAX') this.addOp({ kind, inputs: [input], outputs: [out], options: { beta: 1 } });
    else this.addOp({ kind, inputs: [input], outputs: [out], options: {} } as Operator);
  }

  private batchNorm(
    name: string, cfg: LayerConfig, w: Float32Array[], inSym: SymbolicTensor, outSym: SymbolicTensor, unsupported: (why: string) => never,
  ): void {
    const rank = inSym.shape.length;
    const axis = cfg.value('axis');
    const a = Array.isArray(axis) && axis.length === 1 ? (axis[0] as number) : axis;
    if (!(a === -1 || a === rank - 1)) unsupported(`batch norm over axis ${JSON.stringify(axis)}; only the channel (last) axis is supported`);
    const scale = cfg.boolean('scale', true), center = cfg.boolean('center', true);
    let k = 0;
    const channels = inSym.shape[rank - 1] as number;
    const gamma = scale ? w[k++] : new Float32Array(channels).fill(1);
    const beta = center ? w[k++] : new Float32Array(channels);
    const bn = { gamma, beta, mean: w[k++], variance: w[k++], epsilon: cfg.number('epsilon', 1e-3) };
    const input = this.graphTensor(inSym);
    const op = this.fusableProducer(input);
    if (op !== null && (op.kind === 'CONV_2D' || op.kind === 'DEPTHWISE_CONV_2D' || op.kind === 'FULLY_CONNECTED') && op.options.activation === 'NONE') {
      const filter = this.specs[op.inputs[1]];
      const biasIndex = op.inputs[2];
      const bias = biasIndex >= 0 ? (this.specs[biasIndex].data as Float32Array) : null;
      const folded = foldBatchNorm(filter.data as Float32Array, filter.shape, op.kind === 'DEPTHWISE_CONV_2D' ? 3 : 0, bias, bn);
      filter.data = folded.weights;
      if (biasIndex >= 0) this.specs[biasIndex].data = folded.bias;
      else op.inputs[2] = this.constant(`${this.specs[op.outputs[0]].name}/bias`, [channels], folded.bias);
      return this.alias(outSym, input);
    }
    if (rank !== 4) unsupported('a batch norm that cannot be folded into the layer before it must act on an NHWC tensor');
    // Standalone: a 1x1 depthwise convolution with the per-channel scale and shift.
    const folded = foldBatchNorm(new Float32Array(channels).fill(1), [1, 1, 1, channels], 3, null, bn);
    const cfg1 = new LayerConfig(name, 'BatchNormalization', { strides: [1, 1], dilationRate: [1, 1], padding: 'valid', activation: 'linear' });
    this.conv(name, 'DEPTHWISE_CONV_2D', inSym, outSym, folded.weights, [1, 1, 1, channels], folded.bias, cfg1, 1);
  }

  private reshape(name: string, input: number, outSym: SymbolicTensor): void {
    const shape = this.batchOne(outSym, name);
    const shapeT = this.constant(`${name}/shape`, [shape.length], Int32Array.from(shape));
    const out = this.newTensor(outSym, name);
    this.addOp({ kind: 'RESHAPE', inputs: [input, shapeT], outputs: [out], options: { newShape: shape } });
  }
}
