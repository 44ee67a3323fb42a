// A deliberately misbehaving OAuth server for end-to-end tests: each route answers in a way a
// careful client must reject, and the page must explain. CORS is wide open so the browser can read
// (and the app must handle) every body.
//   node tests/support/hostile-server.js   → listens on 127.0.0.1:9091 until SIGINT/SIGTERM
//
// Token endpoints (POST, the body is ignored): see ROUTES.
// Other cases:
//   /never-ends                   headers and a first byte of JSON, then nothing, ever
//   /big-body                     a 10 MB JSON body
//   /deep-token                   a token response with a member nested 100,000 deep
//   /redirect-token               302 to /html-token (a token endpoint must not redirect)
//   /www-authenticate-odd         401 with a challenge full of escaped quotes, commas and '='
//   /issuer-mismatch              discovery: a document whose `issuer` is another server
//   /oidc/<case>                  a tiny OpenID Connect issuer (discovery, authorize, token, jwks)
//                                 whose ID tokens are signed with a test key and broken per <case>:
//                                 good, bad-signature, wrong-aud, expired, wrong-nonce, foreign-iss
import http from 'node:http';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const json = (value) => ({ status: 200, type: 'application/json', body: JSON.stringify(value) });

/** Route → canned response. Meant for POST; any method gets the same answer. */
const ROUTES = {
  '/html-token': {
    status: 200,
    type: 'text/html; charset=utf-8',
    body: '<html><body><h1>Login</h1><script>window.__pwned=1</script></body></html>',
  },
  '/truncated-token': { status: 200, type: 'application/json', body: '{"access_token":"abc","token_ty' },
  '/no-access-token': json({ token_type: 'bearer', expires_in: 60 }),
  '/access-token-not-string': json({ access_token: { value: 'hostile-object-token' }, token_type: 'bearer', expires_in: 60 }),
  '/expires-in-negative': json({ access_token: 'hostile-negative-expiry', token_type: 'bearer', expires_in: -3600 }),
  '/expires-in-huge': json({ access_token: 'hostile-huge-expiry', token_type: 'bearer', expires_in: 1e300 }),
  '/expires-in-string': json({ access_token: 'hostile-string-expiry', token_type: 'bearer', expires_in: 'soon' }),
  // a numeric string: common in the wild (old Azure AD); oauth4webapi reads it as the number
  '/expires-in-numeric-string': json({ access_token: 'hostile-numeric-string-expiry', token_type: 'bearer', expires_in: '3600' }),
  '/token-type-mac': json({ access_token: 'hostile-mac-token', token_type: 'mac', expires_in: 60, mac_key: 'k', mac_algorithm: 'hmac-sha-256' }),
  // a JWT access token (unsigned) whose header and claims carry markup: the page shows them as text
  '/jwt-script-claims': json({
    access_token: [
      { alg: 'none', typ: '<script>window.__pwned=8</script>' },
      { sub: '<img src=x onerror="window.__pwned=9">', scope: '<script>window.__pwned=10</script>', exp: 4102444800 },
    ].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.',
    token_type: 'Bearer',
    expires_in: 600,
  }),
  // nested 100,000 deep, well under the 256 KiB cap: saving it overflowed structuredClone's stack
  '/deep-token': {
    status: 200,
    type: 'application/json',
    body: `{"access_token":"hostile-deep-token","token_type":"bearer","expires_in":60,"nest":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
  },
  // real providers' refusals (issue 15 item 7): Keycloak's for a wrong secret, Entra's for a browser redeeming a Web app's code
  '/keycloak-bad-secret': { status: 401, type: 'application/json', body: JSON.stringify({ error: 'unauthorized_client', error_description: 'Invalid client or Invalid client credentials' }) },
  '/entra-spa-only': {
    status: 400,
    type: 'application/json; charset=utf-8',
    body: JSON.stringify({ error: 'invalid_request', error_description: "AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: 'http://127.0.0.1:4173'. Trace ID: 0f1e Correlation ID: 9a8b Timestamp: 2026-12-04 19:00:00Z", error_codes: [9002326] }),
  },
  // an OpenAPI document a docs site serves (issue 16: OpenAPI URL), pointing at the local demo
  '/openapi.json': json({
    openapi: '3.1.0',
    info: { title: 'Served API', version: '1' },
    servers: [{ url: 'http://127.0.0.1:9090' }],
    paths: { '/api/me': { get: { operationId: 'me' } } },
    components: { securitySchemes: { cc: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: '/token', scopes: { 'api:read': 'read' } } } } } },
  }),
  '/error-500': { status: 500, type: 'text/plain; charset=utf-8', body: 'upstream exploded' },
  '/script-header': {
    status: 400,
    type: 'application/json',
    headers: { 'X-Evil': '<img src=x onerror="window.__pwned=2">' },
    body: JSON.stringify({ error: 'invalid_request', error_description: '<img src=x onerror="window.__pwned=3"><script>window.__pwned=4</script>' }),
  },
  '/www-authenticate-odd': {
    status: 401,
    type: 'application/json',
    headers: {
      'WWW-Authenticate':
        'Bearer realm="a \\"quoted\\" realm, with commas", error="invalid_client", error_description="key=value, \\"odd\\" \\\\ <script>window.__pwned=5</script>", Basic realm=unquoted, , Newauth',
    },
    body: '',
  },
};

const BIG_BODY_BYTES = 10 * 1024 * 1024;

// ---- a tiny OpenID Connect issuer whose ID tokens are broken on purpose -------------------------

const OIDC_CASES = ['good', 'bad-signature', 'wrong-aud', 'expired', 'wrong-nonce', 'foreign-iss'];
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'hostile-test-key';
const jwk = { ...publicKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' };
const b64url = (data) => Buffer.from(data).toString('base64url');

/** An RS256 compact JWS of `claims`, signed with the test key (RS256: the OpenID Connect default). */
function signJwt(claims) {
  const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: KID }))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${b64url(sign('sha256', Buffer.from(input), privateKey))}`;
}

/** Authorization codes issued: code → what the token endpoint must put in the ID token. */
const codes = new Map();

function oidcDiscovery(issuer) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    grant_types_supported: ['authorization_code'],
    authorization_response_iss_parameter_supported: true,
  };
}

/** Handles /oidc/<case>/...; returns false when the path is not one of its own. */
function oidc(req, res, url, origin, body) {
  const match = /^\/oidc\/([a-z-]+)(\/.*)?$/.exec(url.pathname);
  if (!match || !OIDC_CASES.includes(match[1])) return false;
  const [, scenario, rest = ''] = match;
  const issuer = `${origin}/oidc/${scenario}`;
  const send = (status, value, headers = {}) =>
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(value));

  if (rest === '/.well-known/openid-configuration') return send(200, oidcDiscovery(issuer)), true;
  if (rest === '/jwks') return send(200, { keys: [jwk] }), true;
  if (rest === '/authorize') {
    const q = url.searchParams;
    const code = b64url(randomBytes(16));
    codes.set(code, { scenario, clientId: q.get('client_id') ?? '', nonce: q.get('nonce') ?? '' });
    const back = new URL(q.get('redirect_uri') ?? '');
    back.searchParams.set('code', code);
    back.searchParams.set('state', q.get('state') ?? '');
    back.searchParams.set('iss', scenario === 'foreign-iss' ? `${origin}/oidc/good` : issuer);
    res.writeHead(302, { Location: back.href }).end();
    return true;
  }
  if (rest === '/token') {
    const form = new URLSearchParams(body);
    const grant = codes.get(form.get('code') ?? '');
    codes.delete(form.get('code') ?? '');
    if (!grant) return send(400, { error: 'invalid_grant', error_description: 'unknown or used code' }), true;
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: issuer,
      sub: 'hostile-user',
      aud: scenario === 'wrong-aud' ? 'someone-else' : grant.clientId,
      iat: scenario === 'expired' ? now - 7200 : now,
      exp: scenario === 'expired' ? now - 3600 : now + 600,
      nonce: scenario === 'wrong-nonce' ? 'not-the-nonce-that-was-sent' : grant.nonce,
      name: '<img src=x onerror="window.__pwned=6"><script>window.__pwned=7</script>',
    };
    let idToken = signJwt(claims);
    if (scenario === 'bad-signature') {
      // same header and signature, other claims: the signature no longer matches
      const [header, , signature] = idToken.split('.');
      idToken = `${header}.${b64url(JSON.stringify({ ...claims, sub: 'someone-else' }))}.${signature}`;
    }
    send(200, { access_token: `hostile-oidc-${scenario}-${b64url(randomBytes(6))}`, token_type: 'Bearer', expires_in: 600, id_token: idToken }, { 'Cache-Control': 'no-store' });
    return true;
  }
  return false;
}

/**
 * Start the hostile server on 127.0.0.1.
 * @param {{ port?: number, host?: string }} [options] `port: 0` picks a free port
 * @returns {Promise<{ origin: string, close: () => Promise<void> }>}
 */
export async function startHostileServer({ port = 9091, host = '127.0.0.1' } = {}) {
  let origin = '';
  const server = http.createServer(async (req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', '*');
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
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', origin);
    const { pathname } = url;
    const route = ROUTES[pathname];
    if (pathname === '/') {
      // an index, so a test runner can tell the server is up
      const index = [...Object.keys(ROUTES), '/never-ends', '/big-body', '/redirect-token', '/issuer-mismatch', ...OIDC_CASES.map((c) => `/oidc/${c}`)];
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(index));
    } else if (route) {
      res.writeHead(route.status, { 'Content-Type': route.type, ...route.headers }).end(route.body);
    } else if (pathname === '/never-ends') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"access_token":"');
      // never ended: the client must give up (time-out or Cancel); closed when the client goes
    } else if (pathname === '/big-body') {
      const filler = 'A'.repeat(BIG_BODY_BYTES);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(`{"access_token":"hostile-big","token_type":"bearer","padding":"${filler}"}`);
    } else if (pathname === '/redirect-token') {
      res.writeHead(302, { Location: `${origin}/html-token` }).end();
    } else if (pathname === '/issuer-mismatch/.well-known/openid-configuration') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(oidcDiscovery(`${origin}/oidc/good`)));
    } else if (!oidc(req, res, url, origin, body)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const bound = /** @type {import('node:net').AddressInfo} */ (server.address());
  origin = `http://${host}:${bound.port}`;

  return {
    origin,
    close: () => new Promise((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { origin, close } = await startHostileServer();
  console.log(`hostile server on ${origin}`);
  const stop = () => close().then(() => process.exit(0), () => process.exit(1));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
