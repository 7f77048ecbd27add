/**
 * JSON for the values exercises take and return: plain JSON plus typed arrays
 * (as {"$typed": "Int8Array", "data": [...]}) and non-finite numbers (as
 * {"$num": "NaN" | "Infinity" | "-Infinity" | "-0"}), so inputs reach the kernel and
 * results come back exactly.
 */
export type Encoded = null | boolean | number | string | Encoded[] | { [k: string]: Encoded };

const TYPED = {
  Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array,
} as const;
type TypedName = keyof typeof TYPED;

export function encodeValue(v: unknown): Encoded {
  if (v === undefined || v === null) return null;
  // JSON writes -0 as 0; an exact grade must see the sign.
  if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0) ? v : { $num: Object.is(v, -0) ? "-0" : String(v) };
  if (typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "bigint") return { $bigint: v.toString() };
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const name = v.constructor.name as TypedName;
    if (!(name in TYPED)) throw new TypeError(`cannot encode a ${name}`);
    return { $typed: name, data: Array.from(v as unknown as ArrayLike<number>, (x) => encodeValue(x)) };
  }
  if (Array.isArray(v)) return v.map(encodeValue);
  if (typeof v === "object") return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, encodeValue(x)]));
  throw new TypeError(`cannot encode a ${typeof v}`);
}

export function decodeValue(e: Encoded): unknown {
  if (Array.isArray(e)) return e.map(decodeValue);
  if (e === null || typeof e !== "object") return e;
  if (typeof e.$num === "string") return Number(e.$num);
  if (typeof e.$bigint === "string") return BigInt(e.$bigint);
  if (typeof e.$typed === "string" && Array.isArray(e.data)) {
    const ctor = TYPED[e.$typed as TypedName];
    if (ctor === undefined) throw new TypeError(`unknown typed array ${e.$typed}`);
    return ctor.from(e.data.map((x) => Number(decodeValue(x))));
  }
  return Object.fromEntries(Object.entries(e).map(([k, x]) => [k, decodeValue(x)]));
}
