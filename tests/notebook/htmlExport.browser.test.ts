import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { runNotebook } from "../../lib/notebook/runNotebook.js";
import { writeExecuted } from "../../lib/notebook/writeExecuted.js";
import { requireTool } from "../support/requireTool.js";
import { ROOT } from "../support/runCli.js";

const CHROMIUM = "/usr/bin/chromium";

describe("lab 00's HTML export in headless Chromium", function () {
  this.timeout(180_000);

  it("renders every plotly chart offline from a file:// page, and keeps a screenshot", async function () {
    if (!requireTool(this, existsSync(CHROMIUM), "Debian's Chromium", "sudo apt-get install chromium")) return;
    const result = await runNotebook(join(ROOT, "notebooks", "00-basics.ipynb"), { timeoutS: 120 });
    assert.deepEqual(result.failures, []);
    const { html } = writeExecuted(result.notebook, "00-basics.ipynb", mkdtempSync(join(tmpdir(), "tinyml-html-")));
    const plotCells = result.notebook.cells.filter((c) => c.cell_type === "code" && /\bplot\(|layerPlot\(|fitPlot\(/.test(Array.isArray(c.source) ? c.source.join("") : c.source));
    assert.ok(plotCells.length >= 3);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const requests: string[] = [];
      page.on("request", (r) => {
        if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url());
      });
      await page.goto(pathToFileURL(html).href);
      await page.waitForSelector(".js-plotly-plot .main-svg", { timeout: 30_000 });
      // Five figures: two per-layer plots, two fit plots, one training curve.
      await page.waitForFunction(() => document.querySelectorAll(".js-plotly-plot .main-svg").length >= 10, undefined, { timeout: 30_000 });
      assert.equal(await page.locator(".js-plotly-plot").count(), 5);
      // Bars were drawn, not just empty axes.
      assert.ok((await page.locator(".js-plotly-plot .bars path").count()) > 10);
      assert.deepEqual(requests, [], "the page must not fetch anything from the network");
      const shots = join(ROOT, ".cache", "screenshots");
      mkdirSync(shots, { recursive: true });
      await page.locator(".js-plotly-plot").nth(2).scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, "lab00-export.png") });
    } finally {
      await browser.close();
    }
  });
});
