/**
 * The fields of hwsim's SimReport that constraints read. Written out rather than imported:
 * lab 04's spec imports this file, every notebook's `check` imports the specs, and a type
 * import of hwsim/estimate made the kernel type-check hwsim and code generation (seconds).
 */
export interface ReportFigures {
  /** Latency of one inference, ms. */
  ms: number;
  peakSramBytes: number;
  flashBytes: number;
  layers: readonly { macs: number }[];
}

/** Budgets a network must meet on a device; every key is optional. */
export interface Constraints {
  /** Latency of one inference, ms. */
  latencyMs?: number;
  /** Peak SRAM: arena + scratch + runtime, bytes. */
  peakSramBytes?: number;
  /** Flash: weights + code, bytes. */
  flashBytes?: number;
  /** Multiply-accumulates of one inference. */
  macs?: number;
}

export const CONSTRAINT_KEYS = ["latencyMs", "peakSramBytes", "flashBytes", "macs"] as const;

/** A constraints object with a key the search does not know, or a bound that is not a positive number. */
export class ConstraintError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConstraintError";
  }
}

/**
 * Checks a constraints object before a search uses it. An unknown key is an error naming
 * the known ones: MIT's NAS lab spells its MAC limit `millonMACs`, its checker skips keys it
 * does not know, and the limit is silently ignored. That cannot happen here.
 */
export function validateConstraints(c: unknown): Constraints {
  if (c === null || typeof c !== "object" || Array.isArray(c)) throw new ConstraintError(`constraints must be an object with keys from ${CONSTRAINT_KEYS.join(", ")}, got ${JSON.stringify(c)}`);
  for (const [k, v] of Object.entries(c)) {
    if (!(CONSTRAINT_KEYS as readonly string[]).includes(k)) throw new ConstraintError(`unknown constraint "${k}"; the known keys are ${CONSTRAINT_KEYS.join(", ")}`);
    if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) throw new ConstraintError(`constraint ${k} must be a positive number, got ${JSON.stringify(v)}`);
  }
  return c as Constraints;
}

/** The measured value of each constraint key in a report. */
export function measured(report: ReportFigures): Record<(typeof CONSTRAINT_KEYS)[number], number> {
  return { latencyMs: report.ms, peakSramBytes: report.peakSramBytes, flashBytes: report.flashBytes, macs: report.layers.reduce((a, l) => a + l.macs, 0) };
}

/** How far `report` is over each bound it misses (key → amount over, in the key's unit); empty when it meets them all. */
export function constraintExcess(report: ReportFigures, c: Constraints): Partial<Record<(typeof CONSTRAINT_KEYS)[number], number>> {
  const m = measured(report);
  const over: Partial<Record<(typeof CONSTRAINT_KEYS)[number], number>> = {};
  for (const k of CONSTRAINT_KEYS) {
    const bound = c[k];
    if (bound !== undefined && m[k] > bound) over[k] = m[k] - bound;
  }
  return over;
}
