import { readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Encoded } from "./codec.js";
import { decodeValue, encodeValue } from "./codec.js";

/** A running helper server; `close` stops it (requests after that are never answered, so the kernel's stand-ins fail). */
export interface HelperServer {
  close(): void;
}

/**
 * Answers the kernel's helper stand-ins (graderChannel's `helper`) while one exercise
 * is graded: each `<dir>/rpc-N.req` names a helper and its encoded arguments, and gets
 * `<dir>/rpc-N.res` with the reference's result, computed here, so the reference never
 * enters the student's kernel. Only the `allowed` helpers answer, and only until
 * `close`: a stand-in kept by the submission for later is useless.
 */
export function serveHelpers(reference: Record<string, (...args: never[]) => unknown>, allowed: readonly string[], dir: string): HelperServer {
  const answer = (req: string) => {
    const base = join(dir, req.replace(/\.req$/, ""));
    let out: { result: Encoded; error: string | null };
    try {
      const { name, args } = JSON.parse(readFileSync(join(dir, req), "utf8")) as { name: string; args: Encoded };
      unlinkSync(join(dir, req));
      const fn = reference[name] as ((...a: unknown[]) => unknown) | undefined;
      if (!allowed.includes(name) || fn === undefined) throw new Error(`${name} is not available to this exercise`);
      const decoded = decodeValue(args);
      if (!Array.isArray(decoded)) throw new Error("malformed helper call");
      out = { result: encodeValue(fn(...decoded)), error: null };
    } catch (e) {
      out = { result: null, error: e instanceof Error ? e.message : String(e) };
    }
    writeFileSync(`${base}.res.tmp`, JSON.stringify(out));
    renameSync(`${base}.res.tmp`, `${base}.res`);
  };
  // The kernel blocks on the answer (its stand-ins are synchronous, like the functions they replace): poll often.
  const timer = setInterval(() => {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => /^rpc-\d+\.req$/.test(n));
    } catch {
      return;
    }
    for (const n of names) answer(n);
  }, 1);
  return { close: () => clearInterval(timer) };
}
