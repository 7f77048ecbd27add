import { strict as assert } from "node:assert";
import { calibrate } from "../../../lib/deploy/convert/calibrate.js";
import { layersToFloatGraph } from "../../../lib/deploy/convert/layersToFloatGraph.js";
import { quantizeGraph } from "../../../lib/deploy/convert/quantizeGraph.js";
import { quantizationReport } from "../../../lib/deploy/debug/quantizationReport.js";
import { loadDataset } from "../../../lib/data/loadDataset.js";
import { loadPretrained } from "../../../lib/models/pretrainedModels.js";
import { tfReady } from "../../../lib/tf/tf.js";

describe("deploy/debug: quantizationReport (float against int8, layer by layer)", function () {
  this.timeout(120_000);

  it("names a layer planted with a bad calibration, with the fix for each kind of fault, and no layer of the sound model", async () => {
    await tfReady();
    const { model } = await loadPretrained("ds-cnn-kws");
    const float = layersToFloatGraph(model, "ds-cnn");
    const train = loadDataset("synthetic-keywords", { split: "train", seed: 3, limit: 64 });
    const clips = Array.from({ length: 64 }, (_, i) => train.x.slice(i * 490, (i + 1) * 490));
    const ranges = calibrate(float, clips, { method: "minmax" });
    const test = loadDataset("synthetic-keywords", { split: "test", seed: 2, limit: 16 });
    const samples = Array.from({ length: 16 }, (_, i) => test.x.slice(i * 490, (i + 1) * 490));
    const sound = quantizationReport(float, quantizeGraph(float, ranges), samples);
    assert.deepEqual(sound.worst, []);
    assert.equal(sound.layers.length, float.operators.length);
    // Layer 5's output range cut to a tenth: most of its values clip.
    const t = float.operators[5].outputs[0];
    const narrow = ranges.map((r, i) => (i === t && r !== null ? { min: r.min / 10, max: r.max / 10 } : r));
    const clipped = quantizationReport(float, quantizeGraph(float, narrow), samples);
    assert.equal(clipped.worst[0]?.operator, 5, JSON.stringify(clipped.worst.map((l) => [l.operator, l.lossDb])));
    assert.match(clipped.worst[0].suggestion ?? "", /^recalibrate: \d+\.\d% of its values fall outside/);
    // The same range made 200 times too wide: few levels are used.
    const wide = ranges.map((r, i) => (i === t && r !== null ? { min: r.min * 200, max: r.max * 200 } : r));
    const coarse = quantizationReport(float, quantizeGraph(float, wide), samples);
    assert.equal(coarse.worst[0]?.operator, 5);
    assert.match(coarse.worst[0].suggestion ?? "", /^tighten the range/);
  });
});
