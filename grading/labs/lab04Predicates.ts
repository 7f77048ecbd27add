// The predicates of lab 04's design exercises. They run in the grader's process and in
// released notebooks, so they use lib machinery only (never a lab reference), and they
// load TensorFlow only when the design task is checked.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ArchError } from "../../lib/nas/ArchError.js";
import { projectRoot } from "../../lib/projectRoot.js";
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
 * supernet's card. The search never sees the test clips: lab 04 searches on val. Measured
 * by lab04DesignAccuracy.ts in a child process (see there for why).
 */
export function archMissesBudget(got: unknown, args: unknown[]): string | null {
  const [budget] = args as [DesignBudget];
  const arch = asArch(got);
  if (typeof arch === "string") return arch;
  const script = join(projectRoot(), "grading", "labs", "lab04DesignAccuracy.ts");
  const r = spawnSync(process.execPath, ["--import", "tsx", script, JSON.stringify(arch), JSON.stringify(budget)], { cwd: projectRoot(), encoding: "utf8", maxBuffer: 1 << 20 });
  const line = r.stdout.trim().split("\n").pop() ?? "";
  if (r.status !== 0 || !line.startsWith("{")) throw new Error(`measuring the design failed: ${(r.stderr || r.error?.message || `exit ${r.status}`).trim().split("\n").slice(-3).join(" ")}`);
  return (JSON.parse(line) as { why: string | null }).why;
}
