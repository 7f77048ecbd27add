import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Page } from "playwright-core";
import { ROOT } from "./runCli.js";

/** Debian's Chromium, which the browser tests drive (playwright-core never downloads one). */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * Opens a local HTML file in headless Chromium and runs `use` on the page with the list of
 * every request that left file: and data: (a page meant to work offline must leave it empty).
 * Closes the browser whatever happens.
 */
export async function withOfflinePage(file: string, viewport: { width: number; height: number }, use: (page: Page, requests: string[]) => Promise<void>): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport });
    const requests: string[] = [];
    page.on("request", (r) => { if (!/^(file|data):/.test(r.url())) requests.push(r.url()); });
    await page.goto(pathToFileURL(file).href);
    await use(page, requests);
  } finally {
    await browser.close();
  }
}

/** Where the browser tests keep their screenshots (for a person to look at). */
export function screenshotPath(name: string): string {
  const shots = join(ROOT, ".cache", "screenshots");
  mkdirSync(shots, { recursive: true });
  return join(shots, name);
}
