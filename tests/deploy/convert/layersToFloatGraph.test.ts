import { strict as assert } from "node:assert";
import { layersToFloatGraph } from "../../../lib/deploy/convert/layersToFloatGraph.js";
import { foldBatchNorm } from "../../../lib/deploy/convert/foldBatchNorm.js";
import { GraphError } from "../../../lib/ir/GraphError.js";
import { Interpreter } from "../../../lib/ir/Interpreter.js";
import { dsCnn } from "../../../lib/models/dsCnn.js";
import { resnet8 } from "../../../lib/models/resnet8.js";
import { tf, tfReady } from "../../../lib/tf/tf.js";
import { newerLayersModel } from "../../support/newerLayersModel.js";

/** Give every batch norm non-trivial statistics, so folding is actually exercised. */
function randomiseBatchNorms(model: tf.LayersModel, seed: number): void {
  for (const l of model.layers) {
    if (l.getClassName() !== "BatchNormalization") continue;
    // [gamma, beta, movingMean, movingVariance]; the variance must stay positive.
    l.setWeights(l.getWeights().map((w, i) => tf.tidy(() => tf.add(i === 3 ? 0.5 : i === 0 ? 1 : 0, tf.randomUniform(w.shape, i === 3 ? 0 : -0.5, 0.5, "float32", seed + i)))));
  }
}

/** Largest |tfjs - graph| over a few seeded inputs; tfjs itself is the oracle. */
function maxDifference(model: tf.LayersModel, samples = 3): number {
  const graph = layersToFloatGraph(model);
  const interp = new Interpreter(graph);
  let worst = 0;
  for (let s = 0; s < samples; s++) {
    const shape = [1, ...(model.inputs[0].shape.slice(1) as number[])];
    const x = tf.randomNormal(shape, 0, 1, "float32", 100 + s);
    const want = (model.predict(x) as tf.Tensor).dataSync();
    const got = interp.run([x.dataSync() as Float32Array])[0] as Float32Array;
    assert.equal(got.length, want.length);
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - got[i]) / Math.max(1, Math.abs(want[i])));
    x.dispose();
  }
  return worst;
}

function kinds(model: tf.LayersModel): string[] {
  return layersToFloatGraph(model).operators.map((o) => o.kind + ("activation" in o.options && o.options.activation !== "NONE" ? `+${o.options.activation}` : ""));
}

describe("deploy/convert: tfjs Layers model -> float32 graph", () => {
  before(async () => {
    await tfReady();
  });

  it("foldBatchNorm matches a hand calculation", () => {
    // Two output channels, two weights each; k = gamma / sqrt(var + eps) = [2, 0.5].
    const folded = foldBatchNorm(Float32Array.from([1, 2, 3, 4]), [2, 2], 0, Float32Array.from([1, -1]), {
      gamma: Float32Array.from([2, 1]), beta: Float32Array.from([0.5, 0]), mean: Float32Array.from([3, 1]), variance: Float32Array.from([1, 4]), epsilon: 0,
    });
    assert.deepEqual(Array.from(folded.weights), [2, 4, 1.5, 2]);
    // b' = (b - mean) * k + beta = (1 - 3) * 2 + 0.5, (-1 - 1) * 0.5 + 0
    assert.deepEqual(Array.from(folded.bias), [-3.5, -1]);
    // Channel last (depthwise layout [1, kh, kw, C]).
    const dw = foldBatchNorm(Float32Array.from([1, 1, 1, 1]), [1, 1, 2, 2], 3, null, {
      gamma: Float32Array.from([2, 1]), beta: Float32Array.from([0, 0]), mean: Float32Array.from([0, 0]), variance: Float32Array.from([1, 4]), epsilon: 0,
    });
    assert.deepEqual(Array.from(dw.weights), [2, 0.5, 2, 0.5]);
  });

  it("DS-CNN: batch norms fold, ReLUs fuse, and the graph computes what tfjs computes", () => {
    const model = dsCnn({ filters: 16, seed: 2 });
    randomiseBatchNorms(model, 1);
    assert.deepEqual(kinds(model), [
      "CONV_2D+RELU", ...Array.from({ length: 4 }, () => ["DEPTHWISE_CONV_2D+RELU", "CONV_2D+RELU"]).flat(),
      "AVERAGE_POOL_2D", "RESHAPE", "FULLY_CONNECTED", "SOFTMAX",
    ]);
    assert.ok(maxDifference(model) < 1e-5);
  });

  it("ResNet-8 (functional, residual adds): ReLU fuses into ADD and the graph matches tfjs", () => {
    const model = resnet8({ seed: 3 });
    randomiseBatchNorms(model, 2);
    assert.deepEqual(kinds(model).filter((k) => k.startsWith("ADD")), ["ADD+RELU", "ADD+RELU", "ADD+RELU"]);
    assert.ok(maxDifference(model) < 1e-5);
  });

  it("a Sequential model with every other supported layer matches tfjs on its logits", () => {
    const seq = tf.sequential({ name: "mixed" });
    seq.add(tf.layers.zeroPadding2d({ inputShape: [9, 8, 3], padding: [[1, 0], [2, 1]] }));
    seq.add(tf.layers.separableConv2d({ filters: 6, kernelSize: 3, depthMultiplier: 2, activation: "relu6", seed: 1 } as Parameters<typeof tf.layers.separableConv2d>[0]));
    seq.add(tf.layers.batchNormalization());
    seq.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 1, padding: "same" }));
    seq.add(tf.layers.activation({ activation: "relu" }));
    seq.add(tf.layers.depthwiseConv2d({ kernelSize: 2, depthMultiplier: 2, strides: 2, padding: "valid", activation: "sigmoid" }));
    seq.add(tf.layers.dropout({ rate: 0.5 }));
    seq.add(tf.layers.globalAveragePooling2d({}));
    seq.add(tf.layers.dense({ units: 5 }));
    seq.add(tf.layers.batchNormalization());
    seq.add(tf.layers.activation({ activation: "relu" }));
    seq.add(tf.layers.dense({ units: 4 }));
    randomiseBatchNorms(seq, 3);
    // The first batch norm follows a fused RELU6, so it cannot fold and becomes a 1x1
    // depthwise; the ReLU after max pooling stays standalone; the second batch norm
    // folds into the dense layer, whose ReLU then fuses.
    assert.deepEqual(kinds(seq), [
      "PAD", "DEPTHWISE_CONV_2D", "CONV_2D+RELU6", "DEPTHWISE_CONV_2D", "MAX_POOL_2D", "RELU",
      "DEPTHWISE_CONV_2D", "LOGISTIC", "MEAN", "FULLY_CONNECTED+RELU", "FULLY_CONNECTED",
    ]);
    assert.ok(maxDifference(seq) < 1e-5);
  });

  it("functional concatenation and a global max pool match tfjs", () => {
    const input = tf.input({ shape: [6, 6, 2] });
    const a = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: "same" }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers.conv2d({ filters: 4, kernelSize: 1, dilationRate: 1 }).apply(input) as tf.SymbolicTensor;
    const c = tf.layers.concatenate({ axis: -1 }).apply([a, b]) as tf.SymbolicTensor;
    const r = tf.layers.reLU({}).apply(c) as tf.SymbolicTensor;
    const out = tf.layers.globalMaxPooling2d({}).apply(r) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    assert.deepEqual(kinds(model), ["CONV_2D", "CONV_2D", "CONCATENATION", "RELU", "MAX_POOL_2D", "RESHAPE"]);
    assert.ok(maxDifference(model) < 1e-5);
  });

  it("Multiply, Maximum, Minimum, a broadcasting Add, LeakyReLU, PReLU, tanh, UpSampling2D (nearest and bilinear), Conv2DTranspose and Permute match tfjs", () => {
    const graph = newerLayersModel();
    assert.deepEqual(kinds(graph), ["CONV_2D", "LEAKY_RELU", "CONV_2D", "TANH", "MUL", "MAXIMUM", "PRELU", "MINIMUM", "MEAN", "RESHAPE", "ADD", "RESIZE_NEAREST_NEIGHBOR", "RESIZE_BILINEAR", "ADD", "TRANSPOSE_CONV+RELU", "ADD", "TRANSPOSE", "RESHAPE", "FULLY_CONNECTED"]);
    assert.ok(maxDifference(graph) < 1e-5, `differs by ${maxDifference(graph)}`);
  });

  it("Dot on rank-3 inputs is one BATCH_MATMUL, its axes picking adj_x and adj_y, and matches tfjs", () => {
    const x = tf.input({ shape: [4, 6] });
    const gram = tf.layers.dot({ axes: [2, 2] }).apply([x, x]) as tf.SymbolicTensor;
    const mixed = tf.layers.dot({ axes: [2, 1] }).apply([gram, x]) as tf.SymbolicTensor;
    const cov = tf.layers.dot({ axes: 1 }).apply([mixed, x]) as tf.SymbolicTensor;
    const model = tf.model({ inputs: x, outputs: cov });
    const graph = layersToFloatGraph(model);
    assert.deepEqual(graph.operators.map((o) => [o.kind, JSON.stringify(o.options)]), [
      ["BATCH_MATMUL", JSON.stringify({ adjX: false, adjY: true })], ["BATCH_MATMUL", JSON.stringify({ adjX: false, adjY: false })], ["BATCH_MATMUL", JSON.stringify({ adjX: true, adjY: false })],
    ]);
    assert.ok(maxDifference(model) < 1e-5, `differs by ${maxDifference(model)}`);
  });

  it("a layer the converter does not support is named, with its class and the supported list", () => {
    const seq = tf.sequential();
    seq.add(tf.layers.conv1d({ inputShape: [10, 2], filters: 2, kernelSize: 3, name: "audio_conv" }));
    assert.throws(() => layersToFloatGraph(seq), (e: unknown) => e instanceof GraphError && e.kind === "unsupported" && /layer audio_conv is Conv1D, which the converter does not support \(supported: Activation/.test(e.message));
    const elu = tf.sequential();
    elu.add(tf.layers.dense({ inputShape: [3], units: 2, activation: "elu", name: "fc" }));
    assert.throws(() => layersToFloatGraph(elu), /layer fc: activation 'elu' \(supported: linear, relu, relu6, sigmoid, softmax, tanh\)/);
    const capped = tf.sequential();
    capped.add(tf.layers.reLU({ inputShape: [3], maxValue: 4, name: "relu4" }));
    assert.throws(() => layersToFloatGraph(capped), /relu4 \(ReLU\): ReLU with maxValue 4/);
  });
});
