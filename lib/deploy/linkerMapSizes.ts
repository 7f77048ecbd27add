/** Bytes an object file puts in each output section of a linked image. */
export type SectionBytes = Record<string, number>;

/** What a GNU ld map file says about the image's sizes. */
export interface LinkerMapSizes {
  /** Output section → its size, bytes (e.g. .text, .data, .bss, .stack). */
  sections: Record<string, number>;
  /** Object file (as the map names it: "model.o", "libc_nano.a(lib_a-memcpy.o)") → output section → bytes it contributes. */
  objects: Record<string, SectionBytes>;
  /** "output-section object input-section" (e.g. ".text tinyml_kernels.o .text.tinyml_conv2d_s8") → bytes kept in the image, for attributing code to functions. */
  inputs: Record<string, number>;
}

/**
 * Reads the "Linker script and memory map" part of a GNU ld map (`-Wl,-Map=FILE`):
 * each output section's size, and each input section's size by the object file it
 * came from. A name too long for its column wraps onto the next line; the map prints
 * it so, and so does this parser. Sections ld discarded (--gc-sections) are listed
 * before that part and are not counted.
 */
export function linkerMapSizes(map: string): LinkerMapSizes {
  const start = map.indexOf('Linker script and memory map');
  if (start < 0) throw new Error('not a GNU ld map file: no "Linker script and memory map" part');
  const lines = map.slice(start).split('\n');
  const sections: Record<string, number> = {};
  const objects: Record<string, SectionBytes> = {};
  const inputs: Record<string, number> = {};
  let current: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    // A wrapped name: " .text.long_name" alone, its address, size and file on the next line.
    if (/^ ?\S+$/.test(line) && i + 1 < lines.length && /^\s+0x[0-9a-f]+\s+0x[0-9a-f]+/.test(lines[i + 1])) line = `${line} ${lines[++i].trim()}`;
    const output = /^(\.[^\s]+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)/.exec(line);
    if (output !== null) {
      current = output[1];
      sections[current] = parseInt(output[2], 16);
      continue;
    }
    if (/^\S/.test(line)) {
      current = null;
      continue;
    }
    const input = /^ (\S+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S.*)$/.exec(line);
    if (input === null || current === null || input[1] === '*fill*') continue;
    const file = input[3].trim().split('/').pop() ?? input[3];
    const bytes = parseInt(input[2], 16);
    objects[file] ??= {};
    objects[file][current] = (objects[file][current] ?? 0) + bytes;
    const key = `${current} ${file} ${input[1]}`;
    inputs[key] = (inputs[key] ?? 0) + bytes;
  }
  return { sections, objects, inputs };
}
