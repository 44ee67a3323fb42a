#!/usr/bin/env node
// `npm run bench`: builds for production and prints each benchmark figure, one a line.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { startupBytes, STARTUP_BUDGET_BYTES } from './startup-bytes.js';

const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const total = startupBytes(resolve('dist')).reduce((sum, f) => sum + f.gzip, 0);
console.log(`startup_js_css_gzip_bytes ${total} (budget ${STARTUP_BUDGET_BYTES}) ${total <= STARTUP_BUDGET_BYTES ? 'OK' : 'OVER'}`);
if (total > STARTUP_BUDGET_BYTES) process.exitCode = 1;
