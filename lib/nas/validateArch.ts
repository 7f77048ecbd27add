import { ArchError } from "./ArchError.js";
import { CHOICES, MAX_DEPTH, STAGES, type KwsArch } from "./kwsSearchSpace.js";

const FIELDS = ["stemStride", "width", "depths", "kernels", "expands"] as const;

/**
 * Checks that `value` (parsed JSON, say) is an architecture of the search space and
 * returns it typed. Throws ArchError naming every bad field, its value and the allowed
 * values, and any unknown field (a typo must not be silently ignored).
 */
export function validateArch(value: unknown): KwsArch {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new ArchError([`expected an object with ${FIELDS.join(", ")}, got ${JSON.stringify(value)}`]);
  const a = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const k of Object.keys(a)) if (!(FIELDS as readonly string[]).includes(k)) problems.push(`unknown field "${k}" (the fields are ${FIELDS.join(", ")})`);
  const one = (name: string, v: unknown, allowed: readonly number[]) => {
    if (!allowed.includes(v as number)) problems.push(`${name} is ${JSON.stringify(v)}, allowed: ${allowed.join(", ")}`);
  };
  const list = (name: string, v: unknown, length: number, allowed: readonly number[]) => {
    if (!Array.isArray(v) || v.length !== length) {
      problems.push(`${name} must be an array of ${length} values from ${allowed.join(", ")}, got ${JSON.stringify(v)}`);
      return;
    }
    v.forEach((x, i) => one(`${name}[${i}]`, x, allowed));
  };
  one("stemStride", a.stemStride, CHOICES.stemStride);
  one("width", a.width, CHOICES.width);
  list("depths", a.depths, STAGES, CHOICES.depth);
  list("kernels", a.kernels, STAGES * MAX_DEPTH, CHOICES.kernel);
  list("expands", a.expands, STAGES * MAX_DEPTH, CHOICES.expand);
  if (problems.length > 0) throw new ArchError(problems);
  return a as unknown as KwsArch;
}
