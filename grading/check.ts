import { existsSync, readFileSync } from "node:fs";
import { decodeValue, encodeValue } from "./codec.js";
import type { Encoded } from "./codec.js";
import { compareResult } from "./compareResult.js";
import { formatCall, formatValue } from "./formatCall.js";
import { predicateFor } from "./exerciseSpec.js";
import { LABS } from "./labs/labRegistry.js";
import type { PublicChecks } from "./releaseLab.js";
import { publicChecksPath } from "./releaseLab.js";

/**
 * In a notebook: `await check("convMacs", convMacs)` runs the exercise's public
 * checks on your function and prints each result, with the first difference
 * when one fails. A student's copy compares with the released expected
 * results (grading/public/); the instructor's computes them with the
 * reference. Grading does not use this: it runs its own, hidden, checks.
 */
export async function check(name: string, fn: (...args: never[]) => unknown): Promise<void> {
  const spec = Object.values(LABS).find((l) => l.exercises.some((e) => e.name === name));
  const ex = spec?.exercises.find((e) => e.name === name);
  if (spec === undefined || ex === undefined) {
    const all = Object.values(LABS).flatMap((l) => l.exercises.map((e) => e.name));
    console.log(`✘ no exercise called "${name}"; the exercises are: ${all.join(", ")}`);
    return;
  }
  if (typeof fn !== "function") {
    console.log(`✘ ${name}: pass your function as the second argument, e.g. await check("${name}", ${name})`);
    return;
  }
  const file = publicChecksPath(process.cwd(), spec.lab);
  const released = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as PublicChecks).exercises[name]?.cases : undefined;
  let passed = 0;
  for (let i = 0; i < ex.public.length; i++) {
    const args = released === undefined ? ex.public[i].args : (decodeValue(released[i].args as Encoded) as unknown[]);
    let expected: unknown = null;
    if (ex.rule.kind !== "predicate") {
      expected = released === undefined
        ? decodeValue(encodeValue((spec.reference[name] as (...a: unknown[]) => unknown)(...args)))
        : decodeValue(released[i].expected as Encoded);
    }
    // Public cases are small: show the call itself, so the student can reproduce it in a cell.
    const call = formatCall(name, args);
    let got: unknown;
    try {
      got = decodeValue(encodeValue(await (fn as (...a: unknown[]) => unknown)(...args)));
    } catch (e) {
      console.log(`✘ ${name} check ${i + 1}: ${call}\n    threw ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    const c = compareResult(expected, got, ex.rule, await predicateFor(ex, args, got));
    if (c.pass) passed++;
    else if (ex.rule.kind === "predicate") console.log(`✘ ${name} check ${i + 1}: ${call}\n    returned ${formatValue(got)}\n    ${c.message}`);
    else console.log(`✘ ${name} check ${i + 1}: ${call}\n    expected ${formatValue(expected)}\n    got      ${formatValue(got)}\n    ${c.message}`);
  }
  console.log(`${passed === ex.public.length ? "✔" : "✘"} ${name}: ${passed}/${ex.public.length} public checks passed${passed === ex.public.length ? " (hidden checks run when graded)" : ""}`);
}
