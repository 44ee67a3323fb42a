// A deliberately misbehaving token server for end-to-end tests: each route answers a token
// request in a way a careful client must reject. CORS is wide open so the browser can read
// (and the app must handle) every body.
//   node tests/support/hostile-server.js   → listens on 127.0.0.1:9091 until SIGINT/SIGTERM
import http from 'node:http';
import { fileURLToPath } from 'node:url';

/** Route → canned response. Meant for POST; any method gets the same answer and the body is ignored. */
const ROUTES = {
  '/html-token': {
    status: 200,
    type: 'text/html; charset=utf-8',
    body: '<html><body><h1>Login</h1><script>window.__pwned=1</script></body></html>',
  },
  '/truncated-token': { status: 200, type: 'application/json', body: '{"access_token":"abc","token_ty' },
  '/no-access-token': { status: 200, type: 'application/json', body: '{"token_type":"bearer","expires_in":60}' },
  '/error-500': { status: 500, type: 'text/plain; charset=utf-8', body: 'upstream exploded' },
};

/**
 * Start the hostile token server on 127.0.0.1.
 * @param {{ port?: number, host?: string }} [options] `port: 0` picks a free port
 * @returns {Promise<{ origin: string, close: () => Promise<void> }>}
 */
export async function startHostileServer({ port = 9091, host = '127.0.0.1' } = {}) {
  const server = http.createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'no-store');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'POST, GET',
        'Access-Control-Allow-Headers': '*, authorization, content-type',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    req.resume(); // the body is ignored, but drain it
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const route = ROUTES[pathname];
    if (pathname === '/') {
      // an index, so a test runner can tell the server is up
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(Object.keys(ROUTES)));
    } else if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    } else {
      res.writeHead(route.status, { 'Content-Type': route.type }).end(route.body);
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const bound = /** @type {import('node:net').AddressInfo} */ (server.address());

  return {
    origin: `http://${host}:${bound.port}`,
    close: () => new Promise((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { origin, close } = await startHostileServer();
  console.log(`hostile token server on ${origin}: ${Object.keys(ROUTES).join(' ')}`);
  const stop = () => close().then(() => process.exit(0), () => process.exit(1));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
