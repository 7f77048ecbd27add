import { strict as assert } from "node:assert";
import { findDevice } from "../../lib/hwsim/findDevice.js";
import { archLayers } from "../../lib/nas/archLayers.js";
import { evolutionarySearch, randomSearch } from "../../lib/nas/archSearch.js";
import { crossoverArch } from "../../lib/nas/crossoverArch.js";
import { mutateArch } from "../../lib/nas/mutateArch.js";
import { selectParents } from "../../lib/nas/selectParents.js";
import { ConstraintError, validateConstraints } from "../../lib/nas/constraints.js";
import type { KwsArch } from "../../lib/nas/kwsSearchSpace.js";
import { Interrupted, noteInterrupt } from "../../lib/viz/kernelInterrupts.js";

// A stand-in for an accuracy predictor: more capacity scores higher, with diminishing returns.
const capacity = (a: KwsArch) => Math.log(archLayers(a).reduce((n, l) => n + (l.kernel === "conv2d" || l.kernel === "depthwise_conv2d" ? l.g.outH * l.g.outW * l.g.outC * l.g.kH * l.g.kW * (l.kernel === "conv2d" ? l.g.inC : 1) : 0), 0));

const operators = { mutate: mutateArch, crossover: crossoverArch, selectParents };

describe("nas: searches under constraints on a named board", function () {
  this.timeout(120_000);
  const device = findDevice("nano33-ble");
  const constraints = { latencyMs: 200, peakSramBytes: 64 * 1024 };

  it("an unknown constraint key is an error naming the known ones (MIT's silently ignored millonMACs)", async () => {
    assert.throws(() => validateConstraints({ millonMACs: 5e6 }), (e: Error) => e instanceof ConstraintError && /unknown constraint "millonMACs"; the known keys are latencyMs, peakSramBytes, flashBytes, macs/.test(e.message));
    assert.throws(() => validateConstraints({ macs: -1 }), /constraint macs must be a positive number/);
    await assert.rejects(randomSearch({ device, constraints: { millonMACs: 5e6 } as never, score: capacity, evaluations: 5, seed: 1, label: false }), /unknown constraint "millonMACs"/);
  });

  it("constraints nothing meets: says how far the smallest network is from each", async () => {
    await assert.rejects(randomSearch({ device, constraints: { latencyMs: 0.01, macs: 1000 }, score: capacity, evaluations: 5, seed: 1, label: false }),
      /no network of the search space meets these constraints on .*: the smallest one is over by [\d.]+ \(latencyMs\), 51432 \(macs\)/);
  });

  it("random and evolutionary search: every result meets the constraints, seeded runs repeat, evolution does at least as well", async () => {
    const opts = { device, constraints, score: capacity, evaluations: 300, seed: 3, label: false as const, operators };
    const random = await randomSearch(opts);
    const again = await randomSearch(opts);
    assert.deepEqual(again.best, random.best);
    const evo = await evolutionarySearch(opts);
    for (const r of [random, evo]) {
      assert.equal(r.evaluated.length, 300);
      for (const c of r.evaluated) assert.ok(c.latencyMs <= 200 && c.peakSramBytes <= 64 * 1024, JSON.stringify(c));
      assert.ok(r.bestSoFar.every((v, i) => i === 0 || v >= r.bestSoFar[i - 1]));
    }
    assert.ok(evo.best.score >= random.best.score, `evolution ${evo.best.score} vs random ${random.best.score}`);
  });

  it("an interrupt stops a search within 16 evaluations", async () => {
    let n = 0;
    const score = (a: KwsArch) => { if (++n === 40) noteInterrupt(); return capacity(a); };
    await assert.rejects(evolutionarySearch({ device, constraints, score, evaluations: 10_000, seed: 1, label: false, operators }), Interrupted);
    assert.ok(n >= 40 && n < 40 + 16, `${n} evaluations`);
  });
});
