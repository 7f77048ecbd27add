import type { ConvertOptions } from "./datasetConverter.js";

/**
 * Call after each converted sample (`done` of `total` so far): every 500 samples and at
 * the end it reports progress and yields to the event loop, so a progress bar redraws
 * and a notebook kernel stays interruptible during a conversion of minutes.
 */
export async function reportConverted(done: number, total: number, opts: ConvertOptions): Promise<void> {
  if (done % 500 !== 0 && done !== total) return;
  opts.onConvert?.(done, total);
  await new Promise((r) => setImmediate(r));
}
