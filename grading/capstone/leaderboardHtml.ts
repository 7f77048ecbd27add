import { escapeHtml } from "../../lib/viz/escapeHtml.js";
import { figurePageHtml } from "../../lib/viz/plot.js";
import type { GradescopeResults } from "../gradescopeResults.js";
import type { CapstoneSpec } from "../labs/capstone.js";

/**
 * The class leaderboard, one offline page: a table sortable by any column (click its
 * header) and accuracy against Track A's latency, with the latency budget and the accuracy
 * tiers drawn. Submissions without leaderboard figures (unreadable models) are listed
 * with their score only and left out of the plot.
 */
export function leaderboardHtml(spec: CapstoneSpec, all: { id: string; r: GradescopeResults }[]): string {
  const columns = all.find((a) => a.r.leaderboard !== undefined)?.r.leaderboard?.map((e) => e.name) ?? [];
  const trackNames = spec.tracks.map((t) => `Track ${t.id}`);
  const rows = all.map(({ id, r }) => {
    const fits = spec.tracks.map((t) => r.tests.find((x) => x.name.startsWith(`Track ${t.id}:`))?.status === "passed");
    return { id, score: r.score, max: r.max_score, values: columns.map((c) => r.leaderboard?.find((e) => e.name === c)?.value ?? null), fits };
  });
  const head = ["student", "score", ...columns, ...trackNames].map((h, i) => `<th data-col="${i}" style="cursor:pointer">${escapeHtml(h)} ⇅</th>`).join("");
  const body = rows.map((row) => "<tr>" + [
    `<td>${escapeHtml(row.id)}</td>`,
    `<td data-v="${row.score}">${row.score} / ${row.max}</td>`,
    ...row.values.map((v) => (v === null ? `<td data-v="">–</td>` : `<td data-v="${v}">${v}</td>`)),
    ...row.fits.map((f) => `<td data-v="${f ? 1 : 0}">${f ? "fits" : "over"}</td>`),
  ].join("") + "</tr>").join("");
  // Sorting: numbers by value (data-v), text by name; a second click reverses.
  const script = `<script>(function(){var t=document.getElementById("board");var dir={};t.querySelectorAll("th").forEach(function(th){th.addEventListener("click",function(){` +
    `var c=+th.dataset.col;dir[c]=!dir[c];var rs=Array.prototype.slice.call(t.tBodies[0].rows);rs.sort(function(a,b){var x=a.cells[c],y=b.cells[c];` +
    `var u=x.dataset.v,w=y.dataset.v;var r=(u!==undefined&&w!==undefined)?((u===""?-Infinity:+u)-(w===""?-Infinity:+w)):x.textContent.localeCompare(y.textContent);return dir[c]?r:-r;});` +
    `rs.forEach(function(r){t.tBodies[0].appendChild(r);});});});})();</script>`;
  const table = `<table id="board" border="1" cellpadding="6" style="border-collapse:collapse"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${script}`;
  const acc = columns.findIndex((c) => c.startsWith("Accuracy"));
  const lat = columns.findIndex((c) => c.startsWith("Latency"));
  const plotted = rows.filter((r) => acc >= 0 && lat >= 0 && r.values[acc] !== null && r.values[lat] !== null && r.values[acc] !== 0);
  const a = spec.tracks[0];
  const xs = plotted.map((r) => r.values[lat] as number);
  const xMax = Math.max(a.latencyMs * 1.5, ...xs) * 1.05;
  const figure = {
    data: [
      { type: "scatter", mode: "markers+text", name: "submissions", x: xs, y: plotted.map((r) => r.values[acc]), text: plotted.map((r) => r.id), textposition: "bottom center",
        marker: { size: 10, color: plotted.map((r) => (r.fits[0] ? "#2a9d8f" : "#e76f51")) } },
      { type: "scatter", mode: "lines", name: `Track ${a.id} latency budget (${a.latencyMs} ms)`, x: [a.latencyMs, a.latencyMs], y: [0, 100], line: { dash: "dash", color: "#264653" } },
      ...spec.tiers.map((t) => ({ type: "scatter", mode: "lines", name: `${(100 * t.minAccuracy).toFixed(0)}% tier`, x: [0, xMax], y: [100 * t.minAccuracy, 100 * t.minAccuracy], line: { dash: "dot", width: 1, color: "#999" }, showlegend: false })),
    ],
    layout: {
      title: { text: `Accuracy on the hidden clips against latency on ${a.board} (green: fits Track ${a.id})` },
      xaxis: { title: { text: `latency on ${a.board} (ms)` }, range: [0, xMax] },
      yaxis: { title: { text: "hidden-clip accuracy (%)" }, range: [Math.min(80, ...plotted.map((r) => r.values[acc] as number)) - 2, 101] },
    },
  };
  const text = `${all.length} submissions. Tracks: ${spec.tracks.map((t) => `${t.id}: ${t.board}, ${t.latencyMs} ms, ${t.peakSramBytes / 1024} KB SRAM, ${t.flashBytes / 1024} KB flash`).join("; ")}.`;
  return figurePageHtml(`Capstone leaderboard (lab ${spec.lab})`, text, [figure], {}, table);
}
