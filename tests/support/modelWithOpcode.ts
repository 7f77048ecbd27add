import { Builder } from "flatbuffers";

/** A minimal model whose single operator has builtin code `code`, built directly with flatbuffers. */
export function modelWithOpcode(code: number): Uint8Array {
  const b = new Builder(256);
  const vec = (xs: number[]) => { b.startVector(4, xs.length, 4); for (let i = xs.length - 1; i >= 0; i--) b.addInt32(xs[i]); return b.endVector(); };
  const offs = (xs: number[]) => { b.startVector(4, xs.length, 4); for (let i = xs.length - 1; i >= 0; i--) b.addOffset(xs[i]); return b.endVector(); };
  const shape = vec([1, 4]);
  b.startObject(4); b.addFieldOffset(0, shape, 0); b.addFieldInt8(1, 0, 0); const t0 = b.endObject();
  const shape1 = vec([1, 4]);
  b.startObject(4); b.addFieldOffset(0, shape1, 0); b.addFieldInt8(1, 0, 0); const t1 = b.endObject();
  const ins = vec([0]), outs = vec([1]);
  b.startObject(3); b.addFieldInt32(0, 0, 0); b.addFieldOffset(1, ins, 0); b.addFieldOffset(2, outs, 0); const op = b.endObject();
  const tensors = offs([t0, t1]), sgIn = vec([0]), sgOut = vec([1]), ops = offs([op]);
  b.startObject(4); b.addFieldOffset(0, tensors, 0); b.addFieldOffset(1, sgIn, 0); b.addFieldOffset(2, sgOut, 0); b.addFieldOffset(3, ops, 0); const sg = b.endObject();
  b.startObject(4); b.addFieldInt8(0, Math.min(code, 127), 0); b.addFieldInt32(3, code, 0); const opcode = b.endObject();
  b.startObject(0); const buf0 = b.endObject();
  const codes = offs([opcode]), sgs = offs([sg]), bufs = offs([buf0]);
  b.startObject(5); b.addFieldInt32(0, 3, 0); b.addFieldOffset(1, codes, 0); b.addFieldOffset(2, sgs, 0); b.addFieldOffset(4, bufs, 0); const model = b.endObject();
  b.finish(model, "TFL3");
  return b.asUint8Array().slice();
}

/**
 * A TFLite builtin operator the course does not run (SKIP_GRAM, a text
 * feature op no TinyML model uses), for the tests of how an unsupported
 * operator is reported: one place to change if it ever becomes supported.
 */
export const UNSUPPORTED_OPERATOR = { code: 30, name: "SKIP_GRAM" } as const;
