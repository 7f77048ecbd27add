import { strict as assert } from "node:assert";
import { checkMemoryPlan } from "../../lib/hwsim/checkMemoryPlan.js";
import { patchStage, stageOutput } from "../../lib/hwsim/patchStage.js";
import { planMemory } from "../../lib/hwsim/planMemory.js";
import type { Graph } from "../../lib/ir/Graph.js";
import { GraphBuilder } from "../../lib/ir/GraphBuilder.js";

const q = (s: number) => ({ scale: [s], zeroPoint: [0], axis: 0 });
const conv = { padding: "SAME" as const, dilationH: 1, dilationW: 1, activation: "NONE" as const };

/**
 * x [1,16,16,1] -conv3x3 s1-> a [1,16,16,8] -dw3x3 s2-> b [1,8,8,8] -conv1x1-> c [1,8,8,4] -mean-> m [1,4]:
 * the high-resolution front a patch-based stage is for.
 */
function front(): Graph {
  const b = new GraphBuilder("front");
  const x = b.tensor({ name: "x", shape: [1, 16, 16, 1], dtype: "int8", quantization: q(0.1) });
  const w0 = b.tensor({ name: "w0", shape: [8, 3, 3, 1], dtype: "int8", quantization: q(0.01), data: new Int8Array(72).fill(1) });
  const a = b.tensor({ name: "a", shape: [1, 16, 16, 8], dtype: "int8", quantization: q(0.1) });
  const w1 = b.tensor({ name: "w1", shape: [1, 3, 3, 8], dtype: "int8", quantization: q(0.01), data: new Int8Array(72).fill(1) });
  const bb = b.tensor({ name: "b", shape: [1, 8, 8, 8], dtype: "int8", quantization: q(0.1) });
  const w2 = b.tensor({ name: "w2", shape: [4, 1, 1, 8], dtype: "int8", quantization: q(0.01), data: new Int8Array(32).fill(1) });
  const c = b.tensor({ name: "c", shape: [1, 8, 8, 4], dtype: "int8", quantization: q(0.1) });
  const axes = b.tensor({ name: "axes", shape: [2], dtype: "int32", data: new Int32Array([1, 2]) });
  const m = b.tensor({ name: "m", shape: [1, 4], dtype: "int8", quantization: q(0.1) });
  b.op({ kind: "CONV_2D", inputs: [x, w0, -1], outputs: [a], options: { ...conv, strideH: 1, strideW: 1 } });
  b.op({ kind: "DEPTHWISE_CONV_2D", inputs: [a, w1, -1], outputs: [bb], options: { ...conv, strideH: 2, strideW: 2, depthMultiplier: 1 } });
  b.op({ kind: "CONV_2D", inputs: [bb, w2, -1], outputs: [c], options: { ...conv, strideH: 1, strideW: 1 } });
  b.op({ kind: "MEAN", inputs: [c, axes], outputs: [m], options: { keepDims: false } });
  return b.build([x], [m]);
}

describe("hwsim: patch-based stage (MCUNetV2)", () => {
  it("propagates receptive fields backwards: region sizes and recomputation by hand", () => {
    const s = patchStage(front(), 2, 2);
    assert.ok(s !== null);
    assert.equal(s.output, 6);
    // c's top-left 4x4 patch needs b rows/cols 0-3 (1x1 conv), and the stride-2 3x3
    // depthwise with SAME padding (total 1, top 0) needs a rows 0..3*2+2 = 0-8: 9x9x8.
    assert.equal(s.patchBytes.get(2), 9 * 9 * 8);
    assert.equal(s.patchBytes.get(4), 4 * 4 * 8);
    // a is computed on 9+8 rows and 9+8 columns of 16: (9*9 + 9*8 + 8*9 + 8*8) / 256.
    assert.deepEqual(s.recompute, [289 / 256, 1, 1]);
  });

  it("refuses stages it cannot cut: a non-local operator inside, a grid finer than the output", () => {
    const g = front();
    assert.equal(stageOutput(g, 3), null);
    assert.equal(stageOutput(g, 0), 2);
    assert.equal(patchStage(g, 2, 9), null);
  });

  it("the planner picks a stage that shrinks the arena, and its layout passes the overlap check", () => {
    const g = front();
    const greedy = planMemory(g, "greedy");
    const patch = planMemory(g, "patch");
    assert.deepEqual(checkMemoryPlan(patch), []);
    assert.ok(patch.patch !== null);
    // Greedy must hold a and b whole at once (2048 + 512 bytes).
    assert.equal(greedy.arenaBytes, 2560);
    assert.ok(patch.arenaBytes < greedy.arenaBytes / 2, `${patch.arenaBytes}`);
  });
});
