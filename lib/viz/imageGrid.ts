import { encode } from "jpeg-js";
import { showHtml } from "./kernelDisplay.js";

/** Above this many pixels an image is embedded as a JPEG: a 96x96 one as SVG rectangles would take 550 KB. */
const SVG_MAX_PIXELS = 32 * 32;

export type ImageGridOptions = {
  /** Images per row; default 10. */
  columns?: number;
  /** Screen pixels per image pixel; default 3, or 1 for images larger than 32x32. */
  zoom?: number;
  /** A caption per image (for example its class name). */
  captions?: string[];
};

/**
 * An HTML grid of images that renders in the HTML export and without scripts: small
 * images (up to 32x32) as inline SVG rectangles, exact to the pixel; larger ones (VWW's
 * 96x96) as inline JPEGs at quality 90, about 5 KB each, scaled without smoothing.
 * @param x float32 [n, h, w, c] with values in [0, 1]; c is 1 (grey) or 3 (RGB).
 * @param shape [n, h, w, c].
 */
export function imageGridHtml(x: Float32Array, shape: number[], opts: ImageGridOptions = {}): string {
  const [n, h, w, c] = shape;
  if (shape.length !== 4 || (c !== 1 && c !== 3)) throw new Error(`imageGrid wants shape [n, h, w, 1 or 3], got [${shape.join(", ")}]`);
  if (x.length !== n * h * w * c) throw new Error(`imageGrid: ${x.length} values do not fill [${shape.join(", ")}]`);
  const zoom = opts.zoom ?? (h * w <= SVG_MAX_PIXELS ? 3 : 1);
  const cols = opts.columns ?? 10;
  const byte = (v: number) => Math.round(Math.max(0, Math.min(1, v)) * 255);
  const cells: string[] = [];
  const rgb = (i: number, r: number, q: number) => {
    const o = ((i * h + r) * w + q) * c;
    return c === 1 ? [x[o], x[o], x[o]].map(byte) : [x[o], x[o + 1], x[o + 2]].map(byte);
  };
  for (let i = 0; i < n; i++) {
    let picture: string;
    if (h * w <= SVG_MAX_PIXELS) {
      const rects: string[] = [];
      for (let r = 0; r < h; r++) {
        for (let q = 0; q < w; q++) {
          const [red, green, blue] = rgb(i, r, q);
          rects.push(`<rect x="${q}" y="${r}" width="1" height="1" fill="rgb(${red},${green},${blue})"/>`);
        }
      }
      picture = `<svg width="${w * zoom}" height="${h * zoom}" viewBox="0 0 ${w} ${h}" shape-rendering="crispEdges">${rects.join("")}</svg>`;
    } else {
      const rgba = new Uint8Array(h * w * 4);
      for (let r = 0; r < h; r++) for (let q = 0; q < w; q++) rgba.set([...rgb(i, r, q), 255], (r * w + q) * 4);
      const jpeg = Buffer.from(encode({ width: w, height: h, data: rgba }, 90).data).toString("base64");
      picture = `<img width="${w * zoom}" height="${h * zoom}" style="image-rendering:pixelated" src="data:image/jpeg;base64,${jpeg}">`;
    }
    const caption = opts.captions?.[i] ?? "";
    cells.push(`<figure style="margin:2px;text-align:center">${picture}${caption === "" ? "" : `<figcaption style="font:11px sans-serif">${caption.replace(/</g, "&lt;")}</figcaption>`}</figure>`);
  }
  return `<div style="display:grid;grid-template-columns:repeat(${cols},max-content);gap:2px">${cells.join("")}</div>`;
}

/** Shows imageGridHtml in the notebook; outside a kernel, prints a one-line summary. */
export function imageGrid(x: Float32Array, shape: number[], opts: ImageGridOptions = {}): void {
  if (!showHtml(imageGridHtml(x, shape, opts))) console.log(`[${shape[0]} images of ${shape.slice(1).join("x")}]`);
}
