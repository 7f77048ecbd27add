import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runNotebook } from "../../lib/notebook/runNotebook.js";
import { writeExecuted } from "../../lib/notebook/writeExecuted.js";
import { CHROMIUM, screenshotPath, withOfflinePage } from "../support/offlinePage.js";
import { requireTool } from "../support/requireTool.js";
import { ROOT } from "../support/runCli.js";

describe("lab 00's HTML export in headless Chromium", function () {
  this.timeout(180_000);

  it("renders every plotly chart offline from a file:// page, and keeps a screenshot", async function () {
    if (!requireTool(this, existsSync(CHROMIUM), "Debian's Chromium", "sudo apt-get install chromium")) return;
    const result = await runNotebook(join(ROOT, "notebooks", "00-basics.ipynb"), { timeoutS: 120 });
    assert.deepEqual(result.failures, []);
    const { html } = writeExecuted(result.notebook, "00-basics.ipynb", mkdtempSync(join(tmpdir(), "tinyml-html-")));
    const plotCells = result.notebook.cells.filter((c) => c.cell_type === "code" && /\bplot\(|layerPlot\(|fitPlot\(/.test(Array.isArray(c.source) ? c.source.join("") : c.source));
    assert.ok(plotCells.length >= 3);
    await withOfflinePage(html, { width: 1200, height: 900 }, async (page, requests) => {
      await page.waitForSelector(".js-plotly-plot .main-svg", { timeout: 30_000 });
      // Five figures: two per-layer plots, two fit plots, one training curve.
      await page.waitForFunction(() => document.querySelectorAll(".js-plotly-plot .main-svg").length >= 10, undefined, { timeout: 30_000 });
      assert.equal(await page.locator(".js-plotly-plot").count(), 5);
      // Bars were drawn, not just empty axes.
      assert.ok((await page.locator(".js-plotly-plot .bars path").count()) > 10);
      assert.deepEqual(requests, [], "the page must not fetch anything from the network");
      await page.locator(".js-plotly-plot").nth(2).scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath("lab00-export.png") });
    });
  });
});
