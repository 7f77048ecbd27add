// Run as a script: `node --import tsx grading/labs/lab04DesignAccuracy.ts '<KwsArch JSON>' '<DesignBudget JSON>'`
// prints {"why": null} when the architecture meets the budget, else {"why": "<what misses>"}:
// latency and peak SRAM on nano33-ble by lib/hwsim (SIMD kernels), then top-1 on
// synthetic-keywords' test clips with the shipped supernet's weights and batch norm
// recalibrated on the 128 train clips of the supernet's card. lab04Predicates runs it in a
// child process so that importing lab 04's spec (which `check` does in every notebook) does
// not pull hwsim, tfjs and the supernet into the kernel's type-check (seconds per notebook).
import { loadDataset } from "../../lib/data/loadDataset.js";
import { estimate } from "../../lib/hwsim/estimate.js";
import { findDevice } from "../../lib/hwsim/findDevice.js";
import { archLayers } from "../../lib/nas/archLayers.js";
import type { DesignBudget } from "../../lib/nas/chosenArch.js";
import type { KwsArch } from "../../lib/nas/kwsSearchSpace.js";
import { subnetAccuracy } from "../../lib/nas/subnetAccuracy.js";
import { loadSupernet } from "../../lib/nas/supernetFiles.js";
import { validateArch } from "../../lib/nas/validateArch.js";
import { tfReady } from "../../lib/tf/tf.js";

async function verdict(arch: KwsArch, budget: DesignBudget): Promise<string | null> {
  validateArch(arch);
  const r = estimate(archLayers(arch), findDevice("nano33-ble"));
  if (r.ms > budget.latencyMs) return `${r.ms.toFixed(1)} ms on nano33-ble, over the budget of ${budget.latencyMs} ms`;
  if (r.peakSramBytes > budget.peakSramBytes) return `${r.peakSramBytes} bytes of SRAM on nano33-ble, over the budget of ${budget.peakSramBytes}`;
  await tfReady();
  const { net } = loadSupernet();
  try {
    const calibration = loadDataset("synthetic-keywords", { split: "train", seed: 3, limit: 128 });
    const accuracy = subnetAccuracy(net, arch, calibration, loadDataset("synthetic-keywords", { split: "test" }));
    return accuracy >= budget.minAccuracy ? null : `${(100 * accuracy).toFixed(1)}% on the test clips, under the ${(100 * budget.minAccuracy).toFixed(1)}% asked`;
  } finally {
    net.dispose();
  }
}

const why = await verdict(JSON.parse(process.argv[2] ?? "null") as KwsArch, JSON.parse(process.argv[3] ?? "null") as DesignBudget);
process.stdout.write(JSON.stringify({ why }) + "\n");
