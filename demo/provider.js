// The demo authorization server: an oidc-provider instance with fixed demo clients,
// demo users, JWT access tokens for the demo API (resource indicators), DPoP with server
// nonces, private_key_jwt, refresh-token rotation and a Resource Owner Password grant.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { exportJWK, generateKeyPair, jwtVerify, createLocalJWKSet } from 'jose';
import Provider, { errors } from 'oidc-provider';
// oidc-provider has no public API for custom grants beyond registerGrantType(name, handler, params);
// these are the same internal helpers its built-in grants use (lib/helpers/grants.js), and the
// nonce generator behind features.dPoP.nonceSecret. Internal modules: re-check them when the
// oidc-provider minor version moves (package.json pins 9.13).
import * as grantHelpers from 'oidc-provider/lib/helpers/grants.js';
import { issueIdToken } from 'oidc-provider/lib/helpers/grant_common.js';
import ServerChallenge from 'oidc-provider/lib/helpers/challenge.js';
import {
  JWT_BEARER_GRANT, JWT_BEARER_PARAMS, TOKEN_EXCHANGE_GRANT, TOKEN_EXCHANGE_PARAMS, createJwtBearerGrant, createTokenExchangeGrant,
} from './extension-grants.js';

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

/**
 * Accounts for the Resource Owner Password grant (the interactive sign-in page accepts any name).
 * A second account makes a different `sub` easy to show.
 */
export const DEMO_USERS = [
  { username: 'demo-user', password: 'demo-password', name: 'Demo User', email: 'demo@example.com' },
  { username: 'demo-admin', password: 'demo-admin-password', name: 'Demo Admin', email: 'admin@example.com' },
];

/** Scopes oidc-provider treats as OpenID Connect scopes (everything else belongs to the API). */
const OIDC_SCOPES = ['openid', 'offline_access', 'profile', 'email'];

/** The algorithms accepted in DPoP proofs, at the token endpoint, userinfo and the demo API. */
export const DPOP_ALGORITHMS = ['ES256', 'Ed25519', 'EdDSA'];

/**
 * The demo private_key_jwt client's key pair: a fixed EC P-256 key that is public by design
 * (kept in demo/keys/), so a playground user can paste it. The client's `jwks` is its public half.
 */
export const DEMO_PKJWT_PRIVATE_JWK = Object.freeze(JSON.parse(
  readFileSync(new URL('./keys/demo-pkjwt.private.jwk.json', import.meta.url), 'utf8'),
));
const { d: _privatePart, ...DEMO_PKJWT_PUBLIC_JWK } = DEMO_PKJWT_PRIVATE_JWK;

/** The client whose client-credentials tokens are opaque (revocable). */
const OPAQUE_CC_CLIENT = 'demo-cc-opaque';

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
  // Client credentials with opaque tokens (no resource indicator): they can be revoked and
  // introspected, so a revoked token gets 401 invalid_token at the API.
  {
    client_id: 'demo-cc-opaque',
    client_secret: 'demo-cc-opaque-secret',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: 'api:read api:write',
  },
  // A base64-style secret with +, / and =: oidc-provider form-decodes Basic credentials (RFC 6749
  // §2.3.1), so this client is accepted form-encoded and refused as typed (its + read as a space).
  {
    client_id: 'demo-cc-b64',
    client_secret: 'ZGVtbw+c2VjcmV0/Yg==',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: 'api:read',
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
  // private_key_jwt: the client authenticates with a JWT signed by DEMO_PKJWT_PRIVATE_JWK.
  // oidc-provider accepts as the assertion's `aud` the issuer, the token endpoint URL, or the URL
  // of the endpoint being called (shared/jwt_client_auth.js, clientJwtAuthExpectedAudience()).
  {
    client_id: 'demo-pkjwt',
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES256',
    jwks: { keys: [DEMO_PKJWT_PUBLIC_JWK] },
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: 'api:read api:write supply.domain',
  },
  // Resource Owner Password grant (a registered custom grant, see createPasswordGrant below).
  {
    client_id: 'demo-password',
    client_secret: 'demo-password-secret',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['password', 'refresh_token'],
    response_types: [],
    redirect_uris: [],
    scope: 'openid offline_access profile email api:read api:write',
  },
  // Token Exchange (RFC 8693) and JWT Bearer (RFC 7523): registered grants, see
  // demo/extension-grants.js. Exchanges any access token of this server (from another client
  // too), or an assertion signed with the demo private_key_jwt key, for a JWT for the demo API.
  {
    client_id: 'demo-exchange',
    client_secret: 'demo-exchange-secret',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: [TOKEN_EXCHANGE_GRANT, JWT_BEARER_GRANT],
    response_types: [],
    redirect_uris: [],
    scope: 'api:read api:write',
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
    grant_types: ['authorization_code', 'refresh_token', 'password'],
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
 * Refresh tokens: every authorization code, device code and password grant of a client allowed
 * `refresh_token` gets one (no `offline_access` or `prompt=consent` needed), and every refresh
 * rotates it (the old one is consumed; using it again revokes the whole grant).
 *
 * DPoP: proofs must carry a server nonce (`use_dpop_nonce` + `DPoP-Nonce` on the first try);
 * `dpopNonces` checks and makes the same nonces, so the demo API can demand them too.
 *
 * @param {{ issuer?: string, deviceCodeTTL?: number }} [options] issuer without trailing slash
 *   (default `http://127.0.0.1:9090`); device code lifetime in seconds (default: the
 *   `DEMO_DEVICE_CODE_TTL` environment variable, else 600)
 * @returns {Promise<{
 *   provider: Provider,
 *   issuer: string,
 *   apiResource: string,
 *   publicJwks: { keys: object[] },
 *   deviceCodeTTL: number,
 *   dpopNonces: { nextChallenge(): string, checkChallenge(nonce: string): boolean },
 *   verifyAccessToken: (token: string) => Promise<import('jose').JWTVerifyResult>,
 * }>}
 * @see https://www.rfc-editor.org/rfc/rfc8707 Resource Indicators
 * @see https://www.rfc-editor.org/rfc/rfc9068 JWT Profile for OAuth 2.0 Access Tokens
 * @see https://www.rfc-editor.org/rfc/rfc9449 DPoP
 */
export async function createProvider({
  issuer = 'http://127.0.0.1:9090',
  deviceCodeTTL = deviceCodeTTLFromEnv(),
} = {}) {
  const apiResource = `${issuer}/api`;
  if (!Number.isInteger(deviceCodeTTL) || deviceCodeTTL < 1) {
    throw new TypeError(`the device code lifetime must be a positive whole number of seconds, got ${deviceCodeTTL}`);
  }

  // A fresh signing key each start: tokens from a previous run stop verifying, which is fine here.
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `demo-${randomBytes(6).toString('hex')}`;
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const publicJwks = { keys: [publicJwk] };
  const localJwks = createLocalJWKSet(publicJwks);

  // DPoP nonces are HKDF values of this secret and the current minute (valid about ±2 minutes).
  const dpopNonceSecret = randomBytes(32);

  /** The demo API as a resource server; any other resource indicator is `invalid_target`. */
  function resourceServerInfo(resourceIndicator) {
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
  }

  const provider = new Provider(issuer, {
    clients: DEMO_CLIENTS,
    jwks: { keys: [privateJwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: [...OIDC_SCOPES, ...API_SCOPES.split(' ')],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    // oidc-provider 9 implements S256 only; there is no option to enable `plain`.
    pkce: { required: () => true },
    clientBasedCORS: (_ctx, origin, _client) => isLoopbackOrigin(origin),
    findAccount: (_ctx, sub) => demoAccount(sub),
    // The default issues a refresh token only when the grant includes `offline_access`, and the
    // authorization endpoint drops `offline_access` unless the request has `prompt=consent`
    // (lib/actions/authorization/scopes.js). Here any client allowed `refresh_token` gets one.
    // Without `offline_access` such a refresh token still "expires with the session" (the
    // default `expiresWithSession`): signing out at /session/end ends it.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Rotate on every refresh, for public and confidential clients alike (the default only
    // rotates public unbound ones every time).
    rotateRefreshToken: () => true,
    dPoPSigningAlgValues: DPOP_ALGORITHMS,
    // Claims an extension grant asked for (token exchange's `act`); nothing for the other grants.
    extraTokenClaims: async (_ctx, token) => token.demoClaims,
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
      // Every DPoP proof (token endpoint, userinfo, PAR) must carry a nonce this server made:
      // the first attempt gets 400/401 `use_dpop_nonce` and a `DPoP-Nonce` header to retry with.
      dPoP: { enabled: true, nonceSecret: dpopNonceSecret, requireNonce: () => true, allowReplay: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      resourceIndicators: {
        enabled: true,
        // Applies when a request has no `resource` parameter (authorization and token requests).
        defaultResource: (ctx) => (ctx.oidc.client?.clientId === OPAQUE_CC_CLIENT ? undefined : apiResource),
        // Code, refresh and device-code grants without a `resource` parameter: bind the token to
        // the granted API (a JWT) unless it carries `openid`; then it stays opaque and audience-free
        // so it also works at userinfo and introspection (oidc-provider refuses tokens with an `aud`
        // at userinfo). Sending resource=<api> at the token endpoint always yields the JWT.
        useGrantedResource: (_ctx, model) => !model.scopes.has('openid'),
        getResourceServerInfo: (_ctx, resourceIndicator) => resourceServerInfo(resourceIndicator),
      },
    },
    // Setting every default that would otherwise print an "oidc-provider NOTICE" on stdout.
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL || 60 * 60,
      AuthorizationCode: 60,
      ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL || 600,
      DeviceCode: deviceCodeTTL,
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

  provider.registerGrantType(
    'password',
    createPasswordGrant(provider, { apiResource, resourceServerInfo }),
    ['username', 'password', 'scope', 'resource'],
  );
  const verifyAccessToken = (token) => jwtVerify(token, localJwks, {
    issuer,
    audience: apiResource,
    typ: 'at+jwt',
    algorithms: ['RS256'],
  });
  const grantOptions = { apiResource, resourceServerInfo, verifyAccessToken, apiScopes: API_SCOPES };
  provider.registerGrantType(TOKEN_EXCHANGE_GRANT, createTokenExchangeGrant(provider, grantOptions), TOKEN_EXCHANGE_PARAMS);
  provider.registerGrantType(JWT_BEARER_GRANT, createJwtBearerGrant(provider, { ...grantOptions, publicJwk: DEMO_PKJWT_PUBLIC_JWK }), JWT_BEARER_PARAMS);

  return {
    provider,
    issuer,
    apiResource,
    publicJwks,
    deviceCodeTTL,
    dpopNonces: new ServerChallenge(dpopNonceSecret, 'DPoP'),
    /**
     * Verify a JWT access token this provider issued for the demo API.
     * @param {string} token
     */
    verifyAccessToken,
  };
}

/** `DEMO_DEVICE_CODE_TTL` (seconds) or 600. */
function deviceCodeTTLFromEnv() {
  const raw = process.env.DEMO_DEVICE_CODE_TTL;
  if (raw === undefined || raw.trim() === '') return 600;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(`DEMO_DEVICE_CODE_TTL must be a positive whole number of seconds, got "${raw}"`);
  }
  return value;
}

/**
 * The account behind `sub`: a DEMO_USERS entry, or (devInteractions accept any login name)
 * the generic demo person under that name.
 * @param {string} sub
 */
function demoAccount(sub) {
  const user = DEMO_USERS.find((candidate) => candidate.username === sub);
  return {
    accountId: sub,
    async claims() {
      return {
        sub,
        name: user?.name ?? DEMO_USER.name,
        preferred_username: sub,
        email: user?.email ?? DEMO_USER.email,
        email_verified: true,
      };
    },
  };
}

/** The DEMO_USERS entry with this username and password, or undefined (constant-time compares). */
function findUser(username, password) {
  let found;
  for (const user of DEMO_USERS) {
    if (sameString(username, user.username) & sameString(password, user.password)) found = user;
  }
  return found;
}

function sameString(actual, expected) {
  const digest = (value) => createHash('sha256').update(String(value)).digest();
  return typeof actual === 'string' && timingSafeEqual(digest(actual), digest(expected)) ? 1 : 0;
}

/**
 * The Resource Owner Password grant (RFC 6749 §4.3), which oidc-provider does not ship.
 *
 * - `username` + `password` must match a DEMO_USERS entry, else 400 `invalid_grant`.
 * - Scope: requested ∩ the client's registered scope (unknown or disallowed ones are dropped,
 *   nothing requested → no scope). A Grant is recorded like a consent would, so the token works
 *   at userinfo, introspection, revocation and for refresh.
 * - Token format follows the code flow: a JWT for the demo API, unless the granted scope has
 *   `openid` and no `resource` was sent (then opaque, for userinfo); an ID token when `openid`.
 * - A refresh token whenever the client may use `refresh_token` (demo-password, demo-web).
 * - A DPoP proof binds the access token (and, for public clients, the refresh token).
 *
 * @param {Provider} provider
 * @param {{ apiResource: string, resourceServerInfo: (resource: string) => object }} options
 * @returns {(ctx: import('koa').Context) => Promise<void>}
 */
function createPasswordGrant(provider, { apiResource, resourceServerInfo }) {
  const helpers = Object.fromEntries(Object.entries(grantHelpers)
    .map(([name, helper]) => [name, helper.bind(undefined, provider)]));
  const oidcScopes = new Set(OIDC_SCOPES);
  const apiScopes = new Set(API_SCOPES.split(' '));

  return async function passwordGrant(ctx) {
    const { client, params } = ctx.oidc;
    const missing = ['username', 'password'].filter((name) => !params[name]);
    if (missing.length) {
      throw new errors.InvalidRequest(`missing required parameter${missing.length > 1 ? 's' : ''} ${missing.map((name) => `'${name}'`).join(' and ')}`);
    }
    if (params.resource !== undefined) resourceServerInfo(params.resource);

    const dPoP = await helpers.validateDpop(ctx);
    helpers.checkDpopRequired(ctx, dPoP);

    const user = findUser(params.username, params.password);
    if (!user) {
      const error = new errors.InvalidGrant('wrong username or password');
      error.error_description = 'wrong username or password';
      throw error;
    }

    const allowed = new Set(client.scope ? client.scope.split(' ') : [...oidcScopes, ...apiScopes]);
    const granted = [...new Set(params.scope?.split(' ') ?? [])]
      .filter((scope) => allowed.has(scope) && (oidcScopes.has(scope) || apiScopes.has(scope)));
    const grantedOidc = granted.filter((scope) => oidcScopes.has(scope));
    const grantedApi = granted.filter((scope) => apiScopes.has(scope));

    const grant = new provider.Grant({ accountId: user.username, clientId: client.clientId });
    if (grantedOidc.length) grant.addOIDCScope(grantedOidc.join(' '));
    grant.addResourceScope(apiResource, grantedApi.join(' '));
    const grantId = await grant.save();

    const account = demoAccount(user.username);
    ctx.oidc.entity('Account', account);
    ctx.oidc.entity('Grant', grant);

    const at = new provider.AccessToken({
      accountId: user.username, client, grantId, gty: 'password',
    });
    if (params.resource !== undefined || !grantedOidc.includes('openid')) {
      at.resourceServer = new provider.ResourceServer(apiResource, resourceServerInfo(apiResource));
      at.scope = grantedApi.join(' ');
    } else {
      at.scope = grantedOidc.join(' ');
    }
    if (dPoP) {
      await helpers.checkDpopReplay(ctx, dPoP, client.clientId, errors.InvalidGrant);
      at.setThumbprint('jkt', dPoP.thumbprint);
    }
    ctx.oidc.entity('AccessToken', at);
    const accessToken = await at.save();

    const source = {
      accountId: user.username,
      scope: granted.join(' '),
      scopes: new Set(granted),
      amr: ['pwd'],
      authTime: Math.floor(Date.now() / 1000),
    };

    let refreshToken;
    if (client.grantTypeAllowed('refresh_token')) {
      const rt = new provider.RefreshToken({
        accountId: source.accountId,
        amr: source.amr,
        authTime: source.authTime,
        scope: source.scope,
        client,
        grantId,
        gty: 'password',
        resource: apiResource,
        rotations: 0,
        expiresWithSession: false,
      });
      // Same rule as oidc-provider: only a public client's refresh token is bound to its DPoP key.
      if (client.clientAuthMethod === 'none' && at.jkt) rt.jkt = at.jkt;
      ctx.oidc.entity('RefreshToken', rt);
      refreshToken = await rt.save();
    }

    const idToken = await issueIdToken(provider, ctx, source, at, grant);

    ctx.body = helpers.buildTokenResponse({
      accessToken,
      expiresIn: at.expiration,
      idToken,
      refreshToken,
      scope: source.scope ? at.scope : (at.scope || undefined),
      tokenType: at.tokenType,
    });
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

// Device flow and logout pages: oidc-provider's forms, with its default button labels.

/** What the user-code page says after each error oidc-provider re-renders it with. */
const USER_CODE_MESSAGES = {
  NoCodeError: 'Enter the code displayed on your device.',
  NotFoundError: 'The code you entered is incorrect. Try again.',
  ExpiredError: 'The code has expired. Start again on your device.',
  AlreadyUsedError: 'The code has already been used.',
  AbortedError: 'The sign-in request was aborted: the device is told access was denied.',
};

async function userCodeInputSource(ctx, form, out, err) {
  const msg = err
    ? `<p role="alert">${escapeHtml(USER_CODE_MESSAGES[err.name]
      ?? `There was an error processing your request${out?.error ? ` (${out.error})` : ''}.`)}</p>`
    : '<p>Enter the code displayed on your device</p>';
  // Give oidc-provider's input a real label (its only name was the "Enter code" placeholder).
  const labelled = form.replace('name="user_code"', 'id="user-code" name="user_code"');
  ctx.body = page('Sign-in', `${msg}<label for="user-code">User code</label>${labelled}
<button type="submit" form="op.deviceInputForm">Continue</button>`);
}

async function userCodeConfirmSource(ctx, form, client, _deviceInfo, userCode) {
  const name = escapeHtml(client.clientName || client.clientId);
  ctx.body = page('Confirm Device', `<p><strong>${name}</strong> is asking for access.
The following code should be displayed on your device: <code>${escapeHtml(userCode)}</code></p>
<p>Continue to sign in and approve; Abort to deny (the device then gets <code>access_denied</code>).</p>${form}
<button autofocus type="submit" form="op.deviceConfirmForm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" value="yes" name="abort">[ Abort ]</button>`);
}

async function successSource(ctx) {
  const name = escapeHtml(ctx.oidc.client.clientName || ctx.oidc.client.clientId);
  ctx.body = page('Sign-in Success', `<p>Your sign-in with <strong>${name}</strong> was successful, you can now close this page.</p>`);
}

async function logoutSource(ctx, form) {
  ctx.body = page('Sign out?', `${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`);
}

async function postLogoutSuccessSource(ctx) {
  ctx.body = page('Sign-out Success', '<p>Your sign-out was successful.</p>');
}
