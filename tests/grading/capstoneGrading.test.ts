import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gradeCapstoneClass, gradeCapstoneFile } from "../../grading/capstone/gradeCapstoneClass.js";
import { gradeCapstoneModel } from "../../grading/capstone/gradeCapstoneModel.js";
import { leaderboardHtml } from "../../grading/capstone/leaderboardHtml.js";
import type { GradescopeResults } from "../../grading/gradescopeResults.js";
import { hiddenClips } from "../../grading/hidden/capstone/hiddenClips.js";
import { CAPSTONE } from "../../grading/labs/capstone.js";
import type { Dataset } from "../../lib/data/loadDataset.js";
import { loadDataset } from "../../lib/data/loadDataset.js";
import { convertModel } from "../../lib/deploy/convert/convertModel.js";
import { layersToFloatGraph } from "../../lib/deploy/convert/layersToFloatGraph.js";
import { ARM_TOOLCHAIN_INSTALL } from "../../lib/deploy/deployTargets.js";
import { missingToolchain } from "../../lib/deploy/runProject.js";
import { estimate } from "../../lib/hwsim/estimate.js";
import { findDevice } from "../../lib/hwsim/findDevice.js";
import { writeTflite } from "../../lib/ir/tflite/writeTflite.js";
import { dsCnn } from "../../lib/models/dsCnn.js";
import { loadPretrained } from "../../lib/models/pretrainedModels.js";
import { tf, tfReady } from "../../lib/tf/tf.js";
import { modelWithOpcode, UNSUPPORTED_OPERATOR } from "../support/modelWithOpcode.js";
import { CHROMIUM, screenshotPath, withOfflinePage } from "../support/offlinePage.js";
import { requireTool } from "../support/requireTool.js";
import { ROOT } from "../support/runCli.js";

const MASTER = join(ROOT, "grading", "hidden", "capstone", "master.tflite");

/** n hidden clips spread over the set (it is stored class by class): the refusal cases need the code path, not the full set's time. */
function someClips(d: Dataset, n: number): Dataset {
  const per = d.x.length / d.labels.length;
  const step = Math.floor(d.labels.length / n);
  const x = new Float32Array(n * per);
  for (let i = 0; i < n; i++) x.set(d.x.subarray(i * step * per, (i * step + 1) * per), i * per);
  return { ...d, x, labels: Int32Array.from({ length: n }, (_, i) => d.labels[i * step]), shape: [n, ...d.shape.slice(1)] };
}

describe("grading: the capstone (lab 06)", function () {
  this.timeout(600_000);
  let hidden: Dataset;
  let calibration: Float32Array[];
  before(async () => {
    await tfReady();
    hidden = hiddenClips();
    const train = loadDataset("synthetic-keywords", { split: "train", limit: 16 });
    calibration = Array.from({ length: 16 }, (_, i) => train.x.slice(i * 490, (i + 1) * 490));
  });

  it("the hidden clips: 1,440, 120 per class, none from a released speaker (their card says how they differ)", () => {
    assert.equal(hidden.labels.length, 1440);
    for (let c = 0; c < 12; c++) assert.equal(hidden.labels.filter((l) => l === c).length, 120);
    const card = readFileSync(join(ROOT, "grading", "hidden", "capstone", "clips", "CARD.md"), "utf8");
    assert.match(card, /none of them in a released split/);
    assert.match(card, /How it differs from the released splits/);
    // The released test split and the hidden clips share no sample.
    const test = loadDataset("synthetic-keywords", { split: "test" });
    const key = (d: Dataset, i: number) => d.x.subarray(i * 490, (i + 1) * 490).join();
    const released = new Set(Array.from({ length: test.labels.length }, (_, i) => key(test, i)));
    assert.equal(Array.from({ length: 1440 }, (_, i) => key(hidden, i)).filter((k) => released.has(k)).length, 0);
  });

  it("the master's model scores full marks: fits both tracks, at least 90% on the hidden clips, measured on QEMU", async function () {
    if (!requireTool(this, missingToolchain("m4") === null, "the Arm toolchain and QEMU", ARM_TOOLCHAIN_INSTALL)) return;
    const g = await gradeCapstoneModel(new Uint8Array(readFileSync(MASTER)), { spec: CAPSTONE, hidden });
    const auto = g.tests.filter((t) => t.status !== undefined);
    assert.deepEqual(auto.filter((t) => t.score !== t.max_score).map((t) => `${t.name}: ${t.output}`), []);
    assert.ok(g.accuracy !== null && g.accuracy >= 0.9, `hidden accuracy ${g.accuracy}`);
    // QEMU is the oracle for the instruction count: hwsim within its documented 3%, the arena byte for byte, outputs bit for bit.
    const [q] = g.qemu;
    assert.equal(q.machine, "mps2-an386");
    assert.ok(Math.abs(q.predictedInstructions / q.measuredInstructions - 1) <= CAPSTONE.simulatorTolerance, JSON.stringify(q));
    assert.equal(q.arenaBytes, q.predictedArenaBytes);
    assert.equal(q.bitExact, q.samples);
    assert.ok(Math.abs(g.tracks[0].latencyMs - g.tracks[0].predictedMs * q.measuredInstructions / q.predictedInstructions) < 1e-9);
    assert.deepEqual(g.leaderboard.map((e) => e.name), ["Accuracy (%)", "Latency on nano33-ble (ms)", "Peak SRAM (KB)", "Flash (KB)"]);
  });

  it("the labs' DS-CNN as it is misses Track B, and the feedback gives the numbers", async () => {
    const { int8 } = convertModel((await loadPretrained("ds-cnn-kws")).model, { calibration });
    const g = await gradeCapstoneModel(writeTflite(int8), { spec: CAPSTONE, hidden, qemu: false });
    const b = estimate(int8, findDevice("rp2040-pico"), { kernels: "reference" });
    assert.ok(b.ms > 200);
    const trackB = g.tests.find((t) => t.name.startsWith("Track B"));
    assert.equal(trackB?.score, 0);
    assert.equal(trackB?.output.split(" (")[0], `over budget: latency ${b.ms.toFixed(1)} ms, ${(b.ms - 200).toFixed(1)} ms over the budget of 200 ms`);
    // Accurate but over both budgets: the tiers wait for a fit, and say so.
    assert.match(g.tests.find((t) => t.name.includes("85%"))?.output ?? "", /these points count once the model fits a track's budget/);
    assert.equal(g.tests.reduce((a, t) => a + t.score, 0), 0);
  });

  it("refuses broken and hostile submissions one by one, each with a clear message and a score; the batch finishes", async function () {
    if (!requireTool(this, missingToolchain("m4") === null, "the Arm toolchain and QEMU", ARM_TOOLCHAIN_INSTALL)) return;
    const dir = mkdtempSync(join(tmpdir(), "tinyml-capstone-"));
    const subs = join(dir, "subs");
    mkdirSync(subs);
    writeFileSync(join(subs, "float32.tflite"), writeTflite(layersToFloatGraph(dsCnn({ filters: 8 }))));
    const small = dsCnn({ filters: 8, inputShape: [28, 28] });
    const square = Array.from({ length: 4 }, (_, i) => new Float32Array(784).map((_, j) => Math.sin(i + j)));
    writeFileSync(join(subs, "wrong-shape.tflite"), writeTflite(convertModel(small, { calibration: square }).int8));
    writeFileSync(join(subs, "unsupported-op.tflite"), modelWithOpcode(UNSUPPORTED_OPERATOR.code));
    writeFileSync(join(subs, "garbage.tflite"), new Uint8Array(4096).map((_, i) => (i * 7919) % 251));
    // 4.5 MB of int8 weights: more flash than QEMU's MPS2 board (4 MiB) has.
    const huge = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [49, 10, 1] }), tf.layers.dense({ units: 9200, activation: "relu" }), tf.layers.dense({ units: 12, activation: "softmax" })] });
    writeFileSync(join(subs, "huge.tflite"), writeTflite(convertModel(huge, { calibration }).int8));
    // Cheap in MACs but 1.5 MB of activations: it fits no track and is over the grader's arena limit, so the hidden clips are not run.
    const wide = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [49, 10, 1], filters: 3000, kernelSize: 1, activation: "relu" }), tf.layers.globalAveragePooling2d({}), tf.layers.dense({ units: 12, activation: "softmax" })] });
    writeFileSync(join(subs, "wide.tflite"), writeTflite(convertModel(wide, { calibration }).int8));
    mkdirSync(join(subs, "no-model"));
    // A folder submission: its notebook's design report goes to the grader, whatever the model.
    mkdirSync(join(subs, "with-report"));
    writeFileSync(join(subs, "with-report", "capstone.tflite"), new Uint8Array(64));
    writeFileSync(join(subs, "with-report", "06-capstone.ipynb"), readFileSync(join(ROOT, CAPSTONE.master)));
    const out = join(dir, "grades");
    const summary = await gradeCapstoneClass(CAPSTONE, someClips(hidden, 16), [subs], { out, force: false });
    assert.deepEqual(summary.graded.sort(), ["float32", "garbage", "huge", "no-model", "unsupported-op", "wide", "with-report", "wrong-shape"]);
    const read = (id: string) => JSON.parse(readFileSync(join(out, id, "results.json"), "utf8")) as GradescopeResults;
    const expect: Record<string, RegExp> = {
      "float32": /input is float32 and its output float32; the capstone takes int8 models/,
      "wrong-shape": /the input shape is \[1, 28, 28, 1\]; the capstone's input is \[1, 49, 10, 1\]/,
      "unsupported-op": new RegExp(`could not be read: .*${UNSUPPORTED_OPERATOR.name}`),
      "garbage": /could not be read/,
      "no-model": /no capstone\.tflite in the submission/,
    };
    for (const [id, re] of Object.entries(expect)) {
      const r = read(id);
      assert.equal(r.score, 0, id);
      assert.equal(r.max_score, 20, id);
      assert.match(r.output, re, id);
      assert.ok(r.tests.filter((t) => t.status !== undefined).every((t) => re.test(t.output)), id);
      assert.equal(r.leaderboard, undefined, id);
    }
    const report = read("with-report").tests.find((t) => t.name === "design report");
    assert.match(report?.output ?? "", /^pending manual grading\. Answer:\nBoth tracks, aimed at Track B/);
    assert.match(read("garbage").tests.find((t) => t.name === "design report")?.output ?? "", /^graded by hand$/);
    const w = read("wide");
    assert.match(w.output, /not run on the hidden clips: it fits no track, and [\d,]+ MACs and [\d,]+ bytes of arena per inference are over the grader's limits/);
    assert.equal(w.leaderboard?.[0].value, 0);
    const h = read("huge");
    assert.match(h.output, /Track A: not measured on QEMU: the model needs .* and the emulated mps2-an386 has 4,194,304 and 4,194,304; hwsim's figures are used/);
    assert.match(h.tests[0].output, /over budget: .*flash [\d,]+ bytes, [\d,]+ over the budget of 262,144/);
    assert.equal(h.score, 0);
    assert.ok(h.leaderboard !== undefined);
    // Resumable: a second run grades nothing again.
    const again = await gradeCapstoneClass(CAPSTONE, someClips(hidden, 16), [subs], { out, force: false });
    assert.deepEqual(again.graded, []);
    assert.ok(existsSync(join(out, "leaderboard.html")) && existsSync(join(out, "gradebook.csv")));
    assert.equal(readFileSync(join(out, "gradebook.csv"), "utf8").trim().split("\n").length, 9);
  });

  it("the leaderboard page opens in Chromium with no network request: a sortable table and accuracy against latency", async function () {
    if (!requireTool(this, existsSync(CHROMIUM), "Debian's Chromium", "sudo apt-get install chromium")) return;
    const few = someClips(hidden, 48);
    const { int8 } = convertModel((await loadPretrained("ds-cnn-kws")).model, { calibration });
    const baseline = join(mkdtempSync(join(tmpdir(), "tinyml-board-")), "baseline.tflite");
    writeFileSync(baseline, writeTflite(int8));
    const all = [
      { id: "master", r: (await gradeCapstoneFile(MASTER, CAPSTONE, few, false)).results },
      { id: "baseline", r: (await gradeCapstoneFile(baseline, CAPSTONE, few, false)).results },
      { id: "empty", r: (await gradeCapstoneFile(null, CAPSTONE, few, false)).results },
    ];
    const file = join(mkdtempSync(join(tmpdir(), "tinyml-board-")), "leaderboard.html");
    writeFileSync(file, leaderboardHtml(CAPSTONE, all));
    await withOfflinePage(file, { width: 1100, height: 1000 }, async (page, requests) => {
      await page.waitForFunction(() => document.querySelectorAll(".js-plotly-plot .main-svg").length >= 1, undefined, { timeout: 30_000 });
      // Two models have figures; the empty submission is in the table only.
      assert.equal(await page.locator(".js-plotly-plot .scatterlayer .trace").first().locator(".point").count(), 2);
      const firstColumn = () => page.locator("#board tbody tr td:first-child").allTextContents();
      assert.deepEqual(await firstColumn(), ["master", "baseline", "empty"]);
      // Sort by latency: one click ascending (no figures sorts lowest), the next descending.
      const latency = page.locator("#board th", { hasText: "Latency" });
      await latency.click();
      assert.deepEqual(await firstColumn(), ["empty", "master", "baseline"]);
      await latency.click();
      assert.deepEqual(await firstColumn(), ["baseline", "master", "empty"]);
      assert.deepEqual(requests, [], "the page must not fetch anything from the network");
      await page.screenshot({ path: screenshotPath("capstone-leaderboard.png"), fullPage: true });
    });
  });
});
