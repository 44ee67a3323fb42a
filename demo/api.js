// The demo protected API and vendor-shaped endpoints, as plain node:http handlers.
// Each route shows one way an API expects credentials: Bearer (JWT or opaque), a JSON-body
// token endpoint (Clazar-like), API key as Basic user name (Close-like), API key header or
// query parameter, and HTTP Basic.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import { buildSchema, graphql } from 'graphql';
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify } from 'jose';

import { DPOP_ALGORITHMS, isLoopbackOrigin } from './provider.js';

/** Demo credentials for the non-OAuth endpoints. */
export const API_CREDENTIALS = {
  clazar: { client_id: 'demo-clazar', client_secret: 'demo-clazar-secret' },
  closeApiKey: 'demo-close-api-key',
  apiKey: 'demo-api-key',
  basic: { user: 'demo', password: 'demo-password' },
};

const CLAZAR_TOKEN_TTL = 86400;
const MAX_BODY_BYTES = 1024 * 1024;
/** How far a DPoP proof's `iat` may be from now, in seconds. */
const DPOP_IAT_WINDOW = 60;
const BEARER_CHALLENGE = 'Bearer realm="demo-api"';
const DPOP_CHALLENGE = `DPoP realm="demo-api", algs="${DPOP_ALGORITHMS.join(' ')}"`;

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
 *   dpopNonces: { nextChallenge(): string, checkChallenge(nonce: string): boolean },
 * }} demo what `createProvider()` returned
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>}
 */
export function createApiHandler({ provider, issuer, verifyAccessToken, dpopNonces }) {
  /** Clazar-style tokens: value → { client_id, exp }. */
  const clazarTokens = new Map();
  /** DPoP proof `jti`s seen at the API: value → epoch seconds after which it may be forgotten. */
  const seenProofs = new Map();

  /**
   * Resolve an access token to what /api/me reports plus its DPoP binding (`jkt`), or throw
   * `invalid_token` in the given scheme.
   * @param {string} token
   * @param {'Bearer' | 'DPoP'} scheme
   */
  async function resolveToken(token, scheme) {
    const now = Math.floor(Date.now() / 1000);

    if (token.split('.').length === 3) {
      try {
        const { payload } = await verifyAccessToken(token);
        return {
          who: {
            token_kind: 'jwt', client_id: payload.client_id, sub: payload.sub,
            scope: payload.scope ?? '', expires_at: payload.exp,
          },
          jkt: /** @type {{ jkt?: string } | undefined} */ (payload.cnf)?.jkt,
        };
      } catch (err) {
        throw invalidToken(`JWT rejected: ${err.code ?? 'ERR'} ${err.message}`, scheme);
      }
    }

    const clazar = clazarTokens.get(token);
    if (clazar) {
      if (clazar.exp > now) return { who: { token_kind: 'clazar', client_id: clazar.client_id, scope: '', expires_at: clazar.exp } };
      clazarTokens.delete(token);
      throw invalidToken('token expired', scheme);
    }

    const found = (await provider.AccessToken.find(token)) ?? (await provider.ClientCredentials.find(token));
    if (!found || found.isExpired) throw invalidToken('token unknown, expired or revoked', scheme);
    if (found.aud !== undefined && ![found.aud].flat().includes(`${issuer}/api`)) {
      throw invalidToken('token audience is not this API', scheme);
    }
    return {
      who: {
        token_kind: 'opaque', client_id: found.clientId, sub: found.accountId,
        scope: found.scope ?? '', expires_at: found.exp,
      },
      jkt: found.jkt,
    };
  }

  /**
   * Check the request's DPoP proof for `token` (RFC 9449 §4.3, §7.1, §9) and return the proof
   * key's thumbprint, or throw a DPoP challenge (`invalid_dpop_proof` or `use_dpop_nonce`).
   * The API demands a nonce, and accepts the token endpoint's nonces (same secret and scheme):
   * oauth4webapi keeps one nonce per origin, and the API shares the token endpoint's origin.
   */
  async function verifyDpopProof(req, res, token) {
    const proof = req.headers.dpop;
    if (typeof proof !== 'string' || !proof) throw dpopError('invalid_dpop_proof', 'DPoP proof missing: send a DPoP header');
    let payload;
    let protectedHeader;
    try {
      ({ payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: DPOP_ALGORITHMS }));
    } catch (err) {
      throw dpopError('invalid_dpop_proof', `DPoP proof rejected: ${err.code ?? 'ERR'} ${err.message}`);
    }
    if ('d' in protectedHeader.jwk) throw dpopError('invalid_dpop_proof', 'DPoP proof jwk must be a public key');
    if (payload.htm !== req.method) throw dpopError('invalid_dpop_proof', `DPoP proof htm must be ${req.method}`);
    // The URL the client called, without query: the Host it used (127.0.0.1 or localhost) + path.
    const called = new URL(req.url ?? '/', `http://${req.headers.host ?? new URL(issuer).host}`);
    const expectedHtu = `${called.origin}${called.pathname}`;
    const htu = typeof payload.htu === 'string' ? URL.parse(payload.htu) : null;
    if (htu) {
      htu.search = '';
      htu.hash = '';
    }
    if (htu?.href !== expectedHtu) throw dpopError('invalid_dpop_proof', `DPoP proof htu must be ${expectedHtu}`);
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.iat !== 'number' || Math.abs(now - payload.iat) > DPOP_IAT_WINDOW) {
      throw dpopError('invalid_dpop_proof', `DPoP proof iat must be within ${DPOP_IAT_WINDOW} s of the server time`);
    }
    if (typeof payload.jti !== 'string' || !payload.jti) throw dpopError('invalid_dpop_proof', 'DPoP proof must have a jti');
    if (payload.ath !== createHash('sha256').update(token).digest('base64url')) {
      throw dpopError('invalid_dpop_proof', 'DPoP proof ath does not match the access token');
    }
    const next = dpopNonces.nextChallenge();
    if (typeof payload.nonce !== 'string' || !dpopNonces.checkChallenge(payload.nonce)) {
      res.setHeader('DPoP-Nonce', next);
      throw dpopError('use_dpop_nonce', payload.nonce === undefined
        ? 'Resource server requires nonce in DPoP proof' : 'DPoP proof nonce is invalid or expired');
    }
    if (payload.nonce !== next) res.setHeader('DPoP-Nonce', next);
    for (const [jti, forgetAt] of seenProofs) if (forgetAt < now) seenProofs.delete(jti);
    if (seenProofs.has(payload.jti)) throw dpopError('invalid_dpop_proof', 'DPoP proof jti was already used');
    seenProofs.set(payload.jti, now + 2 * DPOP_IAT_WINDOW);
    return calculateJwkThumbprint(protectedHeader.jwk);
  }

  /**
   * Resolve `Authorization: Bearer <token>` or `Authorization: DPoP <token>` (+ `DPoP` proof)
   * to what /api/me reports, or throw `{ status, challenge, body }`.
   * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
   * @see https://www.rfc-editor.org/rfc/rfc9449#section-7
   */
  async function authenticate(req, res) {
    const match = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match) throw unauthorized([BEARER_CHALLENGE, DPOP_CHALLENGE], 'unauthorized');
    const scheme = match[1].toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
    const token = match[2];

    if (scheme === 'Bearer') {
      const { who, jkt } = await resolveToken(token, scheme);
      if (jkt) {
        const description = 'this token is DPoP-bound: send it as Authorization: DPoP with a DPoP proof';
        throw unauthorized([
          `${DPOP_CHALLENGE}, error="invalid_token", error_description="${description}"`,
          `${BEARER_CHALLENGE}, error="invalid_token", error_description="${description}"`,
        ], 'invalid_token', description);
      }
      return who;
    }

    const thumbprint = await verifyDpopProof(req, res, token);
    const { who, jkt } = await resolveToken(token, scheme);
    if (!jkt) throw invalidToken('this token is not DPoP-bound: send it as Authorization: Bearer', scheme);
    if (jkt !== thumbprint) throw invalidToken("the DPoP proof key does not match the token's cnf.jkt", scheme);
    return { ...who, via: 'dpop', jkt };
  }

  /** Routes: path → method → handler(req, res, url). */
  const routes = {
    '/': {
      GET: (_req, res) => sendJson(res, 200, indexDocument(issuer)),
    },
    '/api/me': {
      GET: async (req, res) => sendJson(res, 200, { authenticated: true, via: 'bearer', ...(await authenticate(req, res)) }),
      POST: async (req, res) => {
        const who = await authenticate(req, res);
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
          who = await authenticate(req, res);
        } catch (err) {
          if (!err.status) throw err;
          res.setHeader('WWW-Authenticate', err.challenge);
          return sendJson(res, 401, { errors: [{ message: err.message, extensions: { code: 'UNAUTHENTICATED', ...err.body } }] });
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

/**
 * A 401 for /api/me-style endpoints.
 * @param {string | string[]} challenge `WWW-Authenticate` value(s), one header line each
 * @param {string} error
 * @param {string} [description]
 */
function unauthorized(challenge, error, description) {
  return Object.assign(new Error(description ?? 'missing bearer token'), {
    status: 401,
    challenge,
    body: description ? { error, error_description: description } : { error },
  });
}

/** Quotes and backslashes dropped, so the text fits in a quoted-string. */
function cleanDescription(description) {
  return description.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, ' ');
}

/** A 401 with the RFC 6750 / RFC 9449 `invalid_token` error in the scheme the token was sent with. */
function invalidToken(description, scheme = 'Bearer') {
  const clean = cleanDescription(description);
  const base = scheme === 'DPoP' ? DPOP_CHALLENGE : BEARER_CHALLENGE;
  return unauthorized(`${base}, error="invalid_token", error_description="${clean}"`, 'invalid_token', clean);
}

/** A 401 DPoP challenge: `invalid_dpop_proof` or `use_dpop_nonce` (RFC 9449 §7.1, §9). */
function dpopError(error, description) {
  const clean = cleanDescription(description);
  return unauthorized(`${DPOP_CHALLENGE}, error="${error}", error_description="${clean}"`, error, clean);
}

/** CORS for loopback origins only; other origins get no CORS headers (their reads fail). */
function setCors(req, res) {
  res.setHeader('Vary', 'Origin');
  const { origin } = req.headers;
  if (!isLoopbackOrigin(origin)) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate, DPoP-Nonce');
}

/** @see https://fetch.spec.whatwg.org/#cors-preflight-fetch */
function answerPreflight(req, res) {
  if (isLoopbackOrigin(req.headers.origin)) {
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
    const requested = String(req.headers['access-control-request-headers'] ?? '')
      .split(',').map((name) => name.trim()).filter(Boolean);
    const allowed = new Map(['Authorization', 'Content-Type', 'DPoP', 'X-API-Key', ...requested]
      .map((name) => [name.toLowerCase(), name]));
    res.setHeader('Access-Control-Allow-Headers', [...allowed.values()].join(', '));
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
      'demo-pkjwt': 'client_credentials, private_key_jwt (ES256); the private key is demo/keys/demo-pkjwt.private.jwk.json; assertion aud: the issuer or the token endpoint URL',
      'demo-password': 'password + refresh_token, secret demo-password-secret (client_secret_basic)',
      'demo-spa': 'public, authorization_code + PKCE (S256), refresh_token, device_code',
      'demo-web': 'confidential, secret demo-web-secret, authorization_code + PKCE, refresh_token, password',
    },
    login: 'any login name and password at the demo sign-in page (e.g. demo-user)',
    password_grant_users: {
      'demo-user': 'demo-password',
      'demo-admin': 'demo-admin-password',
    },
    refresh_tokens: 'issued to every code, device and password grant of a client allowed refresh_token (no offline_access or prompt=consent needed); rotated on every refresh, reusing a rotated one revokes the grant',
    dpop: 'accepted at /token, /me and /api/*; every proof needs a server nonce (use_dpop_nonce + DPoP-Nonce on the first try); DPoP-bound tokens must be sent as Authorization: DPoP',
    endpoints: {
      [`${issuer}/api/me`]: 'GET/POST, Bearer or DPoP: JWT or opaque token from this issuer, or a Clazar-style token',
      [`${issuer}/api/graphql`]: 'POST GraphQL, Bearer or DPoP; query { me { clientId scope tokenKind } echo(message: "hi") }',
      [`${issuer}/clazar/authenticate/`]: 'POST JSON {"client_id":"demo-clazar","client_secret":"demo-clazar-secret"}',
      [`${issuer}/close/api/v1/me/`]: 'GET, Basic with user demo-close-api-key and an empty password',
      [`${issuer}/api/key`]: 'GET, header X-API-Key: demo-api-key or query ?api_key=demo-api-key',
      [`${issuer}/api/basic`]: 'GET, Basic demo / demo-password',
      [`${issuer}/no-cors/token`]: 'the /token endpoint without CORS headers (a browser cannot read it)',
    },
  };
}
