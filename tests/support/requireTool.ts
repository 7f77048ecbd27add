import { existsSync } from "node:fs";

/**
 * For tests that need something outside npm: returns true when `present`; otherwise
 * skips the test (or the suite's hooks) with one line naming what is missing and how to
 * get it. Under CI=true a missing piece fails instead: .ci/run installs everything.
 */
export function requireTool(ctx: Mocha.Context, present: boolean, what: string, howToGet: string): boolean {
  if (present) return true;
  const line = `${what} is missing; get it with: ${howToGet}`;
  if (process.env.CI === "true") throw new Error(`CI=true and ${line}`);
  console.log(`      skipped: ${line}`);
  ctx.skip();
  return false;
}

export const hasFile = (path: string): boolean => existsSync(path);
