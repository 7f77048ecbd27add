import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { KwsFrontEnd } from "../../lib/dsp/KwsFrontEnd.js";
import { makeRng } from "../../lib/tf/seedEverything.js";
import { hasFile, requireTool } from "../support/requireTool.js";

const DEBIAN_PYTHON = "/usr/bin/python3";

function hasNumpy(): boolean {
  return hasFile(DEBIAN_PYTHON) && spawnSync(DEBIAN_PYTHON, ["-c", "import numpy"]).status === 0;
}

/** Test clips: a chirp, noise, silence, a short clip (zero-padded) and a loud square wave. */
function clips(): Float32Array[] {
  const rng = makeRng(7);
  const chirp = Float32Array.from({ length: 16000 }, (_, i) => 0.6 * Math.sin(2 * Math.PI * (100 + 0.12 * i) * (i / 16000)));
  const noise = Float32Array.from({ length: 16000 }, () => (rng() - 0.5) * 0.4);
  const silence = new Float32Array(16000);
  const short = Float32Array.from({ length: 9000 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 700 * i) / 16000));
  const square = Float32Array.from({ length: 16000 }, (_, i) => (Math.floor(i / 23) % 2 === 0 ? 0.9 : -0.9));
  return [chirp, noise, silence, short, square];
}

describe("lib/dsp KwsFrontEnd", function () {
  const fe = new KwsFrontEnd();

  it("gives 49 frames x 10 MFCCs and 49 x 40 log-mels for one second at 16 kHz", function () {
    assert.equal(fe.frames, 49);
    assert.equal(fe.mfcc(clips()[0]).length, 490);
    assert.equal(fe.logMel(clips()[0]).length, 49 * 40);
  });

  it("puts a pure tone's energy in the mel band whose centre is nearest (hand check)", function () {
    // 1000 Hz is mel 1127 ln(1 + 1000/700) = 1000.0; band centres are 31.7 + i * 51.6 mel
    // (20-4000 Hz in 41 steps), so the peak is band i with centre nearest 1000: i = 18.
    const tone = Float32Array.from({ length: 16000 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 16000));
    const mel = fe.logMel(tone);
    const row = Array.from(mel.slice(20 * 40, 21 * 40));
    assert.equal(row.indexOf(Math.max(...row)), 18);
  });

  it("takes the floor for silence: every log-mel is ln(1e-12)", function () {
    const mel = fe.logMel(new Float32Array(16000));
    for (const v of mel) assert.ok(Math.abs(v - Math.log(1e-12)) < 1e-4);
  });

  it("matches an independent NumPy computation within 2e-3 (log-mel) and 5e-3 (MFCC)", function () {
    if (!requireTool(this, hasNumpy(), "Debian's python3-numpy", "sudo apt-get install python3-numpy")) return;
    const cs = clips();
    const input = new Float32Array(cs.length * 16000);
    cs.forEach((c, i) => input.set(c.subarray(0, 16000), i * 16000));
    const r = spawnSync(DEBIAN_PYTHON, [join(import.meta.dirname, "kwsFrontEndOracle.py")], { input: Buffer.from(input.buffer) });
    assert.equal(r.status, 0, r.stderr?.toString());
    const want = new Float64Array(r.stdout.buffer, r.stdout.byteOffset, r.stdout.byteLength / 8);
    let off = 0;
    cs.forEach((clip, i) => {
      const mel = fe.logMel(clip);
      const mfcc = fe.mfcc(clip);
      let worstMel = 0;
      let worstMfcc = 0;
      for (let j = 0; j < mel.length; j++) worstMel = Math.max(worstMel, Math.abs(mel[j] - want[off + j]));
      off += mel.length;
      for (let j = 0; j < mfcc.length; j++) worstMfcc = Math.max(worstMfcc, Math.abs(mfcc[j] - want[off + j]));
      off += mfcc.length;
      assert.ok(worstMel < 2e-3, `clip ${i}: log-mel differs by ${worstMel}`);
      assert.ok(worstMfcc < 5e-3, `clip ${i}: MFCC differs by ${worstMfcc}`);
    });
    assert.equal(off, want.length);
  });

  it("rejects a configuration that cannot work", function () {
    assert.throws(() => new KwsFrontEnd({ highHz: 9000 }), /within 0-8000 Hz/);
    assert.throws(() => new KwsFrontEnd({ windowSamples: 2048 }), /exceeds the 1024-point FFT/);
  });
});
