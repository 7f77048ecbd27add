/**
 * Short, readable text for a value an exercise takes or returns: numbers as they are
 * (-0 and NaN kept), typed arrays as `Float32Array[0.5, -0.1, …]`, arrays and objects as
 * JSON-like text; lists longer than `maxItems` show their first items and how many more.
 */
export function formatValue(v: unknown, maxItems = 8): string {
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(Number(v.toPrecision(7)));
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return `${v}n`;
  if (v === null || v === undefined || typeof v === "boolean") return String(v);
  const list = (items: unknown[], total: number) =>
    items.map((x) => formatValue(x, maxItems)).join(", ") + (total > items.length ? `, … (${total - items.length} more)` : "");
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const a = v as unknown as ArrayLike<number>;
    return `${v.constructor.name}[${list(Array.from({ length: Math.min(a.length, maxItems) }, (_, i) => a[i]), a.length)}]`;
  }
  if (Array.isArray(v)) return `[${list(v.slice(0, maxItems), v.length)}]`;
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>);
    const shown = entries.slice(0, maxItems).map(([k, x]) => `${k}: ${formatValue(x, maxItems)}`).join(", ");
    return `{ ${shown}${entries.length > maxItems ? `, … (${entries.length - maxItems} more)` : ""} }`;
  }
  return String(v);
}

/** `name(arg1, arg2, …)` with each argument abbreviated by formatValue. */
export function formatCall(name: string, args: readonly unknown[], maxItems = 8): string {
  return `${name}(${args.map((a) => formatValue(a, maxItems)).join(", ")})`;
}
