import { ByteBuffer } from 'flatbuffers';
import { GraphError } from '../GraphError.js';

/**
 * A flatbuffer table read with every offset checked against the buffer, so
 * truncated, random or bit-flipped files raise a `format` GraphError instead
 * of reading garbage or looping over a forged vector length. Field ids are
 * schema field numbers (vtable slot 4 + 2 * id).
 */
export class FlatTable {
  private constructor(
    private readonly bb: ByteBuffer,
    /** Absolute byte offset of the table in the buffer. */
    readonly pos: number,
    private readonly what: string,
  ) {}

  /** The root table of a finished buffer; `what` names it in errors. */
  static root(bytes: Uint8Array, what: string): FlatTable {
    const bb = new ByteBuffer(bytes);
    check(bb, 0, 4, what);
    return FlatTable.at(bb, bb.readUint32(0), what);
  }

  private static at(bb: ByteBuffer, pos: number, what: string): FlatTable {
    check(bb, pos, 4, what);
    const vtable = pos - bb.readInt32(pos);
    check(bb, vtable, 4, `${what} vtable`);
    const vtableSize = bb.readUint16(vtable);
    if (vtableSize < 4 || vtableSize % 2 !== 0) fail(`${what}: vtable size ${vtableSize} is invalid`);
    check(bb, vtable, vtableSize, `${what} vtable`);
    return new FlatTable(bb, pos, what);
  }

  /** Absolute offset of field `id`, or 0 when the field is absent. */
  private field(id: number): number {
    const rel = this.bb.__offset(this.pos, 4 + 2 * id);
    return rel === 0 ? 0 : this.pos + rel;
  }

  has(id: number): boolean {
    return this.field(id) !== 0;
  }

  int8(id: number, fallback = 0): number {
    const at = this.scalarAt(id, 1);
    return at === 0 ? fallback : this.bb.readInt8(at);
  }

  uint8(id: number, fallback = 0): number {
    const at = this.scalarAt(id, 1);
    return at === 0 ? fallback : this.bb.readUint8(at);
  }

  bool(id: number, fallback = false): boolean {
    const at = this.scalarAt(id, 1);
    return at === 0 ? fallback : this.bb.readUint8(at) !== 0;
  }

  int32(id: number, fallback = 0): number {
    const at = this.scalarAt(id, 4);
    return at === 0 ? fallback : this.bb.readInt32(at);
  }

  uint32(id: number, fallback = 0): number {
    const at = this.scalarAt(id, 4);
    return at === 0 ? fallback : this.bb.readUint32(at);
  }

  float32(id: number, fallback = 0): number {
    const at = this.scalarAt(id, 4);
    return at === 0 ? fallback : this.bb.readFloat32(at);
  }

  string(id: number): string | null {
    const v = this.vectorAt(id, 1, 'string');
    if (v === null) return null;
    return new TextDecoder('utf-8', { fatal: false }).decode(this.bb.bytes().subarray(v.start, v.start + v.length));
  }

  table(id: number, what: string): FlatTable | null {
    const at = this.field(id);
    if (at === 0) return null;
    check(this.bb, at, 4, what);
    return FlatTable.at(this.bb, at + this.bb.readUint32(at), what);
  }

  tables(id: number, what: string): FlatTable[] {
    const v = this.vectorAt(id, 4, what);
    if (v === null) return [];
    const out: FlatTable[] = [];
    for (let i = 0; i < v.length; i++) {
      const at = v.start + 4 * i;
      out.push(FlatTable.at(this.bb, at + this.bb.readUint32(at), `${what}[${i}]`));
    }
    return out;
  }

  int32s(id: number, what: string): number[] {
    const v = this.vectorAt(id, 4, what);
    const out: number[] = [];
    for (let i = 0; v !== null && i < v.length; i++) out.push(this.bb.readInt32(v.start + 4 * i));
    return out;
  }

  float32s(id: number, what: string): number[] {
    const v = this.vectorAt(id, 4, what);
    const out: number[] = [];
    for (let i = 0; v !== null && i < v.length; i++) out.push(this.bb.readFloat32(v.start + 4 * i));
    return out;
  }

  /** int64 vector elements, which must fit a double exactly (|x| < 2^53). */
  int64s(id: number, what: string): number[] {
    const v = this.vectorAt(id, 8, what);
    const out: number[] = [];
    for (let i = 0; v !== null && i < v.length; i++) {
      const x = this.bb.readInt64(v.start + 8 * i);
      if (x > BigInt(Number.MAX_SAFE_INTEGER) || x < -BigInt(Number.MAX_SAFE_INTEGER)) {
        fail(`${this.what}: ${what}[${i}] = ${x} is out of range`);
      }
      out.push(Number(x));
    }
    return out;
  }

  /** A copy of a ubyte vector (so typed arrays over it are aligned). */
  bytes(id: number, what: string): Uint8Array | null {
    const v = this.vectorAt(id, 1, what);
    return v === null ? null : this.bb.bytes().slice(v.start, v.start + v.length);
  }

  private scalarAt(id: number, size: number): number {
    const at = this.field(id);
    if (at !== 0) check(this.bb, at, size, this.what);
    return at;
  }

  private vectorAt(id: number, elementSize: number, what: string): { start: number; length: number } | null {
    const at = this.field(id);
    if (at === 0) return null;
    check(this.bb, at, 4, `${this.what}.${what}`);
    const start = at + this.bb.readUint32(at);
    check(this.bb, start, 4, `${this.what}.${what}`);
    const length = this.bb.readUint32(start);
    check(this.bb, start + 4, length * elementSize, `${this.what}.${what} (${length} elements)`);
    return { start: start + 4, length };
  }
}

function check(bb: ByteBuffer, offset: number, size: number, what: string): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset + size > bb.capacity()) {
    fail(`${what} lies outside the file (bytes ${offset}..${offset + size} of ${bb.capacity()}); the file is truncated or corrupt`);
  }
}

function fail(message: string): never {
  throw new GraphError('format', message);
}
