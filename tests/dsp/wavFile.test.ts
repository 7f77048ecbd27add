import { strict as assert } from "node:assert";
import { decodeWav, encodeWav } from "../../lib/dsp/wavFile.js";

describe("lib/dsp wavFile", function () {
  const tone = Float32Array.from({ length: 400 }, (_, t) => 0.8 * Math.sin(t / 7));

  it("round-trips within two 16-bit steps, with the rate", function () {
    const { samples, sampleRate } = decodeWav(encodeWav(tone, 16000));
    assert.equal(sampleRate, 16000);
    assert.equal(samples.length, tone.length);
    // Half a step of rounding, plus |v|/32768 because it writes v x 32767 and reads / 32768.
    for (let i = 0; i < tone.length; i++) assert.ok(Math.abs(samples[i] - tone[i]) <= 2 / 32768, `sample ${i}`);
  });

  it("names a file cut inside its fmt or data chunk", function () {
    const wav = encodeWav(tone, 16000);
    assert.throws(() => decodeWav(wav.subarray(0, 30), "a.wav"), /^Error: a\.wav: truncated: its "fmt" chunk needs 16 bytes, the file holds 10$/);
    assert.throws(() => decodeWav(wav.subarray(0, 500), "b.wav"), /^Error: b\.wav: truncated: its "data" chunk needs 800 bytes, the file holds 456$/);
    assert.throws(() => decodeWav(new TextEncoder().encode("hello, not a wav"), "c.wav"), /c\.wav: not a RIFF\/WAVE file/);
  });

  it("reads a streamed header whose data size is unknown (0xFFFFFFFF) to the end of the file", function () {
    const wav = encodeWav(tone, 8000);
    new DataView(wav.buffer).setUint32(40, 0xffffffff, true);
    assert.equal(decodeWav(wav).samples.length, tone.length);
  });
});
