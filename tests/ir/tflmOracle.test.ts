import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import seedrandom from "seedrandom";
import type { Graph, TensorData } from "../../lib/ir/Graph.js";
import { elementCount } from "../../lib/ir/Graph.js";
import { Interpreter } from "../../lib/ir/Interpreter.js";
import { readTflite } from "../../lib/ir/tflite/readTflite.js";
import { calibrationGraphs } from "../../lib/hwsim/calibration/calibrationModels.js";
import { visionModel } from "../../lib/models/visionModel.js";
import { tfReady } from "../../lib/tf/tf.js";
import { randomInt8 } from "../support/armnnAgreement.js";
import { courseModels } from "../support/courseModels.js";
import { operatorCases } from "../support/operatorCases.js";
import { int16x8Cases } from "../support/int16x8Cases.js";
import { lstmCases } from "../support/lstmCases.js";
import { operatorCoverageCases } from "../support/operatorCoverageCases.js";
import { newerLayersModel } from "../support/newerLayersModel.js";
import { convertModel } from "../../lib/deploy/convert/convertModel.js";
import { requireTool } from "../support/requireTool.js";
import { requireModel } from "../support/thirdPartyModels.js";
import { TFLM_FETCH, hasTflmSources, runTflm, tflmOracleBinary } from "../support/tflm/tflmOracle.js";

const SHARED = ["ad01_int8.tflite", "kws_ref_model.tflite", "pretrainedResnet_quant.tflite", "vww_96_int8.tflite",
  "hello_world_int8.tflite", "micro_speech_quantized.tflite", "person_detect.tflite"];
const SAMPLES = 20;

/** Seeded random samples for every input of `graph` (int8 inputs; float inputs uniform in [-1, 1)). */
function seededSamples(graph: Graph, n: number, seed: string): TensorData[][] {
  const rng = seedrandom(seed);
  return Array.from({ length: n }, () => graph.inputs.map((i) => {
    const t = graph.tensors[i];
    const size = elementCount(t.shape);
    if (t.dtype === "int16") return Int16Array.from({ length: size }, () => Math.floor(rng() * 65536) - 32768);
    return t.dtype === "float32" ? Float32Array.from({ length: size }, () => rng() * 2 - 1) : randomInt8(size, rng);
  }));
}

/**
 * Runs `samples` through the interpreter and TFLM's reference kernels and
 * returns the first mismatch as a sentence (null when every element of every
 * output agrees: exactly for integer outputs, within 1e-6 for float ones).
 */
function firstMismatch(graph: Graph, samples: TensorData[][]): string | null {
  const theirs = runTflm(graph, samples);
  if (!theirs.ok) return `TFLM refused ${graph.name}: ${theirs.error}`;
  const interpreter = new Interpreter(graph);
  for (let s = 0; s < samples.length; s++) {
    const ours = interpreter.run(samples[s]);
    for (let k = 0; k < ours.length; k++) {
      const tolerance = ours[k] instanceof Float32Array ? 1e-6 : 0;
      for (let j = 0; j < ours[k].length; j++) {
        const d = Math.abs(Number(ours[k][j]) - Number(theirs.outputs[s][k][j]));
        if (d > tolerance) return `${graph.name}: sample ${s}, output ${k}, element ${j}: ours ${ours[k][j]}, TFLM ${theirs.outputs[s][k][j]}`;
      }
    }
  }
  return null;
}

describe("ir: the interpreter against TensorFlow Lite Micro's reference kernels, bit for bit", function () {
  this.timeout(900_000);
  before(function () {
    requireTool(this, hasTflmSources(), "TensorFlow Lite Micro's sources (../shared/peers or TINYML_TFLM)", TFLM_FETCH);
    // Built once per source tree into the data cache (about 80 s on two cores the first time).
    tflmOracleBinary();
  });

  for (const name of SHARED) {
    it(`${name}: ${SAMPLES} seeded random inputs give identical outputs`, function () {
      const graph = readTflite(new Uint8Array(readFileSync(requireModel(this, name))), name);
      assert.equal(firstMismatch(graph, seededSamples(graph, SAMPLES, `tflm ${name}`)), null);
    });
  }

  it("the course's models (DS-CNN on real clips, ResNet-8, the lab's MobileNetV2) give identical outputs", async function () {
    const models = [...(await courseModels()).map((m) => ({ graph: m.graph, samples: m.inputs.map((x) => [x as TensorData]) })),
      { graph: visionModel(), samples: seededSamples(visionModel(), 3, "tflm vision") }];
    for (const m of models) assert.equal(firstMismatch(m.graph, m.samples), null);
  });

  it("hwsim's 81 calibration graphs (strides, padding, depth multipliers 1-8, 1x1 to 9x9 windows, residual ADD, PAD, CONCATENATION, MEAN, LOGISTIC, and chains of broadcasting MUL, SUB, MAXIMUM, MINIMUM, ADD with SQUARED_DIFFERENCE, PRELU, LEAKY_RELU, TANH, LOG_SOFTMAX, TRANSPOSE, SQUEEZE, EXPAND_DIMS, RESIZE_NEAREST_NEIGHBOR, SLICE, STRIDED_SLICE, PACK, GATHER, and of HARD_SWISH, RESIZE_BILINEAR, TRANSPOSE_CONV, BATCH_MATMUL, SUM, and SVDF and LSTM layers) give identical outputs", async function () {
    await tfReady();
    const graphs = calibrationGraphs();
    assert.equal(graphs.length, 81);
    const bad = graphs.map((g, i) => firstMismatch(g, seededSamples(g, 5, `tflm calibration ${i}`))).filter((m) => m !== null);
    assert.deepEqual(bad, []);
  });

  it("single operators with the options the models above do not use give identical outputs (PAD with a non-zero zero point, fused and requantizing activations, batched SOFTMAX, RELU6 across quantizations)", function () {
    const bad = operatorCases("tflm synthetic", -7, "tflm").map((c) => firstMismatch(c.graph, seededSamples(c.graph, 20, `tflm ${c.label}`))).filter((m) => m !== null);
    assert.deepEqual(bad, []);
  });

  it("the operators added for published models (SUB, MUL, MAXIMUM, MINIMUM, SQUARED_DIFFERENCE, PRELU, broadcasting ADD, LEAKY_RELU, TANH, LOG_SOFTMAX, SQUEEZE, EXPAND_DIMS, TRANSPOSE, RESIZE_NEAREST_NEIGHBOR, SLICE, STRIDED_SLICE, SPLIT, SPLIT_V, PACK, UNPACK, GATHER, HARD_SWISH, SUM, RESIZE_BILINEAR, BATCH_MATMUL, TRANSPOSE_CONV, SVDF with its state carried across samples), over their broadcasts, ranks, fused activations and options, give identical outputs", function () {
    const bad = operatorCoverageCases("tflm coverage").map((c) => firstMismatch(c.graph, seededSamples(c.graph, 20, `tflm ${c.label}`))).filter((m) => m !== null);
    assert.deepEqual(bad, []);
  });

  it("TFLite's 16x8 scheme (int16 activations, int8 weights, int64 or int32 biases): CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, ADD, MUL, SOFTMAX, LOGISTIC, TANH, QUANTIZE, DEQUANTIZE and the int16 data movers give identical outputs", function () {
    const bad = int16x8Cases("tflm 16x8").map((c) => firstMismatch(c.graph, seededSamples(c.graph, 20, `tflm ${c.label}`))).filter((m) => m !== null);
    assert.deepEqual(bad, []);
  });

  it("UNIDIRECTIONAL_SEQUENCE_LSTM (8x8->16 and 16x8: batch- and time-major, cell states at 2^-9 to 2^-15, cell clip), its states carried across samples, gives identical outputs", function () {
    const bad = lstmCases("tflm lstm").map((c) => firstMismatch(c.graph, seededSamples(c.graph, 20, `tflm ${c.label}`))).filter((m) => m !== null);
    assert.deepEqual(bad, []);
  });

  it("a tfjs model with Multiply, Maximum, Minimum, broadcast Add, LeakyReLU, PReLU, tanh, UpSampling2D (nearest and bilinear), Conv2DTranspose and Permute, converted to int8, gives identical outputs", async function () {
    await tfReady();
    const rng = seedrandom("newer layers calibration");
    const model = newerLayersModel();
    const samples = Array.from({ length: 8 }, () => Float32Array.from({ length: 90 }, () => rng() * 2 - 1));
    const graph = convertModel(model, { calibration: samples, name: "newer-layers" }).int8;
    model.dispose();
    assert.equal(firstMismatch(graph, seededSamples(graph, 20, "tflm newer layers")), null);
  });

  it("a model with an operator the oracle does not register is refused with TFLM's reason, not a crash", function () {
    const graph = readTflite(new Uint8Array(readFileSync(requireModel(this, "kws_ref_model.tflite"))), "kws");
    const r = runTflm(graph, [[new Int8Array(3)]]);
    assert.ok(!r.ok && /whole number of samples/.test(r.error), JSON.stringify(r));
  });
});
