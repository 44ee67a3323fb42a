// The demo protected API and vendor-shaped endpoints, as plain node:http handlers.
// Each route shows one way an API expects credentials: Bearer (JWT or opaque), a JSON-body
// token endpoint (Clazar-like), API key as Basic user name (Close-like), API key header or
// query parameter, and HTTP Basic.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import { buildSchema, graphql } from 'graphql';

import { isLoopbackOrigin } from './provider.js';

/** Demo credentials for the non-OAuth endpoints. */
export const API_CREDENTIALS = {
  clazar: { client_id: 'demo-clazar', client_secret: 'demo-clazar-secret' },
  closeApiKey: 'demo-close-api-key',
  apiKey: 'demo-api-key',
  basic: { user: 'demo', password: 'demo-password' },
};

const CLAZAR_TOKEN_TTL = 86400;
const MAX_BODY_BYTES = 1024 * 1024;

const schema = buildSchema(`
  type Query { me: Me!, echo(message: String!): String! }
  type Me { clientId: String!, scope: String!, tokenKind: String! }
`);

/**
 * Whether `pathname` belongs to this module (everything else goes to oidc-provider).
 * @param {string} pathname
 */
export function isApiPath(pathname) {
  return pathname === '/' || pathname.startsWith('/api/')
    || pathname.startsWith('/clazar/') || pathname.startsWith('/close/');
}

/**
 * Create the request handler for the demo API routes.
 * @param {{
 *   provider: import('oidc-provider').Provider,
 *   issuer: string,
 *   verifyAccessToken: (token: string) => Promise<import('jose').JWTVerifyResult>,
 * }} demo what `createProvider()` returned
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>}
 */
export function createApiHandler({ provider, issuer, verifyAccessToken }) {
  /** Clazar-style tokens: value → { client_id, exp }. */
  const clazarTokens = new Map();

  /**
   * Resolve a Bearer token to what /api/me reports, or throw `{ status, challenge, message }`.
   * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
   */
  async function authenticateBearer(req) {
    const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match) throw unauthorized('Bearer realm="demo-api"', 'unauthorized');
    const token = match[1];
    const now = Math.floor(Date.now() / 1000);

    if (token.split('.').length === 3) {
      try {
        const { payload } = await verifyAccessToken(token);
        return {
          token_kind: 'jwt', client_id: payload.client_id, sub: payload.sub,
          scope: payload.scope ?? '', expires_at: payload.exp,
        };
      } catch (err) {
        throw invalidToken(`JWT rejected: ${err.code ?? 'ERR'} ${err.message}`);
      }
    }

    const clazar = clazarTokens.get(token);
    if (clazar) {
      if (clazar.exp > now) return { token_kind: 'clazar', client_id: clazar.client_id, scope: '', expires_at: clazar.exp };
      clazarTokens.delete(token);
      throw invalidToken('token expired');
    }

    const found = (await provider.AccessToken.find(token)) ?? (await provider.ClientCredentials.find(token));
    if (!found || found.isExpired) throw invalidToken('token unknown, expired or revoked');
    if (found.aud !== undefined && ![found.aud].flat().includes(`${issuer}/api`)) {
      throw invalidToken('token audience is not this API');
    }
    return {
      token_kind: 'opaque', client_id: found.clientId, sub: found.accountId,
      scope: found.scope ?? '', expires_at: found.exp,
    };
  }

  /** Routes: path → method → handler(req, res, url). */
  const routes = {
    '/': {
      GET: (_req, res) => sendJson(res, 200, indexDocument(issuer)),
    },
    '/api/me': {
      GET: async (req, res) => sendJson(res, 200, { authenticated: true, via: 'bearer', ...(await authenticateBearer(req)) }),
      POST: async (req, res) => {
        const who = await authenticateBearer(req);
        const text = await readBody(req);
        let received = null;
        if (text.length) {
          try {
            received = JSON.parse(text);
          } catch {
            return sendJson(res, 400, { error: 'invalid_request', error_description: 'body is not valid JSON' });
          }
        }
        return sendJson(res, 200, { authenticated: true, via: 'bearer', ...who, received });
      },
    },
    '/api/graphql': {
      POST: async (req, res) => {
        let who;
        try {
          who = await authenticateBearer(req);
        } catch (err) {
          if (!err.status) throw err;
          res.setHeader('WWW-Authenticate', err.challenge);
          return sendJson(res, 401, { errors: [{ message: err.message, extensions: { code: 'UNAUTHENTICATED' } }] });
        }
        const body = parseJsonObject(await readBody(req));
        if (!body || typeof body.query !== 'string') {
          return sendJson(res, 400, { errors: [{ message: 'expected a JSON body with a "query" string' }] });
        }
        const result = await graphql({
          schema,
          source: body.query,
          variableValues: body.variables ?? undefined,
          operationName: body.operationName ?? undefined,
          rootValue: {
            me: () => ({ clientId: who.client_id ?? '', scope: who.scope, tokenKind: who.token_kind }),
            echo: ({ message }) => message,
          },
        });
        return sendJson(res, 200, result);
      },
    },
    '/clazar/authenticate/': {
      POST: async (req, res) => {
        const isJson = /^application\/json\b/i.test(req.headers['content-type'] ?? '');
        const body = isJson ? parseJsonObject(await readBody(req)) : null;
        if (!body) return sendJson(res, 400, { detail: 'Expected a JSON body' });
        const { client_id: id, client_secret: secret } = API_CREDENTIALS.clazar;
        if (!safeEqual(body.client_id, id) || !safeEqual(body.client_secret, secret)) {
          return sendJson(res, 401, { detail: 'Invalid client credentials' });
        }
        const accessToken = randomBytes(32).toString('base64url');
        clazarTokens.set(accessToken, { client_id: id, exp: Math.floor(Date.now() / 1000) + CLAZAR_TOKEN_TTL });
        return sendJson(res, 200, { access_token: accessToken, token_type: 'bearer', expires_in: CLAZAR_TOKEN_TTL });
      },
    },
    '/close/api/v1/me/': {
      GET: (req, res) => {
        const basic = parseBasic(req);
        if (basic && safeEqual(basic.user, API_CREDENTIALS.closeApiKey) && basic.password === '') {
          return sendJson(res, 200, { id: 'user_demo', organization: 'Demo Org', via: 'api_key_basic' });
        }
        res.setHeader('WWW-Authenticate', 'Basic realm="close-demo"');
        return sendJson(res, 401, { error: 'Unauthorized' });
      },
    },
    '/api/key': {
      GET: (req, res, url) => {
        // The header wins when both are sent.
        const header = req.headers['x-api-key'];
        const [via, key] = header !== undefined ? ['api_key_header', header] : ['api_key_query', url.searchParams.get('api_key')];
        if (safeEqual(key, API_CREDENTIALS.apiKey)) return sendJson(res, 200, { authenticated: true, via });
        res.setHeader('WWW-Authenticate', 'ApiKey realm="demo-api"');
        return sendJson(res, 401, { error: 'missing or invalid API key' });
      },
    },
    '/api/basic': {
      GET: (req, res) => {
        const basic = parseBasic(req);
        const { user, password } = API_CREDENTIALS.basic;
        if (basic && safeEqual(basic.user, user) && safeEqual(basic.password, password)) {
          return sendJson(res, 200, { authenticated: true, via: 'basic', user });
        }
        res.setHeader('WWW-Authenticate', 'Basic realm="demo-api"');
        return sendJson(res, 401, { error: 'unauthorized' });
      },
    },
  };
  // Clazar's real path has a trailing slash; accept the slash-less form too.
  routes['/clazar/authenticate'] = routes['/clazar/authenticate/'];

  return async function handleApi(req, res) {
    const url = new URL(req.url ?? '/', issuer);
    setCors(req, res);
    if (req.method === 'OPTIONS') return answerPreflight(req, res);

    const route = routes[url.pathname];
    if (!route) return sendJson(res, 404, { error: 'not_found', error_description: `no demo endpoint at ${url.pathname}` });
    const handler = route[req.method ?? 'GET'];
    if (!handler) {
      res.setHeader('Allow', Object.keys(route).join(', '));
      return sendJson(res, 405, { error: 'method_not_allowed' });
    }
    try {
      await handler(req, res, url);
    } catch (err) {
      if (err.status === 401) {
        res.setHeader('WWW-Authenticate', err.challenge);
        return sendJson(res, 401, err.body);
      }
      if (err.status === 413) return sendJson(res, 413, { error: 'payload_too_large' });
      throw err;
    }
  };
}

/** A 401 for /api/me-style endpoints. */
function unauthorized(challenge, error, description) {
  return Object.assign(new Error(description ?? 'missing bearer token'), {
    status: 401,
    challenge,
    body: description ? { error, error_description: description } : { error },
  });
}

/** A 401 with the RFC 6750 `invalid_token` error; quotes and backslashes are dropped from the description. */
function invalidToken(description) {
  const clean = description.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, ' ');
  return unauthorized(`Bearer realm="demo-api", error="invalid_token", error_description="${clean}"`, 'invalid_token', clean);
}

/** CORS for loopback origins only; other origins get no CORS headers (their reads fail). */
function setCors(req, res) {
  res.setHeader('Vary', 'Origin');
  const { origin } = req.headers;
  if (!isLoopbackOrigin(origin)) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate');
}

/** @see https://fetch.spec.whatwg.org/#cors-preflight-fetch */
function answerPreflight(req, res) {
  if (isLoopbackOrigin(req.headers.origin)) {
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
    const requested = req.headers['access-control-request-headers'];
    if (requested) res.setHeader('Access-Control-Allow-Headers', requested);
    res.setHeader('Access-Control-Max-Age', '600');
  }
  res.writeHead(204);
  res.end();
}

/** Send `body` as JSON, never cached. */
function sendJson(res, status, body) {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Read the request body as UTF-8 text, up to 1 MiB. */
async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parse a JSON object, or return null. */
function parseJsonObject(text) {
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Parse `Authorization: Basic`, or return null.
 * @see https://www.rfc-editor.org/rfc/rfc7617#section-2
 */
function parseBasic(req) {
  const match = /^Basic +([A-Za-z0-9+/]+=*)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Constant-time string comparison; false for non-strings. */
function safeEqual(actual, expected) {
  if (typeof actual !== 'string') return false;
  const digest = (value) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(actual), digest(expected));
}

/** The `GET /` index: what lives on this origin and the demo credentials. */
function indexDocument(issuer) {
  return {
    name: 'OAuth Playground local demo server',
    issuer,
    discovery: `${issuer}/.well-known/openid-configuration`,
    oauth_clients: {
      'demo-cc': 'client_credentials, secret demo-cc-secret (client_secret_basic; post also accepted)',
      'demo-cc-post': 'client_credentials, secret demo-cc-post-secret (client_secret_post)',
      'demo-cc-public': 'client_credentials with no client authentication (auth method none)',
      'demo-spa': 'public, authorization_code + PKCE (S256), refresh_token, device_code',
      'demo-web': 'confidential, secret demo-web-secret, authorization_code + PKCE, refresh_token',
    },
    login: 'any login name and password at the demo sign-in page (e.g. demo-user)',
    endpoints: {
      [`${issuer}/api/me`]: 'GET/POST, Bearer: JWT or opaque token from this issuer, or a Clazar-style token',
      [`${issuer}/api/graphql`]: 'POST GraphQL, Bearer; query { me { clientId scope tokenKind } echo(message: "hi") }',
      [`${issuer}/clazar/authenticate/`]: 'POST JSON {"client_id":"demo-clazar","client_secret":"demo-clazar-secret"}',
      [`${issuer}/close/api/v1/me/`]: 'GET, Basic with user demo-close-api-key and an empty password',
      [`${issuer}/api/key`]: 'GET, header X-API-Key: demo-api-key or query ?api_key=demo-api-key',
      [`${issuer}/api/basic`]: 'GET, Basic demo / demo-password',
      [`${issuer}/no-cors/token`]: 'the /token endpoint without CORS headers (a browser cannot read it)',
    },
  };
}
