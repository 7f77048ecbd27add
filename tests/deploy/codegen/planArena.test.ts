import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { planArena } from "../../../lib/deploy/codegen/planArena.js";
import { readTflite } from "../../../lib/ir/tflite/readTflite.js";
import { requireModel } from "../../support/thirdPartyModels.js";

describe("deploy/codegen: planArena (greedy by size)", () => {
  for (const name of ["kws_ref_model.tflite", "vww_96_int8.tflite", "pretrainedResnet_quant.tflite"]) {
    it(`${name}: tensors alive at the same time never share bytes; the arena is between the largest live set and the sum of all`, function () {
      const g = readTflite(new Uint8Array(readFileSync(requireModel(this, name))), name);
      const plan = planArena(g);
      const bufs = plan.buffers;
      for (const a of bufs) {
        assert.equal(a.offset % 16, 0);
        assert.ok(a.offset + a.bytes <= plan.bytes);
        for (const b of bufs) {
          if (a === b || a.lastUse < b.firstUse || b.lastUse < a.firstUse) continue;
          assert.ok(a.offset + a.bytes <= b.offset || b.offset + b.bytes <= a.offset, `${g.tensors[a.tensor].name} overlaps ${g.tensors[b.tensor].name}`);
        }
      }
      // Lower bound: the bytes live during the busiest operator.
      let peak = 0;
      for (let k = -1; k <= g.operators.length; k++) peak = Math.max(peak, bufs.filter((b) => b.firstUse <= k && k <= b.lastUse).reduce((s, b) => s + b.bytes, 0));
      assert.ok(plan.bytes >= peak && plan.bytes < bufs.reduce((s, b) => s + b.bytes + 16, 0) + 16);
      console.log(`      arena ${plan.bytes} bytes; busiest operator holds ${peak}`);
    });
  }
});
