/**
 * 16-bit PCM mono WAV (RIFF) encode and decode.
 * @param samples floats in [-1, 1] (clipped); sampleRate in Hz.
 */
export function encodeWav(samples: Float32Array, sampleRate: number): Uint8Array {
  const out = new Uint8Array(44 + samples.length * 2);
  const v = new DataView(out.buffer);
  const ascii = (off: number, s: string) => [...s].forEach((c, i) => v.setUint8(off + i, c.charCodeAt(0)));
  ascii(0, "RIFF");
  v.setUint32(4, 36 + samples.length * 2, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  ascii(36, "data");
  v.setUint32(40, samples.length * 2, true);
  samples.forEach((s, i) => v.setInt16(44 + 2 * i, Math.round(Math.max(-1, Math.min(1, s)) * 32767), true));
  return out;
}

/** Decodes 16-bit PCM WAV (first channel); throws naming what is wrong with the file. */
export function decodeWav(bytes: Uint8Array, what = "WAV"): { samples: Float32Array; sampleRate: number } {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (off: number) => String.fromCharCode(...bytes.subarray(off, off + 4));
  if (bytes.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE") throw new Error(`${what}: not a RIFF/WAVE file`);
  let off = 12;
  let fmt: { channels: number; rate: number; bits: number; format: number } | null = null;
  while (off + 8 <= bytes.length) {
    const id = tag(off);
    const size = v.getUint32(off + 4, true);
    const body = off + 8;
    // 0xFFFFFFFF is a streamed header's "unknown length"; any other size past the end means a cut file.
    if (size !== 0xffffffff && body + size > bytes.length) throw new Error(`${what}: truncated: its "${id.trim()}" chunk needs ${size} bytes, the file holds ${bytes.length - body}`);
    if (id === "fmt " && size < 16) throw new Error(`${what}: fmt chunk of ${size} bytes is too short`);
    if (id === "fmt ") fmt = { format: v.getUint16(body, true), channels: v.getUint16(body + 2, true), rate: v.getUint32(body + 4, true), bits: v.getUint16(body + 14, true) };
    if (id === "data") {
      if (fmt === null) throw new Error(`${what}: data chunk before fmt chunk`);
      if (fmt.format !== 1 || fmt.bits !== 16) throw new Error(`${what}: only 16-bit PCM is supported (format ${fmt.format}, ${fmt.bits} bits)`);
      const frames = Math.floor(Math.min(size, bytes.length - body) / (2 * fmt.channels));
      const samples = new Float32Array(frames);
      for (let i = 0; i < frames; i++) samples[i] = v.getInt16(body + i * 2 * fmt.channels, true) / 32768;
      return { samples, sampleRate: fmt.rate };
    }
    off = body + size + (size % 2);
  }
  throw new Error(`${what}: no data chunk (truncated file?)`);
}
