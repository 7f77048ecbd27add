import { strict as assert } from "node:assert";
import { decodeWav } from "../../lib/dsp/wavFile.js";
import { loadDataset } from "../../lib/data/loadDataset.js";
import { audioPlayerHtml } from "../../lib/viz/audioPlayer.js";
import { imageGridHtml } from "../../lib/viz/imageGrid.js";

describe("lib/viz views of data", function () {
  it("imageGridHtml draws one figure per image with its caption, pixel colours from the data", function () {
    const d = loadDataset("digits-8x8", { limit: 4 });
    const html = imageGridHtml(d.x, d.shape, { captions: Array.from(d.labels, String) });
    assert.equal(html.match(/<figure/g)?.length, 4);
    assert.equal(html.match(/<rect /g)?.length, 4 * 64);
    const v = Math.round(d.x[0] * 255);
    assert.ok(html.includes(`<rect x="0" y="0" width="1" height="1" fill="rgb(${v},${v},${v})"/>`));
    assert.ok(html.includes(`<figcaption style="font:11px sans-serif">${d.labels[3]}</figcaption>`));
  });

  it("imageGridHtml rejects a shape that does not fit", function () {
    assert.throws(() => imageGridHtml(new Float32Array(10), [1, 2, 2, 1]), /10 values do not fill/);
    assert.throws(() => imageGridHtml(new Float32Array(8), [1, 2, 2, 2]), /shape \[n, h, w, 1 or 3\]/);
  });

  it("audioPlayerHtml inlines a WAV that decodes back to the clip", function () {
    const clip = Float32Array.from({ length: 1600 }, (_, i) => 0.5 * Math.sin(i / 5));
    const html = audioPlayerHtml(clip, 16000, "yes");
    const b64 = /src="data:audio\/wav;base64,([^"]+)"/.exec(html)?.[1];
    assert.ok(b64 !== undefined);
    const wav = decodeWav(Buffer.from(b64, "base64"));
    assert.equal(wav.sampleRate, 16000);
    assert.equal(wav.samples.length, clip.length);
    for (let i = 0; i < clip.length; i++) assert.ok(Math.abs(wav.samples[i] - clip[i]) < 1 / 16384);
  });
});
