#!/usr/bin/env node
// `npm run screenshots`: the main views at 1440, 1024 and 390 px wide, light and dark, written to
// screenshots/ (or the folder given as the first argument) for reviewers; nothing is asserted.
// Also refreshes docs/screenshot.png for the README. Builds nothing: run `npx vite build` first.
// Starts its own demo server (:9090) and preview server (:4173) unless they already answer.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { startDemoServer } from '../demo/server.js';
import { CHROMIUM_ARGS, findChromium } from './chromium.js';

const APP = 'http://127.0.0.1:4173/';
const out = process.argv[2] ?? 'screenshots';
mkdirSync(out, { recursive: true });

const answers = (url) => fetch(url).then(() => true, () => false);
const demo = (await answers('http://127.0.0.1:9090/.well-known/openid-configuration')) ? null : await startDemoServer({ log: () => {} });
const server = (await answers(APP)) ? null : await preview({ preview: { port: 4173, strictPort: true, host: '127.0.0.1' }, logLevel: 'silent' });

/** Each view opens on a fresh page and brings the app into the state it shows. */
const VIEWS = {
  start: async () => {},
  'client-credentials': async (page) => {
    await page.getByRole('button', { name: 'Get token' }).click();
    await page.waitForFunction(() => document.getElementById('access-token')?.value !== '');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByTestId('response-status').waitFor();
  },
  'error-alert': async (page) => {
    await page.getByLabel('Client secret', { exact: true }).fill('wrong');
    await page.getByRole('button', { name: 'Get token' }).click();
    await page.getByRole('alert').first().waitFor();
  },
  'authorization-code': async (page) => {
    await page.getByLabel('Preset').selectOption({ label: 'Local demo: Authorization Code + PKCE (public client)' });
    await page.getByRole('button', { name: 'Get token' }).click();
    await page.getByPlaceholder('Enter any login').fill('demo-user');
    await page.getByPlaceholder('and password').fill('demo-password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(APP + '**');
    await page.waitForFunction(() => document.getElementById('access-token')?.value);
  },
  'advanced-open': async (page) => {
    await page.getByTestId('advanced').locator('summary').first().click();
  },
};

const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
try {
  for (const theme of ['light', 'dark']) {
    for (const width of [1440, 1024, 390]) {
      const height = width === 390 ? 844 : 900;
      for (const [name, open] of Object.entries(VIEWS)) {
        const phone = width === 390 ? { isMobile: true, hasTouch: true } : {};
        const page = await browser.newPage({ viewport: { width, height }, colorScheme: theme, ...phone });
        await page.goto(APP);
        await page.getByRole('button', { name: 'Get token' }).and(page.locator(':enabled')).waitFor();
        // the sidebar and the header's environment switcher are drawn once the library has loaded
        await page.getByRole('heading', { name: 'Saved credentials' }).waitFor();
        await open(page);
        await page.screenshot({ path: join(out, `${name}-${width}-${theme}.png`) });
        if (name === 'client-credentials' && width === 1440 && theme === 'light') {
          // the README's: from the top, the token first (Send scrolled its response into view)
          await page.evaluate(() => { window.scrollTo(0, 0); document.querySelector('.result')?.scrollTo(0, 0); });
          await page.screenshot({ path: 'docs/screenshot.png' });
        }
        await page.close();
      }
      const docs = await browser.newPage({ viewport: { width, height }, colorScheme: theme });
      await docs.goto(`${APP}examples/docs.html`);
      await docs.frameLocator('#cc-frame').getByRole('button', { name: 'Get token' }).and(docs.frameLocator('#cc-frame').locator(':enabled')).waitFor();
      await docs.screenshot({ path: join(out, `embed-docs-${width}-${theme}.png`), fullPage: true });
      await docs.close();
    }
  }
  console.log(`screenshots written to ${out}/`);
} finally {
  await browser.close();
  await server?.close();
  await demo?.close?.();
}
