import { strict as assert } from "node:assert";
import { KernelClient } from "../../lib/notebook/KernelClient.js";
import { tslabKernelArgv } from "../../lib/notebook/tslabKernelArgv.js";
import { ROOT } from "../support/runCli.js";

// Every library call a lab makes that runs for seconds must reach the notebook while it runs (live progress,
// a responsive kernel): counted here as display messages that arrive before the cell's reply, in a real kernel.
const CALLS: Record<string, string> = {
  sensitivityScan: "const r1 = await sensitivityScan(model(), { sparsities: [0.3, 0.5, 0.7, 0.9], mask: magnitudeMask, evaluate: (m) => modelAccuracy(m, data) });",
  fineTune: 'const r2 = await fineTune(model(), data, { epochs: 3, label: "fine-tune" });',
  kmeansFineTune: 'const m3 = model();\nconst r3 = await kmeansFineTune(m3, data, clusterModel(m3, (_k, w) => kmeansQuantize(w, 2)), { epochs: 3 });',
  qatFineTune: "const r4 = await qatFineTune(model(), data, (_k, w) => w.map((v) => Math.round(v * 8) / 8), { epochs: 3 });",
  distill: "const r5 = await distill(model(), teacher, data, { epochs: 3, temperature: 4, alpha: 0.7 });",
  graphAccuracy: "const r6 = await graphAccuracy(int8, data.x, data.labels);",
};

describe("viz: long library calls show live progress in a kernel", function () {
  this.timeout(300_000);
  let kernel: KernelClient | null = null;
  after(async () => kernel?.shutdown());

  it(`${Object.keys(CALLS).join(", ")}: display updates arrive while each runs`, async () => {
    kernel = await KernelClient.start({ argv: tslabKernelArgv(), cwd: ROOT });
    const setup = await kernel.execute([
      'import { tfReady } from "./lib/tf/tf.js";',
      'import { dsCnn } from "./lib/models/dsCnn.js";',
      'import { loadDataset } from "./lib/data/loadDataset.js";',
      'import { magnitudeMask } from "./lib/compression/pruning/magnitudeMask.js";',
      'import { sensitivityScan } from "./lib/compression/pruning/sensitivityScan.js";',
      'import { fineTune } from "./lib/compression/shared/fineTune.js";',
      'import { modelAccuracy } from "./lib/compression/shared/modelAccuracy.js";',
      'import { clusterModel } from "./lib/compression/quantization/clusterModel.js";',
      'import { kmeansQuantize } from "./lib/compression/quantization/kmeansQuantize.js";',
      'import { kmeansFineTune } from "./lib/compression/quantization/kmeansFineTune.js";',
      'import { qatFineTune } from "./lib/compression/quantization/qatFineTune.js";',
      'import { distill } from "./lib/compression/distillation/distill.js";',
      'import { convertModel } from "./lib/deploy/convert/convertModel.js";',
      'import { graphAccuracy } from "./lib/deploy/convert/graphAccuracy.js";',
      "await tfReady();",
      'const d = loadDataset("synthetic-keywords", { split: "train", limit: 320, seed: 1 });',
      "const data = { x: d.x, shape: [d.labels.length, 49, 10, 1], labels: Int32Array.from(d.labels) };",
      "const model = () => dsCnn({ filters: 24, seed: 1 });",
      "const teacher = dsCnn({ filters: 32, seed: 2 });",
      "const int8 = convertModel(model(), { calibration: [d.x.slice(0, 490)] }).int8;",
    ].join("\n"), { timeoutMs: 120_000, onIopub: () => undefined });
    assert.equal(setup.status, "ok");
    const counts: Record<string, number> = {};
    for (const [name, code] of Object.entries(CALLS)) {
      let displays = 0;
      const k: KernelClient = kernel;
      const outcome: { status: string } = await k.execute(code, {
        timeoutMs: 120_000,
        onIopub: (m: { header: { msg_type: string } }) => {
          if (m.header.msg_type === "display_data" || m.header.msg_type === "update_display_data") displays++;
        },
      });
      assert.equal(outcome.status, "ok", name);
      counts[name] = displays;
    }
    for (const [name, n] of Object.entries(counts)) assert.ok(n >= 3, `${name}: ${n} display messages while it ran (${JSON.stringify(counts)})`);
  });
});
