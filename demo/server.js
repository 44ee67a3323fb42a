// One HTTP server for the whole demo origin: API and vendor-shaped routes, a CORS-less copy of
// the token endpoint, and oidc-provider for everything else.
import http from 'node:http';

import { createApiHandler, isApiPath } from './api.js';
import { createProvider } from './provider.js';

const KEYCLOAK_DEMO_REALM = '/realms/demo/protocol/openid-connect';
/** @type {Record<string, string>} Keycloak endpoint paths → the provider's own. */
const KEYCLOAK_PATHS = { '/token': '/token', '/auth': '/auth', '/revoke': '/token/revocation', '/token/introspect': '/token/introspection', '/userinfo': '/me' };

/**
 * Start the local demo authorization server and API.
 *
 * The issuer is the server's own origin, `http://127.0.0.1:9090` by default (no trailing slash).
 * With `port: 0` a free port is chosen and the issuer follows it.
 *
 * @param {{ host?: string, port?: number, log?: (...args: unknown[]) => void }} [options]
 * @returns {Promise<{ origin: string, urls: Record<string, string>, deviceCodeTTL: number, close: () => Promise<void> }>}
 */
export async function startDemoServer({ host = '127.0.0.1', port = 9090, log = console.log } = {}) {
  /** @type {http.RequestListener | undefined} set once the provider exists (needs the bound port) */
  let route;
  const server = http.createServer((req, res) => {
    if (route) return route(req, res);
    res.writeHead(503, { 'Content-Type': 'text/plain', 'Retry-After': '1' }).end('starting');
  });

  await new Promise((resolve, reject) => {
    server.once('error', (err) => reject(err.code === 'EADDRINUSE'
      ? Object.assign(new Error(`port ${port} on ${host} is already in use`), { code: err.code })
      : err));
    server.listen(port, host, () => resolve(undefined));
  });

  const bound = /** @type {import('node:net').AddressInfo} */ (server.address());
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${bound.port}`;

  const demo = await createProvider({ issuer: origin });
  demo.provider.on('server_error', (_ctx, err) => log('demo server: provider error', err));
  const providerCallback = demo.provider.callback();
  const handleApi = createApiHandler(demo);

  route = (req, res) => {
    const { pathname } = new URL(req.url ?? '/', origin);
    if (pathname === '/no-cors/token') return handleNoCorsToken(req, res, providerCallback);
    // Keycloak-shaped paths for realm "demo", so the Keycloak preset can be tried locally.
    if (pathname.startsWith(KEYCLOAK_DEMO_REALM)) {
      const rest = pathname.slice(KEYCLOAK_DEMO_REALM.length);
      const target = KEYCLOAK_PATHS[rest];
      if (target) {
        req.url = target + (req.url?.includes('?') ? req.url.slice(req.url.indexOf('?')) : '');
        return providerCallback(req, res);
      }
    }
    if (isApiPath(pathname)) {
      return handleApi(req, res).catch((err) => {
        log('demo server: API error', err);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(JSON.stringify({ error: 'server_error' }));
      });
    }
    return providerCallback(req, res);
  };

  const urls = {
    issuer: origin,
    discovery: `${origin}/.well-known/openid-configuration`,
    authorization: `${origin}/auth`,
    token: `${origin}/token`,
    noCorsToken: `${origin}/no-cors/token`,
    deviceAuthorization: `${origin}/device/auth`,
    deviceVerification: `${origin}/device`,
    userinfo: `${origin}/me`,
    introspection: `${origin}/token/introspection`,
    revocation: `${origin}/token/revocation`,
    jwks: `${origin}/jwks`,
    apiMe: `${origin}/api/me`,
    apiGraphql: `${origin}/api/graphql`,
    apiKey: `${origin}/api/key`,
    apiBasic: `${origin}/api/basic`,
    clazarAuthenticate: `${origin}/clazar/authenticate/`,
    closeMe: `${origin}/close/api/v1/me/`,
  };

  return {
    origin,
    urls,
    deviceCodeTTL: demo.deviceCodeTTL,
    close: () => new Promise((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}

/**
 * The provider's token endpoint with every CORS header removed, like GitHub's
 * `/login/oauth/access_token`: a server can read the answer, a browser cannot.
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {http.RequestListener} providerCallback
 */
function handleNoCorsToken(req, res, providerCallback) {
  if (req.method === 'OPTIONS') {
    res.writeHead(204).end();
    return;
  }
  const isCors = (name) => /^access-control-/i.test(String(name));
  const { setHeader, writeHead } = res;
  res.setHeader = function (name, value) {
    return isCors(name) ? this : setHeader.call(this, name, value);
  };
  res.writeHead = function (status, ...rest) {
    for (const name of this.getHeaderNames()) if (isCors(name)) this.removeHeader(name);
    const headers = rest.at(-1);
    if (headers && typeof headers === 'object' && !Array.isArray(headers)) {
      for (const name of Object.keys(headers)) if (isCors(name)) delete headers[name];
    }
    return writeHead.call(this, status, ...rest);
  };
  const query = req.url?.indexOf('?') ?? -1;
  req.url = `/token${query === -1 ? '' : req.url.slice(query)}`;
  providerCallback(req, res);
}
