// The demo authorization server: an oidc-provider instance with fixed demo clients,
// one demo user, and JWT access tokens for the demo API (resource indicators).
import { randomBytes } from 'node:crypto';

import { exportJWK, generateKeyPair, jwtVerify, createLocalJWKSet } from 'jose';
import Provider, { errors } from 'oidc-provider';

/** The app's loopback origins that the demo clients redirect to (vite dev and vite preview). */
export const APP_ORIGINS = [
  'http://127.0.0.1:5173',
  'http://127.0.0.1:4173',
  'http://localhost:5173',
  'http://localhost:4173',
];

/** Redirect URIs registered for the browser clients: the app root and its popup callback page. */
export const REDIRECT_URIS = APP_ORIGINS.flatMap((origin) => [`${origin}/`, `${origin}/callback.html`]);

/** Scopes the demo API (the single resource server) grants. */
export const API_SCOPES = 'api:read api:write supply.domain design.domain user.access';

/** The demo user every devInteractions login maps to (any login name is accepted). */
export const DEMO_USER = { sub: 'demo-user', name: 'Demo User', email: 'demo@example.com' };

/** Demo clients, documented in the app's "Local demo" preset: keep ids and secrets stable. */
export const DEMO_CLIENTS = [
  // Confidential client-credentials client; registered for Basic, oidc-provider also accepts post.
  {
    client_id: 'demo-cc',
    client_secret: 'demo-cc-secret',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: 'api:read api:write supply.domain',
  },
  {
    client_id: 'demo-cc-post',
    client_secret: 'demo-cc-post-secret',
    token_endpoint_auth_method: 'client_secret_post',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: 'api:read api:write supply.domain',
  },
  // A client-credentials client with no authentication at all: oidc-provider accepts it.
  // Shows why such a registration is a bad idea (anyone knowing the id gets a token).
  {
    client_id: 'demo-cc-public',
    token_endpoint_auth_method: 'none',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: 'api:read',
  },
  // Public browser client: authorization code + PKCE, refresh tokens, device flow.
  {
    client_id: 'demo-spa',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
    response_types: ['code'],
    redirect_uris: REDIRECT_URIS,
    scope: 'openid offline_access profile email api:read api:write',
  },
  // Confidential web client (secret in the browser: a playground-only situation).
  {
    client_id: 'demo-web',
    client_secret: 'demo-web-secret',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: REDIRECT_URIS,
    scope: 'openid offline_access profile email api:read api:write design.domain user.access',
  },
];

/**
 * Whether `origin` is a plain-http loopback origin (`http://127.0.0.1[:port]`, `http://localhost[:port]`).
 * @param {string | undefined} origin value of an `Origin` request header
 * @returns {boolean}
 */
export function isLoopbackOrigin(origin) {
  return typeof origin === 'string' && /^http:\/\/(127\.0\.0\.1|localhost)(:\d{1,5})?$/.test(origin);
}

/** A bare HTML page for the few screens oidc-provider lets us render (escape inputs before use). */
function page(title, body) {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}
input,button{font:inherit;padding:.4rem;margin:.3rem 0}pre{white-space:pre-wrap}</style>
</head><body><h1>${title}</h1>${body}</body></html>`;
}

/** @param {unknown} value */
function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Create the demo authorization server.
 *
 * Access tokens for the demo API resource `${issuer}/api` are RS256 JWTs: always for
 * client credentials, and for user grants unless the grant includes `openid` and the token
 * request names no `resource` (those stay opaque, for userinfo). Other resource indicators
 * are refused with `invalid_target`.
 *
 * @param {{ issuer?: string }} [options] issuer without trailing slash (default `http://127.0.0.1:9090`)
 * @returns {Promise<{
 *   provider: Provider,
 *   issuer: string,
 *   apiResource: string,
 *   publicJwks: { keys: object[] },
 *   verifyAccessToken: (token: string) => Promise<import('jose').JWTVerifyResult>,
 * }>}
 * @see https://www.rfc-editor.org/rfc/rfc8707 Resource Indicators
 * @see https://www.rfc-editor.org/rfc/rfc9068 JWT Profile for OAuth 2.0 Access Tokens
 */
export async function createProvider({ issuer = 'http://127.0.0.1:9090' } = {}) {
  const apiResource = `${issuer}/api`;

  // A fresh signing key each start: tokens from a previous run stop verifying, which is fine here.
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `demo-${randomBytes(6).toString('hex')}`;
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const publicJwks = { keys: [publicJwk] };
  const localJwks = createLocalJWKSet(publicJwks);

  const provider = new Provider(issuer, {
    clients: DEMO_CLIENTS,
    jwks: { keys: [privateJwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'offline_access', 'profile', 'email', ...API_SCOPES.split(' ')],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    // oidc-provider 9 implements S256 only; there is no option to enable `plain`.
    pkce: { required: () => true },
    clientBasedCORS: (_ctx, origin, _client) => isLoopbackOrigin(origin),
    async findAccount(_ctx, sub) {
      // devInteractions accept any login name; every name is the same demo person.
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            name: DEMO_USER.name,
            preferred_username: sub,
            email: DEMO_USER.email,
            email_verified: true,
          };
        },
      };
    },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: introspectionAllowed },
      revocation: { enabled: true, allowedPolicy: revocationAllowed },
      deviceFlow: {
        enabled: true,
        userCodeInputSource,
        userCodeConfirmSource,
        successSource,
      },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      resourceIndicators: {
        enabled: true,
        // Applies when a request has no `resource` parameter (authorization and token requests).
        defaultResource: () => apiResource,
        // Code, refresh and device-code grants without a `resource` parameter: bind the token to
        // the granted API (a JWT) unless it carries `openid`; then it stays opaque and audience-free
        // so it also works at userinfo and introspection (oidc-provider refuses tokens with an `aud`
        // at userinfo). Sending resource=<api> at the token endpoint always yields the JWT.
        useGrantedResource: (_ctx, model) => !model.scopes.has('openid'),
        getResourceServerInfo(_ctx, resourceIndicator) {
          if (resourceIndicator !== apiResource) {
            throw new errors.InvalidTarget(`unknown resource; this server only knows ${apiResource}`);
          }
          return {
            scope: API_SCOPES,
            audience: apiResource,
            accessTokenFormat: 'jwt',
            accessTokenTTL: 600,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    // Setting every default that would otherwise print an "oidc-provider NOTICE" on stdout.
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL || 60 * 60,
      AuthorizationCode: 60,
      ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL || 600,
      DeviceCode: 10 * 60,
      Grant: 14 * 24 * 60 * 60,
      IdToken: 60 * 60,
      Interaction: 60 * 60,
      RefreshToken: 14 * 24 * 60 * 60,
      Session: 14 * 24 * 60 * 60,
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Something went wrong', Object.entries(out)
        .map(([key, value]) => `<pre><strong>${escapeHtml(key)}</strong>: ${escapeHtml(value)}</pre>`)
        .join(''));
    },
  });

  return {
    provider,
    issuer,
    apiResource,
    publicJwks,
    /**
     * Verify a JWT access token this provider issued for the demo API.
     * @param {string} token
     */
    verifyAccessToken: (token) => jwtVerify(token, localJwks, {
      issuer,
      audience: apiResource,
      typ: 'at+jwt',
      algorithms: ['RS256'],
    }),
  };
}

// Same decisions as oidc-provider's defaults, written out so they print no notice.
async function introspectionAllowed(ctx, client, token) {
  return !(client.clientAuthMethod === 'none' && token.clientId !== ctx.oidc.client.clientId);
}

async function revocationAllowed(_ctx, client, token) {
  if (token.clientId === client.clientId) return true;
  if (client.clientAuthMethod === 'none') return false;
  throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
}

// Device flow and logout pages: same forms and button labels as oidc-provider's defaults.
async function userCodeInputSource(ctx, form, _out, err) {
  const msg = err ? '<p>The code you entered is incorrect or the request failed. Try again.</p>'
    : '<p>Enter the code displayed on your device</p>';
  ctx.body = page('Sign-in', `${msg}${form}<button type="submit" form="op.deviceInputForm">Continue</button>`);
}

async function userCodeConfirmSource(ctx, form, client, _deviceInfo, userCode) {
  const name = escapeHtml(client.clientName || client.clientId);
  ctx.body = page('Confirm Device', `<p><strong>${name}</strong> is asking for access.
The following code should be displayed on your device: <code>${escapeHtml(userCode)}</code></p>${form}
<button autofocus type="submit" form="op.deviceConfirmForm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" value="yes" name="abort">[ Abort ]</button>`);
}

async function successSource(ctx) {
  ctx.body = page('Sign-in Success', '<p>Your sign-in was successful, you can now close this page.</p>');
}

async function logoutSource(ctx, form) {
  ctx.body = page('Sign out?', `${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`);
}

async function postLogoutSuccessSource(ctx) {
  ctx.body = page('Sign-out Success', '<p>Your sign-out was successful.</p>');
}
