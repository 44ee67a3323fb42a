#!/usr/bin/env node
// @ts-check
// CLI: `npm run proxy [-- --port 8787 --origin <app origin> --allow-loopback --allow-private --token <t>]`
// starts the local forwarding proxy on 127.0.0.1 and prints the pairing token and links that hand
// it to the app (in the URL fragment, which never leaves the browser). Ctrl+C stops it.
import { parseArgs } from 'node:util';

import { DEFAULT_MAX_BODY_BYTES, DEFAULT_ORIGINS, DEFAULT_PORT, DEFAULT_TIMEOUT_MS, MIN_TOKEN_LENGTH, startProxy } from './server.js';

const USAGE = `Usage: npm run proxy -- [options]
  --port <n>          port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)
  --origin <origin>   an app origin to accept, exact match; repeatable
                      (default ${DEFAULT_ORIGINS.join(', ')})
  --public-host <h>   also accept this Host header (host[:port]), when an https reverse proxy
                      in front of this one serves it under a public name; repeatable
  --token <t>         pairing token (default: env PROXY_TOKEN, else 32 random bytes; at least ${MIN_TOKEN_LENGTH} characters)
  --allow-loopback    forward to loopback targets (local servers, e.g. the demo on 127.0.0.1:9090)
  --allow-private     forward to private-network targets (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7)
  --max-body <bytes>  largest request body forwarded (default ${DEFAULT_MAX_BODY_BYTES})
  --timeout <ms>      time allowed for one forward (default ${DEFAULT_TIMEOUT_MS})`;

/** @type {ReturnType<typeof parseArgs>['values'] & Record<string, any>} */
let options;
try {
  ({ values: options } = parseArgs({
    options: {
      port: { type: 'string', default: String(DEFAULT_PORT) },
      origin: { type: 'string', multiple: true },
      'public-host': { type: 'string', multiple: true },
      token: { type: 'string' },
      'allow-loopback': { type: 'boolean', default: false },
      'allow-private': { type: 'boolean', default: false },
      'max-body': { type: 'string', default: String(DEFAULT_MAX_BODY_BYTES) },
      timeout: { type: 'string', default: String(DEFAULT_TIMEOUT_MS) },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

/** @param {string} name @param {string} value @param {number} min */
function integer(name, value, min) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || (name === 'port' && n > 65535)) {
    console.error(`--${name} must be an integer${name === 'port' ? ' from 0 to 65535' : ` of at least ${min}`}, got "${value}"`);
    process.exit(2);
  }
  return n;
}

const origins = options.origin ?? DEFAULT_ORIGINS;
for (const origin of origins) {
  let parsed;
  try {
    parsed = new URL(origin);
  } catch {
    parsed = null;
  }
  if (!parsed || parsed.origin !== origin.replace(/\/$/, '')) {
    console.error(`--origin must be an origin such as https://playground.example.com (scheme, host, port; no path), got "${origin}"`);
    process.exit(2);
  }
}

/** @type {Awaited<ReturnType<typeof startProxy>>} */
let proxy;
try {
  proxy = await startProxy({
    port: integer('port', options.port, 0),
    origins,
    hosts: options['public-host'] ?? [],
    token: options.token ?? process.env.PROXY_TOKEN ?? undefined,
    allowLoopback: options['allow-loopback'],
    allowPrivate: options['allow-private'],
    maxBodyBytes: integer('max-body', options['max-body'], 1),
    timeoutMs: integer('timeout', options.timeout, 1),
  });
} catch (error) {
  console.error(`Could not start the proxy: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

const fragment = new URLSearchParams({ 'proxy-token': proxy.token, proxy: proxy.url }).toString();
console.log(`
  OAuth Playground local proxy   ${proxy.url}  (127.0.0.1 only)
  Accepts requests from          ${proxy.origins.join(', ')}
  Forwards to                    public https hosts${options['allow-loopback'] ? ', loopback (http or https)' : ''}${options['allow-private'] ? ', private networks' : ''}

  Pairing token: ${proxy.token}

  Open the app with this link to pair it (the token travels in the #fragment, which is never sent
  to a server; the app removes it from the address bar at once):
${proxy.origins.map((origin) => `    ${origin}/#${fragment}`).join('\n')}
  or paste the token into "Proxy pairing token". Then tick "Send through local proxy".
  Press Ctrl+C to stop.
`);

async function stop() {
  await proxy.close().catch(() => undefined);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
