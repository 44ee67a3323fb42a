// The servers the timed benchmarks need: the built app on a static server (a free port, so it never
// collides with vite preview), and the local demo provider on 9090 (the presets point there).
import { spawn } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * Serves `dist` on 127.0.0.1 (port 0: a free one) as a plain static host would.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startStaticServer(dist) {
  const root = resolve(dist);
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      statSync(file);
    } catch {
      return void res.writeHead(404).end('not found');
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
    createReadStream(file).pipe(res);
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok(undefined)); }),
  };
}

export const DEMO_ORIGIN = 'http://127.0.0.1:9090';

async function isUp(url) {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

/**
 * The demo provider on 9090: reused when one already answers, otherwise started and stopped with us.
 * @returns {Promise<{ origin: string, started: boolean, close: () => Promise<void> }>}
 */
export async function ensureDemoServer() {
  const discovery = `${DEMO_ORIGIN}/.well-known/openid-configuration`;
  if (await isUp(discovery)) return { origin: DEMO_ORIGIN, started: false, close: async () => {} };
  const child = spawn(process.execPath, ['demo/main.js', '--port', '9090'], { stdio: 'ignore' });
  const exited = new Promise((ok) => child.once('exit', ok));
  for (let i = 0; i < 100 && !(await isUp(discovery)); i++) {
    if (child.exitCode !== null) throw new Error(`the demo server exited (${child.exitCode}); is port 9090 taken?`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  if (!(await isUp(discovery))) {
    child.kill('SIGTERM');
    throw new Error('the demo server did not come up on 9090');
  }
  return {
    origin: DEMO_ORIGIN,
    started: true,
    close: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
