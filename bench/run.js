#!/usr/bin/env node
// `npm run bench`: builds for production and prints each benchmark figure, one a line:
//   name value unit (budget X unit) within|over
// Only the startup bytes (deterministic) fail the run; the figures measured in the browser (the
// embedded view's bytes, the timings) are reported, not asserted.
// Ports: the app is served on a free port; the demo provider on 9090 is reused or started.
// To add a figure: write `async (env) => Figure[]` (see bench/browser-figures.js) and list it in BROWSER_BENCHMARKS.
// `--only=scale,coldLoad` runs just those timed benchmarks (by function name).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.js';
import { clientCredentialsOverhead, coldLoad, heapAfterRuns, scale } from './browser-figures.js';
import { embedBytes } from './embed-bytes.js';
import { ensureDemoServer, startStaticServer } from './servers.js';
import { startupBytes, STARTUP_BUDGET_BYTES } from './startup-bytes.js';

/** The benchmarks in the browser, in order. Each gets `{ browser, appUrl, demoOrigin }`. */
const BROWSER_BENCHMARKS = [embedBytes, coldLoad, clientCredentialsOverhead, heapAfterRuns, scale];
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');

/** @param {{ name: string, value: number, unit: string, budget: number }} figure */
function print({ name, value, unit, budget }) {
  const verdict = Number.isFinite(budget) ? ` (budget ${budget} ${unit}) ${value <= budget ? 'within' : 'over'}` : '';
  console.log(`${name} ${value} ${unit}${verdict}`);
}

const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const dist = resolve('dist');
const total = startupBytes(dist).reduce((sum, f) => sum + f.gzip, 0);
print({ name: 'startup_js_css_gzip_bytes', value: total, unit: 'B', budget: STARTUP_BUDGET_BYTES });
if (total > STARTUP_BUDGET_BYTES) process.exitCode = 1;

if (process.argv.includes('--bytes-only')) process.exit();
const executablePath = findChromium();
if (!executablePath) {
  console.error('No Chromium found (set CHROMIUM_PATH): timed figures skipped.');
  process.exit();
}

const cleanups = [];
try {
  const app = await startStaticServer(dist);
  cleanups.push(app.close);
  const demo = await ensureDemoServer();
  cleanups.push(demo.close);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  cleanups.push(() => browser.close());
  for (const bench of BROWSER_BENCHMARKS.filter((b) => !only || only.includes(b.name))) {
    try {
      for (const figure of await bench({ browser, appUrl: app.url, demoOrigin: demo.origin })) print(figure);
    } catch (error) {
      console.error(`${bench.name} failed: ${error instanceof Error ? error.message : error}`);
      process.exitCode = 1;
    }
  }
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error(`cleanup: ${error.message}`));
}
