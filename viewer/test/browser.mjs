// Headless Debian Chromium driven by playwright-core, for the viewer's tests and screenshots.
// Never a downloaded browser: the machine's own /usr/bin/chromium, with the flags that keep it
// off the network, and a fresh empty profile each time.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const kChromium = process.env.DAGARRAY_CHROMIUM ?? '/usr/bin/chromium';

const kFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** @returns {{context, close}}: a persistent context on a throw-away profile. */
export async function launch({ width = 1400, height = 860 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'dagarray-viewer-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: kChromium,
    headless: true,
    args: kFlags,
    viewport: { width, height },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A new page that records its errors (uncaught, and console.error) in `problems`. */
export async function newPage(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  return { page, problems };
}

/**
 * Opens `url` and waits until the page has drawn `view` (or shown an error).
 * @returns what the page recorded: {view, renderedNodes, drawMs, error}
 */
export async function openView(context, url, view, { timeout = 120_000 } = {}) {
  const { page, problems } = await newPage(context);
  // Not 'load': that event waits for the first drawing, which the timeout below covers.
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return { page, problems, ...(await waitForDrawing(page, view, { timeout })) };
}

/** Waits for the body's data-rendered-nodes under data-view = `view`, or data-error. */
export async function waitForDrawing(page, view, { timeout = 120_000 } = {}) {
  await page.waitForFunction(
    (wanted) =>
      document.body.dataset.error ||
      (document.body.dataset.view === wanted && document.body.dataset.renderedNodes !== undefined),
    view,
    { timeout },
  );
  return page.evaluate(() => ({
    view: document.body.dataset.view,
    renderedNodes: Number(document.body.dataset.renderedNodes),
    drawMs: Number(document.body.dataset.drawMs),
    readyMs: Number(document.body.dataset.readyMs),
    error: document.body.dataset.error ? document.getElementById('status').textContent : undefined,
  }));
}
