import type { Rule } from "./exerciseSpec.js";

export interface Comparison {
  pass: boolean;
  /** Why it failed: the first difference, expected against got. */
  message: string;
}

const show = (v: unknown): string => {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toPrecision(7);
  const s = JSON.stringify(v, (_, x: unknown) => (ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>) : x));
  return s === undefined ? String(v) : s.length > 120 ? `${s.slice(0, 117)}...` : s;
};

function isList(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/** First difference between `expected` and `got` under `rule`, walking arrays and objects; null when equal. */
function firstDifference(expected: unknown, got: unknown, rule: Rule, path: string): string | null {
  if (typeof expected === "number" && typeof got === "number") {
    if (rule.kind === "close") {
      if (Number.isNaN(expected) && Number.isNaN(got)) return null;
      return Math.abs(got - expected) <= rule.atol + rule.rtol * Math.abs(expected) ? null
        : `${path}: expected ${show(expected)}, got ${show(got)} (tolerance atol ${rule.atol} + rtol ${rule.rtol})`;
    }
    return Object.is(expected, got) || expected === got ? null : `${path}: expected ${show(expected)}, got ${show(got)}`;
  }
  if (isList(expected)) {
    if (!isList(got)) return `${path}: expected an array of ${expected.length}, got ${show(got)}`;
    if (got.length !== expected.length) return `${path}: expected ${expected.length} elements, got ${got.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(expected[i], got[i], rule, `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (expected !== null && typeof expected === "object") {
    if (got === null || typeof got !== "object") return `${path}: expected an object, got ${show(got)}`;
    for (const k of Object.keys(expected)) {
      const d = firstDifference((expected as Record<string, unknown>)[k], (got as Record<string, unknown>)[k], rule, `${path}.${k}`);
      if (d !== null) return d;
    }
    return null;
  }
  return expected === got ? null : `${path}: expected ${show(expected)}, got ${show(got)}`;
}

/**
 * Compares a student's result with the reference's: exactly, within
 * tolerances, or (predicate rules) by `predicate` alone, which says why a
 * result misses the goal or returns null. A predicate that throws fails the
 * result with its message, so a malformed answer cannot crash the grader.
 */
export function compareResult(expected: unknown, got: unknown, rule: Rule, predicate?: (got: unknown) => string | null): Comparison {
  if (rule.kind === "predicate") {
    let why: string | null;
    try {
      why = predicate === undefined ? "no predicate is defined for this exercise" : predicate(got);
    } catch (e) {
      why = `the result could not be checked (${e instanceof Error ? e.message : String(e)})`;
    }
    return { pass: why === null, message: why === null ? "" : `the result ${show(got)} does not meet "${rule.description}": ${why}` };
  }
  const d = firstDifference(expected, got, rule, "result");
  if (d === null) return { pass: true, message: "" };
  // A difference inside an array or object: say where it first appears.
  return { pass: false, message: d.startsWith("result:") ? d : `first mismatch at ${d}` };
}
