// Runs inside the student's kernel, which is hostile: this module is imported by the grader's first cell, before
// any student code, and captures every built-in it will use, so that a submission that later overrides console,
// JSON, Object.is, Math, Array or typed-array prototypes, timers or process.exit cannot change what the grader
// reads back. It uses no other project module: their exports could be replaced between cells.
import { createHmac } from "node:crypto";
import { existsSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";

const R = { apply: Reflect.apply, defineProperty: Reflect.defineProperty, getPrototypeOf: Reflect.getPrototypeOf, ownKeys: Object.keys };
const { isArray } = Array;
const { isView } = ArrayBuffer;
const objectIs = Object.is;
const stringify = JSON.stringify;
const parse = JSON.parse;
const isFinite = Number.isFinite;
const NumberCtor = Number;
const BigIntCtor = BigInt;
const ErrorCtor = Error;
const typedLength = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Int8Array.prototype) as object, "length")?.get as (this: unknown) => number;
const TYPED: Record<string, new (n: number) => { [i: number]: number }> = {
  Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array,
};
const TYPED_NAMES = Object.keys(TYPED);
const typedProtos = TYPED_NAMES.map((n) => TYPED[n].prototype as object);
const hmacProto = Object.getPrototypeOf(createHmac("sha256", "x")) as { update: (d: string) => unknown; digest: (enc: "hex") => string };
const hmacUpdate = hmacProto.update;
const hmacDigest = hmacProto.digest;
const realKill = process.kill;
const { pid } = process;
const timers = { setTimeout: globalThis.setTimeout, setInterval: globalThis.setInterval, setImmediate: globalThis.setImmediate };
const int32 = new Int32Array(new SharedArrayBuffer(4));
const atomicsWait = Atomics.wait;
const now = Date.now;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The same format as grading/codec's encodeValue, written with captured built-ins and index loops only. */
function encode(v: unknown): Json {
  if (v === undefined || v === null) return null;
  if (typeof v === "number") return isFinite(v) && !objectIs(v, -0) ? v : { $num: objectIs(v, -0) ? "-0" : `${v}` };
  if (typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "bigint") return { $bigint: `${v}` };
  if (isView(v)) {
    const proto = R.getPrototypeOf(v as object);
    for (let t = 0; t < typedProtos.length; t++) {
      if (proto !== typedProtos[t]) continue;
      const n = R.apply(typedLength, v, []) as number;
      const data: Json[] = [];
      for (let i = 0; i < n; i++) data[i] = encode((v as unknown as { [i: number]: number })[i]);
      return { $typed: TYPED_NAMES[t], data };
    }
    throw new ErrorCtor("cannot encode this kind of binary view");
  }
  if (isArray(v)) {
    const out: Json[] = [];
    for (let i = 0; i < v.length; i++) out[i] = encode(v[i]);
    return out;
  }
  if (typeof v === "object") {
    const out: { [k: string]: Json } = {};
    const keys = R.ownKeys(v);
    for (let i = 0; i < keys.length; i++) out[keys[i]] = encode((v as Record<string, unknown>)[keys[i]]);
    return out;
  }
  throw new ErrorCtor(`cannot encode a ${typeof v}`);
}

function decode(e: Json): unknown {
  if (isArray(e)) {
    const out: unknown[] = [];
    for (let i = 0; i < e.length; i++) out[i] = decode(e[i]);
    return out;
  }
  if (e === null || typeof e !== "object") return e;
  if (typeof e.$num === "string") return NumberCtor(e.$num);
  if (typeof e.$bigint === "string") return BigIntCtor(e.$bigint);
  if (typeof e.$typed === "string" && isArray(e.data)) {
    const Ctor = TYPED[e.$typed];
    const out = new Ctor(e.data.length);
    for (let i = 0; i < e.data.length; i++) out[i] = NumberCtor(decode(e.data[i]));
    return out;
  }
  const out: Record<string, unknown> = {};
  const keys = R.ownKeys(e);
  for (let i = 0; i < keys.length; i++) out[keys[i]] = decode(e[keys[i]]);
  return out;
}

/** What the channel writes for one call (and for a note), signed. */
export interface ChannelMessage {
  /** The encoded result, or null. */
  result: Json;
  /** The thrown error's message, when the call threw. */
  error: string | null;
}

export interface GraderChannel {
  /** Calls `fn` on the encoded arguments and writes its signed, encoded result (or its error) to `<dir>/<nonce>.json`. */
  call(nonce: string, fn: unknown, argsJson: string): Promise<void>;
  /** A synchronous stand-in for another exercise that asks the grader's process for the reference's answer. */
  helper(name: string): (...args: unknown[]) => unknown;
  /** Names the graded cell that runs next: timers it sets are attributed to it. */
  cell(label: string): void;
}

/**
 * Opens the grader's channel in the student's kernel: reads the session key from
 * `keyFile` and deletes it, guards process.exit (and reallyExit, abort, kill of itself)
 * so a submission cannot end the kernel, wraps the timer functions so that an exit
 * attempted from a timer is blamed on the cell that set it, and defines the channel as
 * a read-only, non-configurable global named `globalName`.
 */
export function openGraderChannel(keyFile: string, globalName: string, dir: string): void {
  const key = readFileSync(keyFile, "utf8");
  unlinkSync(keyFile);
  const sign = (text: string): string => {
    const h = createHmac("sha256", key);
    R.apply(hmacUpdate, h, [text]);
    return R.apply(hmacDigest, h, ["hex"]) as string;
  };
  const writeSigned = (name: string, msg: ChannelMessage): void => {
    const body = stringify(msg);
    const tmp = `${dir}/${name}.tmp`;
    writeFileSync(tmp, stringify({ body, mac: sign(`${name}\n${body}`) }));
    renameSync(tmp, `${dir}/${name}.json`);
  };
  let current = "";
  let notes = 0;
  const note = (text: string) => writeSigned(`note-${notes++}`, { result: text, error: null });
  class ExitBlocked extends ErrorCtor {}
  const blocked = (what: string) => () => {
    const where = owner === "" ? `cell "${current}"` : `a timer that cell "${owner}" set`;
    note(`${where} called ${what}; it was blocked (a submission may not end the grading kernel)`);
    throw new ExitBlocked(`${what} is not allowed while grading`);
  };
  let owner = "";
  const guard = (obj: object, name: string, value: unknown) => R.defineProperty(obj, name, { value, writable: false, configurable: false });
  guard(process, "exit", blocked("process.exit()"));
  guard(process, "reallyExit", blocked("process.reallyExit()"));
  guard(process, "abort", blocked("process.abort()"));
  guard(process, "kill", (target: number, signal?: string | number) => (target === pid || target === 0 || target === -pid ? blocked("process.kill() of the kernel")() : R.apply(realKill, process, [target, signal])));
  const wrapTimer = (name: "setTimeout" | "setInterval" | "setImmediate") => {
    const original = timers[name] as (cb: (...a: unknown[]) => void, ...rest: unknown[]) => unknown;
    return (cb: unknown, ...rest: unknown[]) => {
      const setBy = current;
      const run = (...a: unknown[]) => {
        const before = owner;
        owner = setBy;
        try {
          if (typeof cb === "function") R.apply(cb, undefined, a);
        } catch (e) {
          if (!(e instanceof ExitBlocked)) throw e;
        } finally {
          owner = before;
        }
      };
      return R.apply(original, globalThis, [run, ...rest]);
    };
  };
  for (const name of ["setTimeout", "setInterval", "setImmediate"] as const) guard(globalThis, name, wrapTimer(name));
  let rpc = 0;
  const channel: GraderChannel = {
    async call(nonce, fn, argsJson) {
      let msg: ChannelMessage;
      try {
        if (typeof fn !== "function") throw new ErrorCtor("is not a function");
        const args = decode(parse(argsJson) as Json) as unknown[];
        const result: unknown = await R.apply(fn as (...a: unknown[]) => unknown, undefined, args);
        msg = { result: encode(result), error: null };
      } catch (e) {
        let text = "threw a non-Error value";
        try {
          text = e instanceof ErrorCtor ? `${e.message}` : `threw ${typeof e}`;
        } catch {
          // a hostile getter: keep the generic text
        }
        msg = { result: null, error: text };
      }
      writeSigned(nonce, msg);
    },
    helper(name) {
      return (...args: unknown[]) => {
        const id = `rpc-${rpc++}`;
        writeFileSync(`${dir}/${id}.req.tmp`, stringify({ name, args: encode(args) }));
        renameSync(`${dir}/${id}.req.tmp`, `${dir}/${id}.req`);
        const deadline = now() + 30_000;
        const answer = `${dir}/${id}.res`;
        while (!existsSync(answer)) {
          if (now() > deadline) throw new ErrorCtor(`the grader did not answer for ${name}`);
          atomicsWait(int32, 0, 0, 1);
        }
        const res = parse(readFileSync(answer, "utf8")) as { result: Json; error: string | null };
        unlinkSync(answer);
        if (res.error !== null) throw new ErrorCtor(res.error);
        return decode(res.result);
      };
    },
    cell(label) {
      current = label;
    },
  };
  guard(globalThis, globalName, Object.freeze(channel));
}
