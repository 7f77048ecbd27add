import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { estimate } from "../../lib/hwsim/estimate.js";
import { findDevice } from "../../lib/hwsim/findDevice.js";
import { formatReport } from "../../lib/hwsim/formatReport.js";
import { latencyFigure } from "../../lib/hwsim/latencyFigure.js";
import { memoryTimelineFigure } from "../../lib/hwsim/memoryTimelineFigure.js";
import { figurePageHtml } from "../../lib/viz/plot.js";
import { courseModels } from "../support/courseModels.js";
import { CHROMIUM, screenshotPath, withOfflinePage } from "../support/offlinePage.js";
import { requireTool } from "../support/requireTool.js";

describe("hwsim report figures in headless Chromium", function () {
  this.timeout(120_000);

  it("draws one latency bar per layer and one arena box per tensor, offline", async function () {
    if (!requireTool(this, existsSync(CHROMIUM), "Debian's Chromium", "sudo apt-get install chromium")) return;
    const [{ graph }] = await courseModels();
    const report = estimate(graph, findDevice("nucleo-f412zg"), { planner: "patch" });
    const file = join(mkdtempSync(join(tmpdir(), "tinyml-figs-")), "report.html");
    writeFileSync(file, figurePageHtml("report", formatReport(report), [latencyFigure(report), memoryTimelineFigure(report)]));
    await withOfflinePage(file, { width: 1100, height: 1400 }, async (page, requests) => {
      await page.waitForFunction(() => document.querySelectorAll(".js-plotly-plot .main-svg").length >= 4, undefined, { timeout: 30_000 });
      const plots = page.locator(".js-plotly-plot");
      assert.equal(await plots.count(), 2);
      assert.equal(await plots.nth(0).locator(".bars .point").count(), report.layers.length);
      // Every tensor's box, plus the dashed arena line.
      assert.equal(await plots.nth(1).locator(".scatterlayer .trace").count(), report.buffers.length + 1);
      assert.ok(report.buffers.length >= graph.operators.length);
      assert.deepEqual(requests, [], "the page must not fetch anything from the network");
      await page.screenshot({ path: screenshotPath("hwsim-report.png"), fullPage: true });
    });
  });
});
