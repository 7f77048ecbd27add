import { strict as assert } from "node:assert";
import fc from "fast-check";
import { crossEntropyFromLogits } from "../../../lib/compression/distillation/crossEntropyFromLogits.js";
import { distillationLoss } from "../../../lib/compression/distillation/distillationLoss.js";
import { distillationLossTf } from "../../../lib/compression/distillation/distillationLossTf.js";
import { hintLoss } from "../../../lib/compression/distillation/hintLoss.js";
import { kdGradient } from "../../../lib/compression/distillation/kdGradient.js";
import { klDivergence } from "../../../lib/compression/distillation/klDivergence.js";
import { softmaxWithTemperature } from "../../../lib/compression/distillation/softmaxWithTemperature.js";
import { studentChannels } from "../../../lib/compression/distillation/studentChannels.js";
import { topOneAgreement } from "../../../lib/compression/distillation/topOneAgreement.js";
import { dsCnnMacs } from "../../../lib/compression/pruning/dsCnnMacs.js";
import { tf, tfReady } from "../../../lib/tf/tf.js";

const f32 = (...v: number[]) => Float32Array.from(v);
const close = (a: number, b: number, tol: number, what = "") => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b}`);
/** A batch of logits and labels: rows in [1, 6], classes in [2, 7], logits in [-8, 8]. */
const batch = fc.record({ rows: fc.integer({ min: 1, max: 6 }), classes: fc.integer({ min: 2, max: 7 }) }).chain(({ rows, classes }) => fc.record({
  rows: fc.constant(rows), classes: fc.constant(classes),
  s: fc.array(fc.double({ min: -8, max: 8, noNaN: true }), { minLength: rows * classes, maxLength: rows * classes }).map((a) => Float32Array.from(a)),
  t: fc.array(fc.double({ min: -8, max: 8, noNaN: true }), { minLength: rows * classes, maxLength: rows * classes }).map((a) => Float32Array.from(a)),
  labels: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: rows, maxLength: rows }).map((a) => Int32Array.from(a)),
  temperature: fc.double({ min: 0.5, max: 10, noNaN: true }), alpha: fc.double({ min: 0, max: 1, noNaN: true }),
}));

describe("compression: distillation arithmetic", () => {
  before(async () => { await tfReady(); });

  it("softmaxWithTemperature: hand cases, softer with T, stable for huge logits", () => {
    const p = softmaxWithTemperature(f32(0, Math.log(2)), 2, 1);
    close(p[0], 1 / 3, 1e-7); close(p[1], 2 / 3, 1e-7);
    // T = 2 halves the log-ratio: 1 : sqrt(2).
    const q = softmaxWithTemperature(f32(0, Math.log(2)), 2, 2);
    close(q[1] / q[0], Math.SQRT2, 1e-6);
    assert.deepEqual(softmaxWithTemperature(f32(1000, 0, 1000, 1000), 2, 1), f32(1, 0, 0.5, 0.5));
    assert.throws(() => softmaxWithTemperature(f32(1, 2), 2, 0), /temperature must be > 0, got 0/);
    assert.throws(() => softmaxWithTemperature(f32(1, 2, 3), 2, 1), /3 logits do not split into rows of 2/);
  });

  it("crossEntropyFromLogits and klDivergence: hand cases", () => {
    close(crossEntropyFromLogits(f32(0, 0), Int32Array.of(0), 2), Math.LN2, 1e-12);
    close(crossEntropyFromLogits(f32(0, Math.log(3), 5, 5), Int32Array.of(1, 0), 2), (Math.log(4 / 3) + Math.LN2) / 2, 1e-6);
    close(klDivergence(f32(0.5, 0.5), f32(0.25, 0.75), 2), 0.5 * Math.log(2) + 0.5 * Math.log(2 / 3), 1e-7);
    // A zero in p contributes nothing, even against a zero in q.
    close(klDivergence(f32(0, 1), f32(0, 1), 2), 0, 0);
    assert.throws(() => klDivergence(f32(1), f32(0.5, 0.5), 2), /p \(1\) and q \(2\) are not \[rows, 2\] alike/);
  });

  it("distillationLoss: hand case, and its limits (alpha 0 is cross-entropy; a student equal to its teacher has no soft term)", () => {
    const s = f32(0, Math.log(3)), t = f32(Math.log(3), 0), labels = Int32Array.of(1);
    // T = 1, alpha = 0.5: soft KL between (3/4, 1/4) and (1/4, 3/4) is ln 3 / 2; hard CE is ln(4/3).
    close(distillationLoss(s, t, labels, 2, { temperature: 1, alpha: 0.5 }), 0.5 * (Math.log(3) / 2) + 0.5 * Math.log(4 / 3), 1e-6);
    // T = 2 softens to (sqrt3, 1) weights; the soft term is multiplied by T^2 = 4.
    const a = Math.sqrt(3) / (1 + Math.sqrt(3)), b = 1 - a;
    close(distillationLoss(s, t, labels, 2, { temperature: 2, alpha: 1 }), 4 * (a * Math.log(a / b) + b * Math.log(b / a)), 1e-6);
    close(distillationLoss(s, t, labels, 2, { temperature: 3, alpha: 0 }), crossEntropyFromLogits(s, labels, 2), 1e-12);
    close(distillationLoss(s, s, labels, 2, { temperature: 4, alpha: 1 }), 0, 1e-7);
  });

  it("property: distillationLoss agrees with the TensorFlow.js loss that distill trains with", () => {
    fc.assert(fc.property(batch, (c) => {
      const want = tf.tidy(() => {
        const oneHot = tf.oneHot(tf.tensor1d(c.labels, "int32"), c.classes).toFloat();
        return distillationLossTf(tf.tensor2d(c.s, [c.rows, c.classes]), tf.tensor2d(c.t, [c.rows, c.classes]), oneHot, c.temperature, c.alpha).dataSync()[0];
      });
      const got = distillationLoss(c.s, c.t, c.labels, c.classes, { temperature: c.temperature, alpha: c.alpha });
      close(got, want, 2e-4 * Math.max(1, Math.abs(want)), "loss");
    }), { seed: 3, numRuns: 150 });
  });

  it("property: kdGradient equals TensorFlow.js's autodiff of the loss and central differences of distillationLoss", () => {
    fc.assert(fc.property(batch, (c) => {
      const g = kdGradient(c.s, c.t, c.labels, c.classes, { temperature: c.temperature, alpha: c.alpha });
      const auto = tf.tidy(() => {
        const oneHot = tf.oneHot(tf.tensor1d(c.labels, "int32"), c.classes).toFloat();
        const teacher = tf.tensor2d(c.t, [c.rows, c.classes]);
        return tf.grad((z: tf.Tensor) => distillationLossTf(z, teacher, oneHot, c.temperature, c.alpha))(tf.tensor2d(c.s, [c.rows, c.classes])).dataSync();
      });
      g.forEach((v, i) => close(v, auto[i], 2e-4, `autodiff [${i}]`));
      // Central differences in float64 logits through the float32 softmax: truncation ~h^2, rounding ~1e-7 / h.
      const h = 1e-2;
      for (let i = 0; i < c.s.length; i += Math.max(1, Math.floor(c.s.length / 4))) {
        const up = Float32Array.from(c.s), down = Float32Array.from(c.s);
        up[i] += h; down[i] -= h;
        const opts = { temperature: c.temperature, alpha: c.alpha };
        const fd = (distillationLoss(up, c.t, c.labels, c.classes, opts) - distillationLoss(down, c.t, c.labels, c.classes, opts)) / (up[i] - down[i]);
        close(g[i], fd, 2e-3, `finite difference [${i}]`);
      }
    }), { seed: 4, numRuns: 80 });
  });

  it("hintLoss and topOneAgreement: hand cases", () => {
    // S = [1, 2] through W = [[1], [1]] gives 3; the teacher says 4.
    assert.equal(hintLoss(f32(1, 2), f32(4), f32(1, 1), 2), 1);
    // Two rows, 1 -> 2 wide: (2 - 1)^2, (-2 - 0)^2, (3 - 3)^2, (-3 - 0)^2 over 4.
    assert.equal(hintLoss(f32(1, 1.5), f32(1, 0, 3, 0), f32(2, -2), 1), (1 + 4 + 0 + 9) / 4);
    assert.throws(() => hintLoss(f32(1, 2, 3), f32(1), f32(1, 1), 2), /do not fit a width of 2/);
    // Row 2 ties (0.5, 0.5) go to class 0 on both sides; row 3 disagrees.
    assert.equal(topOneAgreement(f32(0.9, 0.1, 0.5, 0.5, 0.2, 0.8), f32(3, 1, 1, 1, 5, 4), 2), 2 / 3);
    assert.equal(topOneAgreement(new Float32Array(0), new Float32Array(0), 3), 0);
  });

  it("studentChannels: the widest uniform student that fits, else any plan that fits; never over budget", () => {
    assert.deepEqual(studentChannels({ maxMacs: 450_000, maxWeights: 6000 }), [20, 20, 20, 20, 20]);
    const odd = studentChannels({ maxMacs: 270_000, maxWeights: 6000 });
    assert.ok(dsCnnMacs(odd, 12) <= 270_000 && dsCnnMacs(odd, 12) >= 0.7 * 270_000, odd.join(","));
    assert.throws(() => studentChannels({ maxMacs: 1000, maxWeights: 100 }), /no DS-CNN student of multiples of 4 fits 1000 MACs/);
    fc.assert(fc.property(fc.integer({ min: 200_000, max: 2_700_000 }), fc.integer({ min: 3000, max: 25_000 }), (maxMacs, maxWeights) => {
      let plan: number[];
      try { plan = studentChannels({ maxMacs, maxWeights }); } catch { return; }
      assert.equal(plan.length, 5);
      assert.ok(plan.every((c) => c % 4 === 0 && c >= 4 && c <= 64));
      const macs = dsCnnMacs(plan, 12);
      assert.ok(macs <= maxMacs && macs >= 0.7 * maxMacs);
      assert.ok(40 * plan[0] + plan.slice(1).reduce((a, x, i) => a + 9 * plan[i] + plan[i] * x, 0) + 12 * plan[4] <= maxWeights);
    }), { seed: 6, numRuns: 60 });
  });
});
