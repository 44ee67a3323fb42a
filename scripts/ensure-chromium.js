#!/usr/bin/env node
// Finds Debian's Chromium, installing it with apt-get when it is missing and we may (root, or
// passwordless sudo). Fails with a message saying what to do otherwise.
import { aptInstall } from './apt.js';
import { findChromium } from './chromium.js';

let path = findChromium();
if (!path) {
  if (process.env.CHROMIUM_PATH) {
    console.error(`CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, but nothing is there.`);
    process.exit(1);
  }
  console.log('Chromium is not installed; installing Debian’s chromium package for the browser tests…');
  aptInstall(['chromium']);
  path = findChromium();
}
if (!path) {
  console.error(
    [
      'The browser tests need Chromium and none was found.',
      'Install it with:  sudo apt-get install -y chromium   (Debian/Ubuntu)',
      'or point CHROMIUM_PATH at a Chromium or Chrome executable.',
      '(`npx playwright install` cannot download browsers on machines without internet access.)',
    ].join('\n'),
  );
  process.exit(1);
}
console.log(`Chromium: ${path}`);
