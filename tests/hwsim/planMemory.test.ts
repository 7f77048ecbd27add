import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { checkMemoryPlan } from "../../lib/hwsim/checkMemoryPlan.js";
import { PLANNERS, planMemory } from "../../lib/hwsim/planMemory.js";
import { readTflite } from "../../lib/ir/tflite/readTflite.js";
import { requireModel } from "../support/thirdPartyModels.js";

describe("hwsim: memory planners", () => {
  for (const name of ["kws_ref_model.tflite", "vww_96_int8.tflite", "pretrainedResnet_quant.tflite"]) {
    it(`${name}: every planner's layout passes the independent overlap check; greedy <= linear; in-place and patch <= greedy`, function () {
      const g = readTflite(new Uint8Array(readFileSync(requireModel(this, name))), name);
      const plans = PLANNERS.map((p) => planMemory(g, p));
      for (const p of plans) assert.deepEqual(checkMemoryPlan(p), [], p.planner);
      const [linear, greedy, inplace, patch] = plans;
      assert.ok(greedy.arenaBytes <= linear.arenaBytes && inplace.arenaBytes <= greedy.arenaBytes && patch.arenaBytes <= greedy.arenaBytes);
    });
  }

  it("the checker catches two live tensors placed on the same bytes", function () {
    const g = readTflite(new Uint8Array(readFileSync(requireModel(this, "kws_ref_model.tflite"))), "kws");
    const plan = planMemory(g, "greedy");
    const [a, b] = plan.buffers.filter((x) => x.firstUse <= 1 && x.lastUse >= 1);
    b.offset = a.offset;
    assert.match(checkMemoryPlan(plan).join("\n"), /alive together .* and overlap/);
  });

  it("in-place depthwise shares the input's bytes on VWW's stride-1 depthwise layers and saves arena", function () {
    const g = readTflite(new Uint8Array(readFileSync(requireModel(this, "vww_96_int8.tflite"))), "vww");
    const p = planMemory(g, "inplace-depthwise");
    assert.ok(p.inPlace.length > 0 && p.scratchBytes > 0);
  });

  it("patch-based inference shrinks VWW's arena by at least a quarter, paying with recomputed halos", function () {
    const g = readTflite(new Uint8Array(readFileSync(requireModel(this, "vww_96_int8.tflite"))), "vww");
    const greedy = planMemory(g, "greedy"), patch = planMemory(g, "patch");
    assert.ok(patch.patch !== null && patch.arenaBytes <= 0.75 * greedy.arenaBytes, `${patch.arenaBytes} vs ${greedy.arenaBytes}`);
    assert.ok(patch.patch.recompute[0] > 1 && patch.patch.recompute.every((r) => r >= 1));
  });
});
