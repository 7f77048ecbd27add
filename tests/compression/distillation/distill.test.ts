import { strict as assert } from "node:assert";
import { distill } from "../../../lib/compression/distillation/distill.js";
import { prunableKernels } from "../../../lib/compression/shared/prunableKernels.js";
import { loadDataset } from "../../../lib/data/loadDataset.js";
import { dsCnn } from "../../../lib/models/dsCnn.js";
import { tfReady } from "../../../lib/tf/tf.js";

const data = () => loadDataset("synthetic-keywords", { split: "train", limit: 96, seed: 3 });
const weightsOf = (m: ReturnType<typeof dsCnn>) => prunableKernels(m).map((k) => k.read());

describe("compression: distill", function () {
  this.timeout(120_000);
  before(async () => { await tfReady(); });

  it("trains the student (loss falls), never the teacher, and is seeded", async () => {
    const teacher = dsCnn({ seed: 1, filters: 8 });
    const before = weightsOf(teacher);
    const run = async () => {
      const student = dsCnn({ seed: 2, channels: [4, 8, 8, 4, 8] });
      const { epochLoss } = await distill(student, teacher, data(), { epochs: 3, temperature: 4, alpha: 0.7, seed: 5, label: false });
      return { epochLoss, weights: weightsOf(student) };
    };
    const a = await run();
    assert.ok(a.epochLoss[2] < a.epochLoss[0], `loss ${a.epochLoss.join(" -> ")}`);
    assert.deepEqual(weightsOf(teacher), before);
    const b = await run();
    assert.deepEqual(b.epochLoss, a.epochLoss);
    assert.deepEqual(b.weights, a.weights);
  });

  it("with a hint, the student's own layers train and it keeps one output; bad input is refused by name", async () => {
    const teacher = dsCnn({ seed: 1, filters: 8 });
    const student = dsCnn({ seed: 2, filters: 4 });
    const before = weightsOf(student);
    const { epochLoss } = await distill(student, teacher, data(), { epochs: 1, temperature: 2, alpha: 0.5, seed: 1, label: false, hint: { student: "pw2_relu", teacher: "pw2_relu", weight: 0.5 } });
    assert.ok(Number.isFinite(epochLoss[0]));
    assert.equal(student.outputs.length, 1);
    weightsOf(student).forEach((w, i) => assert.notDeepEqual(w, before[i]));
    await assert.rejects(distill(student, dsCnn({ seed: 1, filters: 4, classes: 5 }), data(), { epochs: 1, temperature: 2, alpha: 0.5, label: false }), /the teacher has 5 classes, the student 12/);
    await assert.rejects(distill(student, teacher, data(), { epochs: 1, temperature: 0, alpha: 0.5, label: false }), /temperature must be > 0, got 0/);
  });
});
