import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import hljs from "highlight.js/lib/core";
import typescript from "highlight.js/lib/languages/typescript";
import { Marked } from "marked";
import { stripAnsi } from "./cellErrorFromStderr.js";
import { joinSource, type Notebook, type Output } from "./notebookFormat.js";
import { escapeHtml } from "../viz/escapeHtml.js";

hljs.registerLanguage("typescript", typescript);
const marked = new Marked({ gfm: true });

function highlightCss(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(require.resolve("highlight.js/styles/github.css"), "utf8");
}

const PAGE_CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; line-height: 1.5; }
.cell { margin: 0.75rem 0; }
.code { display: grid; grid-template-columns: 4.5rem 1fr; }
.prompt { color: #57606a; font-family: ui-monospace, monospace; font-size: 0.8rem; padding-top: 0.6rem; }
pre { margin: 0; padding: 0.5rem 0.75rem; overflow-x: auto; font-size: 0.85rem; }
.source pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; }
.outputs { grid-column: 2; }
.stream-stderr, .error pre { background: #fff0f0; color: #82071e; }
.error .ename { font-weight: 600; }
.outputs img { max-width: 100%; }
table { border-collapse: collapse; } td, th { border: 1px solid #d0d7de; padding: 0.2rem 0.5rem; }
`;

const MIME_ORDER = ["text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "text/plain"];

function renderBundle(data: Record<string, unknown>): string {
  const mime = MIME_ORDER.find((m) => data[m] !== undefined);
  if (mime === undefined) return "";
  const raw = data[mime];
  const value = Array.isArray(raw) ? raw.join("") : String(raw);
  switch (mime) {
    case "text/html":
    case "image/svg+xml":
      // Outputs are the notebook's own, as in nbconvert's export: scripts must run for plots.
      return `<div class="output-html">${value}</div>`;
    case "image/png":
    case "image/jpeg":
      return `<img src="data:${mime};base64,${value.replace(/\s/g, "")}">`;
    case "text/markdown":
      return `<div class="output-md">${marked.parse(value, { async: false })}</div>`;
    default:
      return `<pre>${escapeHtml(stripAnsi(value))}</pre>`;
  }
}

function renderOutput(o: Output): string {
  switch (o.output_type) {
    case "stream":
      return `<pre class="stream-${o.name}">${escapeHtml(stripAnsi(joinSource(o.text)))}</pre>`;
    case "error":
      return `<div class="error"><pre><span class="ename">${escapeHtml(o.ename)}</span>: ${escapeHtml(stripAnsi(o.evalue))}\n${escapeHtml(stripAnsi(o.traceback.join("\n")))}</pre></div>`;
    default:
      return renderBundle(o.data);
  }
}

/**
 * A standalone HTML page of a notebook: markdown rendered, TypeScript highlighted, and
 * outputs, including HTML outputs with their scripts (plotly figures carry their own
 * inlined bundle), so the page works offline from a file:// URL.
 */
export function notebookToHtml(nb: Notebook, title: string): string {
  const cells = nb.cells.map((cell) => {
    const src = joinSource(cell.source);
    if (cell.cell_type === "markdown") return `<div class="cell markdown">${marked.parse(src, { async: false })}</div>`;
    if (cell.cell_type !== "code") return `<div class="cell raw"><pre>${escapeHtml(src)}</pre></div>`;
    const count = cell.execution_count === null ? " " : String(cell.execution_count);
    const code = hljs.highlight(src, { language: "typescript" }).value;
    return (
      `<div class="cell code"><div class="prompt">[${count}]:</div>` +
      `<div class="source"><pre><code class="hljs language-typescript">${code}</code></pre></div>` +
      `<div class="outputs">${cell.outputs.map(renderOutput).join("\n")}</div></div>`
    );
  });
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${highlightCss()}${PAGE_CSS}</style></head>
<body>
${cells.join("\n")}
</body></html>
`;
}
