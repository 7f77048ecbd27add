import { strict as assert } from "node:assert";
import { dsCnnMacs } from "../../lib/compression/pruning/dsCnnMacs.js";
import { dsCnn } from "../../lib/models/dsCnn.js";
import { profileModel } from "../../lib/models/profileModel.js";
import { tfReady } from "../../lib/tf/tf.js";

describe("lib/models dsCnn", () => {
  before(async () => { await tfReady(); });

  it("takes a width per layer, and its MACs follow the DS-CNN formula (profileModel, counted layer by layer)", () => {
    const channels = [8, 52, 4, 12, 40];
    const model = dsCnn({ channels, seed: 3 });
    assert.deepEqual(["stem_conv", "pw1", "pw2", "pw3", "pw4"].map((n) => model.getLayer(n).outputShape.at(-1)), channels);
    assert.equal(profileModel(model).macs, dsCnnMacs(channels, 12));
  });

  it("refuses a width list of the wrong length or with a non-positive width, by name", () => {
    assert.throws(() => dsCnn({ channels: [8, 8, 8] }), /dsCnn: channels must be 5 positive integers \(stem and 4 blocks\), got \[8, 8, 8\]/);
    assert.throws(() => dsCnn({ channels: [8, 8, 0, 8, 8] }), /got \[8, 8, 0, 8, 8\]/);
  });
});
