import { strict as assert } from "node:assert";
import { decodeWav } from "../../lib/dsp/wavFile.js";
import { loadDataset } from "../../lib/data/loadDataset.js";
import { audioPlayerHtml } from "../../lib/viz/audioPlayer.js";
import { decode } from "jpeg-js";
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

  it("imageGridHtml embeds images larger than 32x32 as small JPEGs that decode to their colours", function () {
    const px = 96 * 96;
    const x = new Float32Array(2 * px * 3);
    for (let p = 0; p < px; p++) x.set([0.8, 0.4, 0.1], p * 3);
    for (let p = 0; p < px; p++) x.set(p % 96 < 48 ? [0, 0, 1] : [1, 1, 1], (px + p) * 3);
    const html = imageGridHtml(x, [2, 96, 96, 3], { captions: ["person", "non_person"] });
    assert.ok(!html.includes("<rect"));
    const srcs = [...html.matchAll(/<img width="96" height="96" [^>]*src="data:image\/jpeg;base64,([^"]+)">/g)].map((m) => Buffer.from(m[1], "base64"));
    assert.equal(srcs.length, 2);
    assert.ok(html.length < 20_000, `${html.length} characters for two images`);
    const flat = decode(srcs[0], { useTArray: true, formatAsRGBA: false });
    assert.deepEqual([flat.width, flat.height], [96, 96]);
    for (const [c, want] of [204, 102, 26].entries()) assert.ok(Math.abs(flat.data[4000 * 3 + c] - want) <= 3, `channel ${c}: ${flat.data[4000 * 3 + c]} vs ${want}`);
    // Left half blue, right half white, away from the edge where JPEG rings.
    const halves = decode(srcs[1], { useTArray: true, formatAsRGBA: false });
    assert.ok(halves.data[(40 * 96 + 10) * 3] < 30 && halves.data[(40 * 96 + 10) * 3 + 2] > 225);
    assert.ok(halves.data[(40 * 96 + 80) * 3] > 225);
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
