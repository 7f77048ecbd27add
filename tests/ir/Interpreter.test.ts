import { strict as assert } from "node:assert";
import seedrandom from "seedrandom";
import { Interpreter } from "../../lib/ir/Interpreter.js";
import { GraphBuilder } from "../../lib/ir/GraphBuilder.js";

describe("ir/Interpreter", () => {
  // A one-filter SVDF with memory 3, unit scales, time weights [1, 1, 1]: the output is the sum of the last three
  // inputs' dot products (hand-computed), so it shows whether the state carried over or was reset.
  function movingSum(): Interpreter {
    const b = new GraphBuilder("moving sum");
    const q = (zeroPoint = 0) => ({ scale: [1], zeroPoint: [zeroPoint], axis: 0 });
    const x = b.tensor({ name: "x", shape: [1, 2], dtype: "int8", quantization: q() });
    const w = b.tensor({ name: "w", shape: [1, 2], dtype: "int8", quantization: q(), data: Int8Array.from([1, 1]) });
    const t = b.tensor({ name: "t", shape: [1, 3], dtype: "int16", quantization: q(), data: Int16Array.from([1, 1, 1]) });
    const bias = b.tensor({ name: "b", shape: [1], dtype: "int32", quantization: q(), data: Int32Array.from([0]) });
    const s = b.tensor({ name: "s", shape: [1, 3], dtype: "int16", quantization: q(), variable: true });
    const y = b.tensor({ name: "y", shape: [1, 1], dtype: "int8", quantization: q() });
    b.op({ kind: "SVDF", inputs: [x, w, t, bias, s], outputs: [y], options: { rank: 1, activation: "NONE" } });
    return new Interpreter(b.build([x], [y]));
  }

  it("a variable tensor (an SVDF's state) carries from one run to the next, and resetState() starts it afresh", () => {
    const it = movingSum();
    const run = (a: number, c: number) => (it.run([Int8Array.from([a, c])])[0] as Int8Array)[0];
    // dot products 3, 10, -4, 5: sums of the last three are 3, 13, 9, 11
    assert.deepEqual([run(1, 2), run(4, 6), run(-1, -3), run(2, 3)], [3, 13, 9, 11]);
    it.resetState();
    assert.equal(run(2, 3), 5);
  });

  it("two interpreters of one graph keep separate states", () => {
    const [a, b] = [movingSum(), movingSum()];
    const rng = seedrandom("two states");
    for (let k = 0; k < 5; k++) a.run([Int8Array.from([Math.floor(rng() * 20), 1])]);
    assert.equal((b.run([Int8Array.from([1, 1])])[0] as Int8Array)[0], 2);
  });
});
