import { showHtml } from "./kernelDisplay.js";

export type ImageGridOptions = {
  /** Images per row; default 10. */
  columns?: number;
  /** Screen pixels per image pixel; default 3. */
  zoom?: number;
  /** A caption per image (for example its class name). */
  captions?: string[];
};

/**
 * An HTML grid of images drawn as inline SVG rectangles (no canvas, so it renders in
 * the HTML export and without scripts).
 * @param x float32 [n, h, w, c] with values in [0, 1]; c is 1 (grey) or 3 (RGB).
 * @param shape [n, h, w, c].
 */
export function imageGridHtml(x: Float32Array, shape: number[], opts: ImageGridOptions = {}): string {
  const [n, h, w, c] = shape;
  if (shape.length !== 4 || (c !== 1 && c !== 3)) throw new Error(`imageGrid wants shape [n, h, w, 1 or 3], got [${shape.join(", ")}]`);
  if (x.length !== n * h * w * c) throw new Error(`imageGrid: ${x.length} values do not fill [${shape.join(", ")}]`);
  const zoom = opts.zoom ?? 3;
  const cols = opts.columns ?? 10;
  const byte = (v: number) => Math.round(Math.max(0, Math.min(1, v)) * 255);
  const cells: string[] = [];
  for (let i = 0; i < n; i++) {
    const rects: string[] = [];
    for (let r = 0; r < h; r++) {
      for (let q = 0; q < w; q++) {
        const o = ((i * h + r) * w + q) * c;
        const [red, green, blue] = c === 1 ? [x[o], x[o], x[o]].map(byte) : [x[o], x[o + 1], x[o + 2]].map(byte);
        rects.push(`<rect x="${q}" y="${r}" width="1" height="1" fill="rgb(${red},${green},${blue})"/>`);
      }
    }
    const caption = opts.captions?.[i] ?? "";
    cells.push(
      `<figure style="margin:2px;text-align:center"><svg width="${w * zoom}" height="${h * zoom}" viewBox="0 0 ${w} ${h}" shape-rendering="crispEdges">${rects.join("")}</svg>` +
        `${caption === "" ? "" : `<figcaption style="font:11px sans-serif">${caption.replace(/</g, "&lt;")}</figcaption>`}</figure>`,
    );
  }
  return `<div style="display:grid;grid-template-columns:repeat(${cols},max-content);gap:2px">${cells.join("")}</div>`;
}

/** Shows imageGridHtml in the notebook; outside a kernel, prints a one-line summary. */
export function imageGrid(x: Float32Array, shape: number[], opts: ImageGridOptions = {}): void {
  if (!showHtml(imageGridHtml(x, shape, opts))) console.log(`[${shape[0]} images of ${shape.slice(1).join("x")}]`);
}
