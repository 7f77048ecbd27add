import { strict as assert } from "node:assert";
import { linkerMapSizes } from "../../lib/deploy/linkerMapSizes.js";

// A GNU ld map's memory-map part, written by hand in ld's layout: a long input-section name wraps onto the next line,
// *fill* is padding, and the discarded sections listed before the memory map do not count.
const MAP = [
  "Discarded input sections",
  "",
  " .text.unused   0x00000000       0x40 model.o",
  "",
  "Linker script and memory map",
  "",
  "LOAD model.o",
  "",
  ".text           0x00000000      0x120",
  " *(.vectors)",
  " .vectors       0x00000000       0x40 startup.o",
  " .text.a_function_with_a_long_name",
  "                0x00000040       0x64 /tmp/build/model.o",
  "                0x00000040                a_function_with_a_long_name",
  " *fill*         0x000000a4        0x4 ",
  " .rodata.w0     0x000000a8       0x78 model.o",
  "",
  ".data           0x20000000        0x8 load address 0x00000120",
  " .data.x        0x20000000        0x8 libc_nano.a(lib_a-impure.o)",
  "",
  ".bss            0x20000008       0x10",
  " .bss.arena     0x20000008       0x10 model.o",
].join("\n");

describe("deploy: linkerMapSizes (GNU ld map files)", () => {
  it("sizes each output section and each object's share, long names wrapped, fill and discarded sections left out", () => {
    const m = linkerMapSizes(MAP);
    assert.deepEqual(m.sections, { ".text": 0x120, ".data": 8, ".bss": 0x10 });
    assert.deepEqual(m.objects, {
      "startup.o": { ".text": 0x40 },
      "model.o": { ".text": 0x64 + 0x78, ".bss": 0x10 },
      "libc_nano.a(lib_a-impure.o)": { ".data": 8 },
    });
  });

  it("refuses a file that is not a map", () => {
    assert.throws(() => linkerMapSizes("hello"), /not a GNU ld map file/);
  });
});
