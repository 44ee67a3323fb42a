#!/usr/bin/env node
// Regenerates docs/screenshot.png for the README. Needs the demo server (:9090) and the built
// app served by `npx vite preview` (:4173) running.
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './chromium.js';

const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, colorScheme: 'light' });
await page.goto('http://127.0.0.1:4173/');
await page.getByRole('button', { name: 'Get token' }).click();
await page.waitForFunction(() => document.getElementById('access-token')?.value !== '');
await page.getByRole('button', { name: 'Send' }).click();
await page.getByTestId('response-status').waitFor();
await page.screenshot({ path: 'docs/screenshot.png', fullPage: false });
await browser.close();
