#!/usr/bin/env node
// Gzipped bytes of the JS and CSS the embedded view (`?embed=1&preset=…`) loads before `Get token`
// is enabled, measured in headless Chromium: every script and stylesheet the page (and the chunks it
// imports, lazily or not) started fetching before the button became usable, each body gzipped
// (level 9, as bench/startup-bytes.js does; the static server sends them uncompressed).
// Usage: node bench/embed-bytes.js [--dist dist] [--preset local-demo] [--check]
//   (builds nothing: run `npx vite build` first; --check: exit 1 over budget)
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.js';
import { startStaticServer } from './servers.js';

export const EMBED_BUDGET_BYTES = 36 * 1024;

/**
 * Installed before the page's own scripts: records `performance.now()` the moment `Get token` is
 * in the page, visible and enabled (the same test as the cold-load benchmark).
 */
function watchGetTokenReady() {
  const ready = () => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Get token');
    return button && !button.disabled && button.getClientRects().length > 0;
  };
  const observer = new MutationObserver(() => {
    if (ready()) {
      window.__getTokenReady = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
}

/**
 * The JS and CSS files `?embed=1&preset=<preset>` fetched before `Get token` was enabled, with
 * their gzipped sizes, from a fresh browser context (empty cache and storage).
 * @param {{ browser: import('@playwright/test').Browser, appUrl: string }} env
 * @returns {Promise<{ file: string, gzip: number }[]>}
 */
export async function embedFiles({ browser, appUrl }, preset = 'local-demo') {
  const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
  try {
    const page = await context.newPage();
    const bodies = new Map();
    page.on('response', (response) => {
      if (/\.(js|css)$/.test(new URL(response.url()).pathname)) bodies.set(response.url(), response.body().catch(() => null));
    });
    await page.addInitScript(watchGetTokenReady);
    await page.goto(`${appUrl}?embed=1&preset=${encodeURIComponent(preset)}`);
    await page.waitForFunction(() => window.__getTokenReady !== undefined, null, { timeout: 20_000 });
    const fetched = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => entry.startTime <= window.__getTokenReady && /\.(js|css)$/.test(new URL(entry.name).pathname))
        .map((entry) => entry.name),
    );
    const files = [];
    for (const url of new Set(fetched)) {
      const body = await bodies.get(url);
      if (!body) throw new Error(`no body recorded for ${url}`);
      files.push({ file: new URL(url).pathname.replace(/^\//, ''), gzip: gzipSync(body, { level: 9 }).length });
    }
    return files;
  } finally {
    await context.close();
  }
}

/**
 * The embed figure for bench/run.js: the total, against the 36 KiB budget.
 * @param {{ browser: import('@playwright/test').Browser, appUrl: string }} env
 */
export async function embedBytes(env) {
  const total = (await embedFiles(env)).reduce((sum, f) => sum + f.gzip, 0);
  return [{ name: 'embed_js_css_gzip_bytes', value: total, unit: 'B', budget: EMBED_BUDGET_BYTES }];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
  const executablePath = findChromium();
  if (!executablePath) {
    console.error('No Chromium found (set CHROMIUM_PATH).');
    process.exit(1);
  }
  const app = await startStaticServer(resolve(option('--dist', 'dist')));
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    const files = await embedFiles({ browser, appUrl: app.url }, option('--preset', 'local-demo'));
    const total = files.reduce((sum, f) => sum + f.gzip, 0);
    for (const f of files) console.log(`  ${f.file}: ${f.gzip} B gzip`);
    const verdict = total <= EMBED_BUDGET_BYTES ? 'within' : 'over';
    console.log(`embed JS+CSS before Get token (gzip): ${total} B = ${(total / 1024).toFixed(1)} KiB (budget ${EMBED_BUDGET_BYTES / 1024} KiB) ${verdict}`);
    if (args.includes('--check') && total > EMBED_BUDGET_BYTES) process.exitCode = 1;
  } finally {
    await browser.close();
    await app.close();
  }
}
