import { encodeWav } from "../dsp/wavFile.js";
import { showHtml } from "./kernelDisplay.js";

/**
 * An HTML audio player with the clip inlined as a base64 WAV, so it plays offline and
 * in the HTML export.
 * @param samples floats in [-1, 1]; sampleRate in Hz (16000 for the keyword data).
 */
export function audioPlayerHtml(samples: Float32Array, sampleRate = 16000, label = ""): string {
  const b64 = Buffer.from(encodeWav(samples, sampleRate)).toString("base64");
  const caption = label === "" ? "" : `<div style="font:12px sans-serif">${label.replace(/</g, "&lt;")}</div>`;
  return `${caption}<audio controls preload="none" src="data:audio/wav;base64,${b64}"></audio>`;
}

export function audioPlayer(samples: Float32Array, sampleRate = 16000, label = ""): void {
  if (!showHtml(audioPlayerHtml(samples, sampleRate, label))) console.log(`[audio ${label}: ${(samples.length / sampleRate).toFixed(2)} s]`);
}
