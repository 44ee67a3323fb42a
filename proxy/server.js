// @ts-check
// The local forwarding proxy: the app sends `<proxy>/forward` with `X-Proxy-Target: <absolute URL>`
// and `X-Proxy-Token: <pairing token>`; the proxy forwards method, headers and body unchanged to
// the target and returns the answer with CORS headers for the app's origin only.
//
// Safe by default: loopback only, Host header checked (DNS rebinding), exact Origin match and a
// per-run pairing token (an origin check stops browsers, not other local programs), https targets
// only (http to loopback), no private, link-local or loopback addresses after DNS resolution
// unless allowed, no redirects followed, no cookies either way, bounded bodies and time, and a log
// line per forward without bodies, query strings or secrets.
//
// Nothing a target or a client sends can end the process: a target's answer that is not valid
// HTTP/1.1 (a status outside 200-599, a control byte in the reason phrase or a header, an answer cut
// short, a protocol switch) gets the client a 502 `upstream_invalid_response`; a client that goes
// away is let go; every stream has an 'error' listener, and the handlers run guarded.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';

import { checkAddress, checkTargetUrl, isLoopbackHost } from './target-check.js';

export const DEFAULT_PORT = 8787;
/** The app's origins: `npm run dev` (5173) and `vite preview` (4173), by IP and by name. */
export const DEFAULT_ORIGINS = ['http://127.0.0.1:5173', 'http://127.0.0.1:4173', 'http://localhost:5173', 'http://localhost:4173'];
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const MIN_TOKEN_LENGTH = 16;

/** Headers that describe one connection, not the message (RFC 9110 §7.6.1), and framing the proxy redoes. */
const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization',
  'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length', 'expect',
]);
/** Request headers about the browser-to-proxy hop, or cookies: never forwarded. */
const DROPPED_REQUEST = new Set([
  'origin', 'referer', 'cookie', 'cookie2', 'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip', 'priority',
]);
/** Response headers never returned: cookies, the target's own CORS answer (the proxy gives its own). */
const DROPPED_RESPONSE = new Set(['set-cookie', 'set-cookie2', 'location']);

/** A fresh pairing token: 32 random bytes, base64url. */
export function newPairingToken() {
  return randomBytes(32).toString('base64url');
}

/**
 * A `lookup` for `http.request` that resolves every address of a host name and keeps only those
 * `checkAddress` allows, so the connection goes to an address that was checked (no second lookup
 * a rebinding DNS server could answer differently). Fails with code `ETARGETFORBIDDEN` when none is.
 * @param {import('./target-check.js').TargetPolicy} policy
 * @param {typeof dns.lookup} [lookup] the resolver; injected in tests
 */
export function createCheckedLookup(policy, lookup = dns.lookup) {
  /**
   * @param {string} hostname
   * @param {dns.LookupOptions} options
   * @param {(err: Error | null, address: string | dns.LookupAddress[], family?: number) => void} callback
   */
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = /** @type {dns.LookupAddress[]} */ (addresses);
      const allowed = list.filter((entry) => checkAddress(entry.address, policy).ok);
      if (allowed.length === 0) {
        const first = list[0];
        const reason = first ? checkAddress(first.address, policy) : { ok: false, description: 'no address' };
        const description = `${hostname} resolves to ${'description' in reason ? reason.description : 'no allowed address'}`;
        return callback(Object.assign(new Error(description), { code: 'ETARGETFORBIDDEN' }), []);
      }
      const [chosen] = /** @type {[dns.LookupAddress]} */ (allowed);
      if (options.all) callback(null, allowed);
      else callback(null, chosen.address, chosen.family);
    });
  };
}

/** @param {string} a @param {string} b constant-time comparison of two strings of any length */
function sameSecret(a, b) {
  const digest = (/** @type {string} */ s) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** A header name (RFC 9110 §5.6.2 token). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;
/** A header value or reason phrase (RFC 9110 §5.5, RFC 9112 §4): tab, space, visible ASCII, obs-text; no controls, no DEL. */
const FIELD_TEXT = /^[\t\x20-\x7e\x80-\xff]*$/;

/** @param {string} value only header-name characters, so an echoed list cannot inject anything */
const headerList = (value) => value.split(',').map((name) => name.trim()).filter((name) => TOKEN.test(name)).join(', ');

/**
 * Why the target's answer cannot be relayed, or null when it can. Node's parser refuses most broken
 * answers itself (an 'error' with an `HPE_` code); this is what it lets through and `writeHead`
 * would throw on or pass to the browser: a final status outside 200-599 (RFC 9110 §15; 1xx are
 * interim and never reach 'response'), or bytes a reason phrase or header may not hold.
 * @param {http.IncomingMessage} answer
 */
function invalidAnswer(answer) {
  const status = answer.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) return `status ${status}, outside 200-599`;
  if (!FIELD_TEXT.test(answer.statusMessage ?? '')) return 'a control character in the reason phrase';
  for (let i = 0; i < answer.rawHeaders.length; i += 2) {
    const name = String(answer.rawHeaders[i]);
    if (!TOKEN.test(name)) return 'a header name that is not a token';
    if (!FIELD_TEXT.test(String(answer.rawHeaders[i + 1]))) return `a control character in the ${name} header`;
  }
  return null;
}

/**
 * @typedef {object} ProxyOptions
 * @property {number} [port] default 8787; 0 picks a free port
 * @property {string[]} [origins] the app origins accepted (exact match)
 * @property {string[]} [hosts] more `Host` header values to accept (a public name, behind an https reverse proxy)
 * @property {string} [token] the pairing token; default `newPairingToken()`
 * @property {boolean} [allowLoopback] forward to loopback targets (local test servers)
 * @property {boolean} [allowPrivate] forward to private-network targets
 * @property {number} [maxBodyBytes] largest request body forwarded
 * @property {number} [maxResponseBytes] largest response body returned
 * @property {number} [timeoutMs] time allowed for one forward, answer included
 * @property {(line: string) => void} [log] one line per request; never bodies or secrets
 * @property {typeof dns.lookup} [lookup] the resolver; injected in tests
 */

/**
 * Starts the proxy on 127.0.0.1 (never another interface).
 * @param {ProxyOptions} [options]
 * @returns {Promise<{ url: string, port: number, token: string, origins: string[], close: () => Promise<void> }>}
 */
export async function startProxy(options = {}) {
  const {
    port = DEFAULT_PORT,
    origins = DEFAULT_ORIGINS,
    hosts = [],
    token = newPairingToken(),
    allowLoopback = false,
    allowPrivate = false,
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
    maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    log = console.log,
    lookup = dns.lookup,
  } = options;
  if (token.length < MIN_TOKEN_LENGTH) throw new Error(`the pairing token must be at least ${MIN_TOKEN_LENGTH} characters`);
  const allowedOrigins = new Set(origins.map((origin) => new URL(origin).origin));
  const policy = { allowLoopback, allowPrivate };
  const checkedLookup = createCheckedLookup(policy, lookup);
  /** @type {Set<string>} filled once the port is known */
  const allowedHosts = new Set();
  let boundPort = 0;

  const server = http.createServer((req, res) => {
    try {
      onRequest(req, res);
    } catch (error) {
      lastResort(req, res, error);
    }
  });

  /**
   * An exception no check foresaw: this request gets a 500 (or its connection is closed), the log a
   * line, and the proxy goes on serving.
   * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {unknown} error
   */
  function lastResort(req, res, error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error)?.code ?? (error instanceof Error ? error.name : 'error');
    log(`${new Date().toISOString()} failed ${req.method} proxy_error: ${code}`);
    if (res.headersSent || res.destroyed) return void res.destroy();
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.writeHead(500, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-proxy-error': 'proxy_error' });
    res.end(JSON.stringify({ error: 'proxy_error', error_description: `The proxy failed on this request (${code}); it keeps running.` }));
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  function onRequest(req, res) {
    const started = Date.now();
    // errors of the client's connection: it went away; nothing is left to tell it
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    /** @type {<A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => void} a handler whose exception answers 500 instead of ending the process */
    const guarded = (fn) => (...args) => {
      try {
        fn(...args);
      } catch (error) {
        lastResort(req, res, error);
      }
    };
    const origin = typeof req.headers.origin === 'string' && allowedOrigins.has(req.headers.origin) ? req.headers.origin : null;
    /** @param {string[]} expose */
    const cors = (expose = []) => (origin ? {
      'access-control-allow-origin': origin,
      vary: 'Origin',
      ...(expose.length ? { 'access-control-expose-headers': expose.join(', ') } : {}),
    } : { vary: 'Origin' });
    /** @param {number} status @param {string} code @param {string} description */
    const refuse = (status, code, description) => {
      log(`${new Date().toISOString()} refused ${req.method} ${code}: ${description}`);
      if (res.headersSent || res.destroyed) return void res.destroy();
      for (const name of res.getHeaderNames()) res.removeHeader(name); // none half-set by a failed writeHead
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-proxy-error': code, ...cors(['x-proxy-error']) });
      res.end(JSON.stringify({ error: code, error_description: description }));
    };

    if (!allowedHosts.has(String(req.headers.host ?? '').toLowerCase())) {
      return refuse(403, 'host_not_allowed', `Host ${JSON.stringify(req.headers.host ?? '')} is not this proxy's address (a DNS rebinding attempt, or a wrong URL).`);
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end('OAuth Playground local proxy. The app sends requests to /forward; see the README, "Local proxy".\n');
    }
    if (path !== '/forward') return refuse(404, 'not_found', 'The proxy answers only /forward.');
    if (!origin) {
      return refuse(403, 'origin_not_allowed', `Origin ${JSON.stringify(req.headers.origin ?? '(none)')} is not one the proxy was started for (${[...allowedOrigins].join(', ')}); start it with --origin <the app's origin>.`);
    }

    const requestedMethod = req.headers['access-control-request-method'];
    if (req.method === 'OPTIONS' && typeof requestedMethod === 'string') {
      res.writeHead(204, {
        ...cors(),
        'access-control-allow-methods': headerList(requestedMethod),
        'access-control-allow-headers': headerList(String(req.headers['access-control-request-headers'] ?? '')),
        'access-control-max-age': '600',
        ...(req.headers['access-control-request-private-network'] === 'true' ? { 'access-control-allow-private-network': 'true' } : {}),
        vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
      });
      return void res.end();
    }

    const presented = req.headers['x-proxy-token'];
    if (typeof presented !== 'string' || presented === '') {
      return refuse(403, 'pairing_token_missing', 'The request carries no X-Proxy-Token: paste the pairing token the proxy printed into "Proxy pairing token".');
    }
    if (!sameSecret(presented, token)) {
      return refuse(403, 'pairing_token_invalid', 'The pairing token does not match the one this proxy run printed (it changes on every start unless set with --token or PROXY_TOKEN).');
    }
    if (req.method === 'CONNECT' || req.method === 'TRACE') return refuse(405, 'method_not_allowed', `${req.method} is not forwarded.`);

    const target = checkTargetUrl(typeof req.headers['x-proxy-target'] === 'string' ? req.headers['x-proxy-target'] : undefined, policy);
    if (!target.ok) return refuse(target.status, target.code, target.description);
    const { url } = target;
    if (isLoopbackHost(url.hostname) && Number(url.port || (url.protocol === 'https:' ? 443 : 80)) === boundPort) {
      return refuse(403, 'target_forbidden', 'The target is this proxy itself.');
    }

    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) {
      res.shouldKeepAlive = false;
      return refuse(413, 'request_too_large', `The request body (${declared} bytes) is over the proxy's limit of ${maxBodyBytes} bytes.`);
    }

    const shown = `${req.method} ${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
    /** @type {Buffer[]} */
    const chunks = [];
    let received = 0;
    let tooLarge = false;
    req.on('data', (chunk) => {
      received += chunk.length;
      if (received > maxBodyBytes) {
        tooLarge = true;
        res.shouldKeepAlive = false;
        refuse(413, 'request_too_large', `The request body is over the proxy's limit of ${maxBodyBytes} bytes.`);
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', guarded(() => {
      if (tooLarge) return;
      forward(Buffer.concat(chunks));
    }));

    /** @param {Buffer} body */
    function forward(body) {
      /** @type {Record<string, string[]>} no prototype: a header named `constructor` or `__proto__` is just a header */
      const headers = Object.create(null);
      const listed = new Set(String(req.headers.connection ?? '').toLowerCase().split(',').map((name) => name.trim()));
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = /** @type {string} */ (req.rawHeaders[i]);
        const lower = name.toLowerCase();
        if (HOP_BY_HOP.has(lower) || DROPPED_REQUEST.has(lower) || listed.has(lower) || /^(x-proxy-|sec-|access-control-)/.test(lower)) continue;
        (headers[name] ??= []).push(/** @type {string} */ (req.rawHeaders[i + 1]));
      }
      if (body.length > 0 || !['GET', 'HEAD'].includes(req.method ?? 'GET')) headers['Content-Length'] = [String(body.length)];

      const client = url.protocol === 'https:' ? https : http;
      const upstream = client.request(url, { method: req.method, headers, lookup: checkedLookup, agent: false });
      /** @type {import('node:net').Socket | undefined} */
      let socket;
      /** True once the client has its answer, or has gone: later events change nothing. */
      let done = false;
      /** Ends the forward with the proxy's own answer (none if the client has gone). @param {number} status @param {string} code @param {string} description */
      const finish = (status, code, description) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        upstream.destroy();
        refuse(status, code, description);
      };
      /** @param {string} why what was wrong with the target's answer, in words that hold none of its bytes */
      const invalid = (why) => finish(502, 'upstream_invalid_response', `${url.host} sent ${why}; the proxy relays only complete, valid HTTP/1.1 answers.`);
      const timer = setTimeout(() => finish(504, 'upstream_timeout', `${url.host} did not answer within ${timeoutMs} ms.`), timeoutMs);
      res.on('close', () => {
        if (done || res.writableFinished) return;
        done = true; // the client went away: let the target go too
        clearTimeout(timer);
        upstream.destroy();
        log(`${new Date().toISOString()} ${shown} → client closed the connection before the answer`);
      });
      upstream.on('socket', (s) => (socket = s));
      upstream.on('error', (/** @type {NodeJS.ErrnoException} */ error) => {
        if (error.code === 'ETARGETFORBIDDEN') return finish(403, 'target_forbidden', `${error.message}.`);
        // Node's HTTP parser (llhttp) refused the bytes: HPE_INVALID_STATUS, HPE_INVALID_HEADER_TOKEN, HPE_HEADER_OVERFLOW...
        if (typeof error.code === 'string' && error.code.startsWith('HPE_')) return invalid(`bytes that are not HTTP/1.1 (${error.code})`);
        if ((socket?.bytesRead ?? 0) > 0) return invalid('an answer cut short (the connection closed before the headers were complete)');
        return finish(502, 'upstream_unreachable', `Could not reach ${url.host}: ${error.code ?? error.message}.`);
      });
      upstream.on('upgrade', (_answer, upgraded) => {
        upgraded.destroy();
        invalid('101 Switching Protocols (the proxy forwards HTTP requests and switches to no other protocol)');
      });
      upstream.on('response', guarded((answer) => {
        /** @type {Buffer[]} */
        const parts = [];
        let size = 0;
        answer.on('data', (chunk) => {
          size += chunk.length;
          if (size > maxResponseBytes) finish(502, 'response_too_large', `The answer from ${url.host} is over the proxy's limit of ${maxResponseBytes} bytes.`);
          else parts.push(chunk);
        });
        // the connection closed before the body was complete
        answer.on('aborted', () => invalid('an answer cut short (the connection closed in the middle of the body)'));
        answer.on('error', () => invalid('an answer cut short (the connection closed in the middle of the body)'));
        answer.on('end', guarded(() => {
          if (done) return;
          const why = invalidAnswer(answer);
          if (why) return invalid(why);
          const data = Buffer.concat(parts);
          /** @type {Record<string, string[]>} no prototype, as for the request's headers */
          const out = Object.create(null);
          const listedOut = new Set(String(answer.headers.connection ?? '').toLowerCase().split(',').map((name) => name.trim()));
          for (let i = 0; i < answer.rawHeaders.length; i += 2) {
            const lower = /** @type {string} */ (answer.rawHeaders[i]).toLowerCase();
            if (HOP_BY_HOP.has(lower) || DROPPED_RESPONSE.has(lower) || listedOut.has(lower) || /^(x-proxy-|access-control-)/.test(lower)) continue;
            (out[lower] ??= []).push(/** @type {string} */ (answer.rawHeaders[i + 1]));
          }
          // No redirect is followed, by the proxy or the browser: the target's Location travels renamed.
          if (answer.headers.location) out['x-proxy-location'] = [answer.headers.location];
          const expose = Object.keys(out);
          const status = /** @type {number} */ (answer.statusCode);
          const noBody = req.method === 'HEAD' || status === 204 || status === 304;
          try {
            res.writeHead(status, answer.statusMessage ?? '', { ...out, ...(noBody ? {} : { 'content-length': String(data.length) }), ...cors(expose) });
          } catch (error) {
            // invalidAnswer should have caught it; whatever Node still refuses is the target's doing
            return invalid(`something Node will not pass on (${/** @type {NodeJS.ErrnoException} */ (error).code ?? 'error'})`);
          }
          done = true;
          clearTimeout(timer);
          res.end(noBody ? undefined : data);
          log(`${new Date().toISOString()} ${shown} → ${status} (${data.length} bytes, ${Date.now() - started} ms)`);
        }));
      }));
      upstream.end(body.length ? body : undefined);
    }
  }
  server.requestTimeout = timeoutMs + 5000;
  server.headersTimeout = Math.min(60_000, server.requestTimeout);

  await new Promise((resolve, reject) => {
    server.once('error', (/** @type {NodeJS.ErrnoException} */ error) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} on 127.0.0.1 is already in use`) : error));
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });
  boundPort = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  allowedHosts.add(`127.0.0.1:${boundPort}`).add(`localhost:${boundPort}`);
  for (const host of hosts) allowedHosts.add(host.toLowerCase());

  return {
    url: `http://127.0.0.1:${boundPort}`,
    port: boundPort,
    token,
    origins: [...allowedOrigins],
    close: () => new Promise((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}
