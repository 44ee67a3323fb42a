#!/usr/bin/env node
// Gzipped bytes of every JS and CSS file the built page loads at startup: the entry script, the
// chunks it preloads or imports statically, stylesheets, and the workbench chunk (header tools,
// sidebar and drawer frames), which main.ts imports before the app's first paint (an embed does not).
// Other lazily imported chunks do not count.
// Usage: node bench/startup-bytes.js [--dist dist] [--check]   (--check: exit 1 over budget)
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const STARTUP_BUDGET_BYTES = 45 * 1024;

/** Files (relative to dist) loaded at startup, following static imports of JS chunks. */
export function startupFiles(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const queue = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1].replace(/^\.\//, ''));
  // vite.config.ts's `workbench` group: imported by main.ts with storage, before the first paint
  queue.push(...readdirSync(join(dist, 'assets')).filter((f) => /^workbench-[\w-]+\.(js|css)$/.test(f)).map((f) => `assets/${f}`));
  const seen = new Set();
  while (queue.length) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    const code = readFileSync(join(dist, file), 'utf8');
    // static imports only: `import ... from "./x.js"` / `import "./x.js"`, not `import("./x.js")`
    for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^"'()]*?from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) {
      queue.push(join(dirname(file), m[1]));
    }
  }
  return [...seen];
}

export function startupBytes(dist) {
  return startupFiles(dist).map((file) => ({ file, gzip: gzipSync(readFileSync(join(dist, file)), { level: 9 }).length }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const dist = resolve(args.includes('--dist') ? args[args.indexOf('--dist') + 1] : 'dist');
  const files = startupBytes(dist);
  const total = files.reduce((sum, f) => sum + f.gzip, 0);
  for (const f of files) console.log(`  ${f.file}: ${f.gzip} B gzip`);
  console.log(`startup JS+CSS (gzip): ${total} B = ${(total / 1024).toFixed(1)} KiB (budget ${STARTUP_BUDGET_BYTES / 1024} KiB)`);
  if (args.includes('--check') && total > STARTUP_BUDGET_BYTES) {
    console.error(`Over budget by ${total - STARTUP_BUDGET_BYTES} B: load heavy code lazily (dynamic import).`);
    process.exit(1);
  }
}
