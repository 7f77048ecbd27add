import { strict as assert } from "node:assert";
import fc from "fast-check";
import { decodeValue, encodeValue } from "../../grading/codec.js";

const roundTrip = (v: unknown) => decodeValue(JSON.parse(JSON.stringify(encodeValue(v))));

describe("grading: codec", () => {
  it("typed arrays keep their type and bits through JSON", () => {
    const f = Float32Array.of(0.1, -0, 3.4e38, 1e-45);
    const back = roundTrip(f) as Float32Array;
    assert.ok(back instanceof Float32Array);
    assert.deepEqual(new Uint32Array(back.buffer), new Uint32Array(f.buffer));
    assert.ok(roundTrip(Int8Array.of(-128, 127)) instanceof Int8Array);
    assert.ok(roundTrip(new Uint8Array(0)) instanceof Uint8Array);
  });

  it("non-finite numbers, bigints and nesting survive; undefined becomes null", () => {
    assert.deepEqual(roundTrip([NaN, Infinity, -Infinity, 2n ** 70n]), [NaN, Infinity, -Infinity, 2n ** 70n]);
    assert.ok(Object.is(roundTrip(-0), -0));
    assert.deepEqual(roundTrip({ a: [{ b: Int16Array.of(-3) }], c: undefined }), { a: [{ b: Int16Array.of(-3) }], c: null });
  });

  it("refuses what it cannot carry, by name", () => {
    assert.throws(() => encodeValue(() => 1), /cannot encode a function/);
    assert.throws(() => encodeValue(new BigInt64Array(1)), /cannot encode a BigInt64Array/);
    assert.throws(() => decodeValue({ $typed: "Float16Array", data: [] }), /unknown typed array Float16Array/);
  });

  it("property: any JSON-like value of numbers, strings, arrays and Float64Arrays round-trips exactly", () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.double(), fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.float64Array({ maxLength: 5 })),
      node: fc.oneof({ depthSize: "small" }, tie("leaf"), fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(fc.string().filter((k) => !k.startsWith("$") && k !== "__proto__"), tie("node"), { maxKeys: 3, noNullPrototype: true })),
    })).node;
    fc.assert(fc.property(value, (v) => {
      assert.deepEqual(roundTrip(v), v);
    }), { seed: 7, numRuns: 300 });
  });
});
