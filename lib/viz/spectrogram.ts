import { plot } from "./plot.js";

/**
 * A heatmap of frame-by-feature values, time across: log-mel energies or MFCCs.
 * @param values float32 [frames, bins] row-major (KwsFrontEnd.logMel or .mfcc output).
 * @param frames number of frames (49 for one second); bins = values.length / frames.
 * @param frameMs ms between frames (20 for the KWS front end).
 */
export function spectrogram(values: Float32Array, frames: number, opts: { title?: string; frameMs?: number; yTitle?: string } = {}): void {
  const bins = values.length / frames;
  if (!Number.isInteger(bins)) throw new Error(`spectrogram: ${values.length} values are not ${frames} whole frames`);
  const z = Array.from({ length: bins }, (_, b) => Array.from({ length: frames }, (_, f) => values[f * bins + b]));
  const ms = opts.frameMs ?? 20;
  plot(
    [{ type: "heatmap", z, x: Array.from({ length: frames }, (_, f) => f * ms), colorscale: "Viridis" }],
    { title: { text: opts.title ?? "" }, xaxis: { title: { text: "time (ms)" } }, yaxis: { title: { text: opts.yTitle ?? "mel band" } }, height: 300 },
  );
}
