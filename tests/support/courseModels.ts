import seedrandom from "seedrandom";
import { convertModel } from "../../lib/deploy/convert/convertModel.js";
import { loadDataset } from "../../lib/data/loadDataset.js";
import type { Graph } from "../../lib/ir/Graph.js";
import { elementCount } from "../../lib/ir/Graph.js";
import { quantizeTensor } from "../../lib/ir/quantizeTensor.js";
import { loadPretrained } from "../../lib/models/pretrainedModels.js";
import { resnet8 } from "../../lib/models/resnet8.js";
import { tfReady } from "../../lib/tf/tf.js";

/** `n` int8 inputs for `graph`, uniform over -128..127 from a seeded generator. */
export function seededInputs(graph: Graph, n: number, seed: string): Int8Array[] {
  const rng = seedrandom(seed);
  // One sample holds every input, one after another, as the generated C takes them.
  const size = graph.inputs.reduce((a, t) => a + elementCount(graph.tensors[t].shape), 0);
  return Array.from({ length: n }, () => Int8Array.from({ length: size }, () => Math.floor(rng() * 256) - 128));
}

/** The course's models: the shipped DS-CNN (with real test clips) and a ResNet-8, both converted here. */
export async function courseModels(): Promise<{ graph: Graph; inputs: Int8Array[] }[]> {
  await tfReady();
  const { model } = await loadPretrained("ds-cnn-kws");
  const cal = loadDataset("synthetic-keywords", { split: "train", seed: 0, limit: 100 });
  const per = 49 * 10;
  const kws = convertModel(model, { calibration: Array.from({ length: 100 }, (_, s) => cal.x.subarray(s * per, (s + 1) * per)), name: "ds-cnn-kws" }).int8;
  const test = loadDataset("synthetic-keywords", { split: "test", limit: 5 });
  const spec = kws.tensors[kws.inputs[0]];
  const rng = seedrandom("resnet");
  const res = convertModel(resnet8({ seed: 6 }), { calibration: Array.from({ length: 8 }, () => Float32Array.from({ length: 3072 }, () => rng())), name: "resnet8" }).int8;
  return [
    { graph: kws, inputs: Array.from({ length: 5 }, (_, s) => quantizeTensor(spec, test.x.subarray(s * per, (s + 1) * per))) },
    { graph: res, inputs: seededInputs(res, 2, "resnet8 inputs") },
  ];
}
