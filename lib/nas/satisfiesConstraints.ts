// tinyml-lab: 04
import { CONSTRAINT_KEYS, ConstraintError, type Constraints } from "./constraints.js";

/**
 * Whether a network's measured costs meet every bound: for each key of `constraints`
 * (latencyMs, peakSramBytes, flashBytes, macs), measured[key] <= bound; a bound exactly
 * met counts as met. Throws ConstraintError for a key that is not one of those four (a
 * misspelt key, such as MIT's `millonMACs`, must not be silently ignored) or a measured
 * value that is missing.
 */
export function satisfiesConstraints(measured: Record<string, number>, constraints: Constraints): boolean {
  // BEGIN SOLUTION
  let ok = true;
  for (const [key, bound] of Object.entries(constraints)) {
    if (!(CONSTRAINT_KEYS as readonly string[]).includes(key)) throw new ConstraintError(`unknown constraint "${key}"; the known keys are ${CONSTRAINT_KEYS.join(", ")}`);
    const value = measured[key];
    if (typeof value !== "number") throw new ConstraintError(`no measured ${key} to compare with its bound`);
    if (value > (bound as number)) ok = false;
  }
  return ok;
  // END SOLUTION
}
