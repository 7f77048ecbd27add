import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { projectRoot } from "../projectRoot.js";
import { showHtml } from "./kernelDisplay.js";

/** A plotly trace; see https://plotly.com/javascript/reference/ for the fields. */
export type Trace = Record<string, unknown>;
export type Layout = Record<string, unknown>;

export interface PlotOptions {
  /** Plot height in CSS pixels. */
  height?: number;
}

let bundleSent = false;
let plotCount = 0;

function plotlyBundle(): string {
  const require = createRequire(join(projectRoot(), "package.json"));
  return readFileSync(require.resolve("plotly.js-dist-min/plotly.min.js"), "utf8");
}

/** A plotly figure: traces and layout. */
export interface Figure {
  data: Trace[];
  layout: Layout;
}

// JSON inside a <script>: "</" would end the script element early.
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/<\//g, "<\\/");

/** The inlined plotly bundle; figures drawn before it loads run once it has. */
function bundleScript(): string {
  return (
    `<script>${plotlyBundle()}\n;(function(){var q=window.__tinymlPlots||[];window.__tinymlPlots=[];` +
    `q.forEach(function(f){f();});})();</script>`
  );
}

function figureHtml(data: Trace[], layout: Layout, opts: PlotOptions): string {
  const id = `tinyml-plot-${process.pid}-${++plotCount}`;
  const fullLayout = { margin: { t: 40, r: 20, b: 50, l: 60 }, ...layout };
  return (
    `<div id="${id}" class="tinyml-plot" style="width:100%;height:${opts.height ?? 420}px"></div>` +
    `<script>(function(){function draw(){window.Plotly.newPlot(${scriptJson(id)},${scriptJson(data)},${scriptJson(fullLayout)},` +
    `{responsive:true,displaylogo:false});}if(window.Plotly){draw();}else{(window.__tinymlPlots=window.__tinymlPlots||[]).push(draw);}})();</script>`
  );
}

/**
 * The HTML of one figure. The 4.8 MB plotly bundle goes into the first figure of a
 * kernel session only; later figures queue until it has loaded, so a notebook (and its
 * HTML export) carries one copy however many plots it has. Works offline.
 */
export function plotHtml(data: Trace[], layout: Layout = {}, opts: PlotOptions = {}): string {
  const html = (bundleSent ? "" : bundleScript()) + figureHtml(data, layout, opts);
  bundleSent = true;
  return html;
}

/**
 * A standalone offline HTML page: a heading, some preformatted text, then the
 * figures and any further `html` (trusted, written as is), with its own copy of the plotly bundle (whatever the kernel session
 * has already shown).
 */
export function figurePageHtml(title: string, text: string, figures: Figure[], opts: PlotOptions = {}, html = ""): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head>` +
    `<body style="font-family:sans-serif;margin:2em"><h1>${esc(title)}</h1><pre>${esc(text)}</pre>` +
    bundleScript() + figures.map((f) => figureHtml(f.data, f.layout, opts)).join("") + html + `</body></html>`
  );
}

/**
 * Shows a plotly figure in the notebook (JupyterLab, classic Notebook and the HTML
 * export). Outside a kernel it prints a one-line note instead. Returns nothing, so a
 * plot as a cell's last expression does not also print its HTML.
 */
export function plot(data: Trace[], layout: Layout = {}, opts: PlotOptions = {}): void {
  const html = plotHtml(data, layout, opts);
  if (!showHtml(html)) {
    const title = typeof layout.title === "string" ? layout.title : ((layout.title as { text?: string } | undefined)?.text ?? "");
    console.log(`[plot${title ? `: ${title}` : ""}, ${data.length} trace(s); shown in notebooks]`);
  }
}
