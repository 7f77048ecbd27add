// The predicates of lab 04's design exercises. They run in the grader's process and in
// released notebooks, so they use lib machinery only (never a lab reference), and they
// load TensorFlow only when the design task is checked.
import { ArchError } from "../../lib/nas/ArchError.js";
import type { DesignBudget } from "../../lib/nas/chosenArch.js";
import type { KwsArch } from "../../lib/nas/kwsSearchSpace.js";
import { validateArch } from "../../lib/nas/validateArch.js";

/** An architecture's 30 fields in a fixed order: stemStride, width, 4 depths, 12 kernels, 12 expand ratios. */
export function archFields(a: KwsArch): number[] {
  return [a.stemStride, a.width, ...a.depths, ...a.kernels, ...a.expands];
}

/** `got` validated, or the reason it is not a valid architecture. */
function asArch(got: unknown): KwsArch | string {
  try {
    return validateArch(got);
  } catch (e) {
    return e instanceof ArchError ? `not a valid architecture: ${e.problems.join("; ")}` : String(e);
  }
}

/** Why `got` is not an acceptable mutateArch(parent, prob, seed), or null. */
export function mutationMisses(got: unknown, args: unknown[]): string | null {
  const [parent, prob] = args as [KwsArch, number];
  const child = asArch(got);
  if (typeof child === "string") return child;
  const a = archFields(parent), b = archFields(child);
  const changed = a.filter((v, i) => v !== b[i]).length;
  if (prob === 0) return changed === 0 ? null : `prob 0 must copy the parent, but ${changed} fields differ`;
  // A redraw keeps the old value by chance (1 in 2 to 1 in 4), so about 2/3 of the redrawn fields change.
  const expected = prob * a.length * 0.68;
  if (prob === 1 && changed < 12) return `with prob 1 every field is redrawn, so about ${Math.round(expected)} of 30 should change; ${changed} did`;
  const most = Math.ceil(expected + 4 * Math.sqrt(expected) + 2);
  if (prob < 1 && changed > most) return `with prob ${prob} about ${Math.round(expected)} of 30 fields should change; ${changed} did`;
  return null;
}

/** Why `got` is not an acceptable crossoverArch(a, b, seed), or null. */
export function crossoverMisses(got: unknown, args: unknown[]): string | null {
  const [pa, pb] = args as [KwsArch, KwsArch];
  const child = asArch(got);
  if (typeof child === "string") return child;
  const a = archFields(pa), b = archFields(pb), c = archFields(child);
  const names = ["stemStride", "width", ...[0, 1, 2, 3].map((i) => `depths[${i}]`), ...a.slice(0, 12).map((_, i) => `kernels[${i}]`), ...a.slice(0, 12).map((_, i) => `expands[${i}]`)];
  const foreign = c.findIndex((v, i) => v !== a[i] && v !== b[i]);
  if (foreign >= 0) return `${names[foreign]} is ${c[foreign]}, from neither parent (${a[foreign]}, ${b[foreign]})`;
  const differ = a.map((_, i) => i).filter((i) => a[i] !== b[i]);
  const fromA = differ.filter((i) => c[i] === a[i]).length;
  // With 20 or more differing fields, a fair coin per field takes all from one parent about once in a million.
  if (differ.length >= 20 && (fromA === 0 || fromA === differ.length)) return `the parents differ in ${differ.length} fields and all of them come from parent ${fromA === 0 ? "b" : "a"}: the child is a copy`;
  return null;
}

/**
 * Why `got` misses the design budget on nano33-ble, or null: latency and peak SRAM by
 * lib/hwsim (SIMD kernels), then top-1 on synthetic-keywords' test clips with the shipped
 * supernet's weights and batch norm recalibrated on the same 128 train clips as the
 * supernet's card. The search never sees the test clips: lab 04 searches on val.
 */
export async function archMissesBudget(got: unknown, args: unknown[]): Promise<string | null> {
  const [budget] = args as [DesignBudget];
  const arch = asArch(got);
  if (typeof arch === "string") return arch;
  const { estimate } = await import("../../lib/hwsim/estimate.js");
  const { findDevice } = await import("../../lib/hwsim/findDevice.js");
  const { archLayers } = await import("../../lib/nas/archLayers.js");
  const r = estimate(archLayers(arch), findDevice("nano33-ble"));
  if (r.ms > budget.latencyMs) return `${r.ms.toFixed(1)} ms on nano33-ble, over the budget of ${budget.latencyMs} ms`;
  if (r.peakSramBytes > budget.peakSramBytes) return `${r.peakSramBytes} bytes of SRAM on nano33-ble, over the budget of ${budget.peakSramBytes}`;
  const { tfReady } = await import("../../lib/tf/tf.js");
  const { loadDataset } = await import("../../lib/data/loadDataset.js");
  const { loadSupernet } = await import("../../lib/nas/supernetFiles.js");
  const { subnetAccuracy } = await import("../../lib/nas/subnetAccuracy.js");
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
