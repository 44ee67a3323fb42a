#!/usr/bin/env node
// Finds Debian's Chromium, installing it with apt-get when it is missing and we may (root, or
// passwordless sudo). Fails with a message saying what to do otherwise.
import { spawnSync } from 'node:child_process';
import { findChromium } from './chromium.js';

function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
}

let path = findChromium();
if (!path) {
  if (process.env.CHROMIUM_PATH) {
    console.error(`CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, but nothing is there.`);
    process.exit(1);
  }
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  const isRoot = process.getuid?.() === 0;
  const sudo = !isRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  if (hasApt && (isRoot || sudo)) {
    console.log('Chromium is not installed; installing Debian’s chromium package for the browser tests…');
    const prefix = isRoot ? [] : ['sudo', '-n'];
    const [cmd, ...rest] = [...prefix, 'apt-get'];
    const ok = run(cmd, [...rest, 'update', '-qq']) && run(cmd, [...rest, 'install', '-y', '-qq', 'chromium']);
    if (!ok) console.error('apt-get could not install chromium.');
    path = findChromium();
  }
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
