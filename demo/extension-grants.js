// Extension grants of the demo server, registered with provider.registerGrantType (see provider.js):
// Token Exchange (RFC 8693) and JWT Bearer (RFC 7523). Each really checks what it is given and issues a JWT access token for
// the demo API, with oidc-provider's own models and grant helpers.
import { createLocalJWKSet, jwtVerify } from 'jose';
import { errors } from 'oidc-provider';
import * as grantHelpers from 'oidc-provider/lib/helpers/grants.js';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const JWT_BEARER_PARAMS = ['assertion', 'scope'];
/** The one issuer whose assertions the JWT Bearer grant trusts: the holder of the demo private_key_jwt key. */
export const ASSERTION_ISSUER = 'demo-pkjwt';
export const TOKEN_EXCHANGE_PARAMS = ['subject_token', 'subject_token_type', 'actor_token', 'actor_token_type', 'audience', 'resource', 'requested_token_type', 'scope'];

const TOKEN_TYPE = (name) => `urn:ietf:params:oauth:token-type:${name}`;
const ACCESS_TOKEN = TOKEN_TYPE('access_token');

/**
 * @typedef {object} GrantOptions
 * @property {string} apiResource the demo API's resource indicator
 * @property {(resource: string) => object} resourceServerInfo throws invalid_target for other resources
 * @property {(token: string) => Promise<{ payload: Record<string, unknown> }>} verifyAccessToken the demo's JWT access-token check
 * @property {string} apiScopes space-separated scopes of the demo API
 */

/**
 * Who a token this server issued stands for, and its scope: a JWT access token is verified
 * (signature, issuer, audience, expiry), an opaque one is looked up (unknown, expired or revoked
 * ones are refused). Token types other than access_token (and jwt, for a JWT) are refused.
 * Per RFC 8693 §2.2.2 an unusable subject or actor token is `invalid_request`.
 */
async function tokenSubject(provider, options, token, type, name) {
  const isJwt = token.split('.').length === 3;
  if (type !== ACCESS_TOKEN && !(type === TOKEN_TYPE('jwt') && isJwt)) {
    throw new errors.InvalidRequest(`unsupported ${name}_type: this server exchanges its own access tokens (${ACCESS_TOKEN})`);
  }
  if (isJwt) {
    try {
      const { payload } = await options.verifyAccessToken(token);
      return { sub: String(payload.sub), scope: typeof payload.scope === 'string' ? payload.scope : '' };
    } catch (err) {
      throw new errors.InvalidRequest(`${name} rejected: ${err.code ?? 'ERR'} ${err.message}`);
    }
  }
  const found = await provider.AccessToken.find(token);
  if (!found || found.isExpired || !found.accountId) throw new errors.InvalidRequest(`${name} is unknown, expired or revoked`);
  return { sub: found.accountId, scope: found.scope ?? '' };
}

/**
 * Token Exchange (RFC 8693 §2), as a security token service for the demo API:
 * - `subject_token` must be a valid access token of this server; `actor_token` too when sent
 *   (then `actor_token_type` is required, and the new token carries `act: { sub }`, §4.1);
 * - `audience` and `resource`, when sent, must name the demo API (else `invalid_target`);
 * - `requested_token_type` may only be access_token or jwt (what is issued is a JWT access token);
 * - scope: the requested one must be within the subject token's API scope and the client's
 *   (else `invalid_scope`); none requested → the subject token's API scope, as allowed.
 * @param {import('oidc-provider').default} provider
 * @param {GrantOptions} options
 */
export function createTokenExchangeGrant(provider, options) {
  const { apiResource, resourceServerInfo } = options;
  const helpers = Object.fromEntries(Object.entries(grantHelpers).map(([name, helper]) => [name, helper.bind(undefined, provider)]));
  const apiScopes = new Set(options.apiScopes.split(' '));

  return async function tokenExchangeGrant(ctx) {
    const { client, params } = ctx.oidc;
    const missing = ['subject_token', 'subject_token_type'].filter((name) => !params[name]);
    if (params.actor_token && !params.actor_token_type) missing.push('actor_token_type');
    if (missing.length) throw new errors.InvalidRequest(`missing required parameter${missing.length > 1 ? 's' : ''} ${missing.map((name) => `'${name}'`).join(' and ')}`);
    if (params.resource !== undefined) resourceServerInfo(params.resource);
    if (params.audience !== undefined && params.audience !== apiResource) {
      throw new errors.InvalidTarget(`unknown audience; this server only issues tokens for ${apiResource}`);
    }
    if (params.requested_token_type !== undefined && ![ACCESS_TOKEN, TOKEN_TYPE('jwt')].includes(params.requested_token_type)) {
      throw new errors.InvalidRequest(`unsupported requested_token_type: this server issues ${ACCESS_TOKEN} (a JWT)`);
    }

    const dPoP = await helpers.validateDpop(ctx);
    helpers.checkDpopRequired(ctx, dPoP);

    const subject = await tokenSubject(provider, options, params.subject_token, params.subject_token_type, 'subject_token');
    const actor = params.actor_token ? await tokenSubject(provider, options, params.actor_token, params.actor_token_type, 'actor_token') : undefined;

    const clientScopes = new Set(client.scope ? client.scope.split(' ') : [...apiScopes]);
    const allowed = subject.scope.split(' ').filter((scope) => apiScopes.has(scope) && clientScopes.has(scope));
    const requested = params.scope ? [...new Set(params.scope.split(' '))] : allowed;
    const refused = requested.filter((scope) => !allowed.includes(scope));
    if (refused.length) throw new errors.InvalidScope(`the subject token does not allow ${refused.join(' ')}`, refused.join(' '));

    if (dPoP) await helpers.checkDpopReplay(ctx, dPoP, client.clientId, errors.InvalidGrant);
    // `act` names the acting party (RFC 8693 §4.1); provider.js's extraTokenClaims puts it in the JWT
    const claims = actor ? { act: { sub: actor.sub } } : undefined;
    const { at, accessToken } = await issueApiToken(provider, ctx, options, { sub: subject.sub, scope: requested.join(' '), gty: 'token_exchange', claims, dPoP });

    ctx.body = {
      access_token: accessToken,
      issued_token_type: ACCESS_TOKEN,
      token_type: at.tokenType,
      expires_in: at.expiration,
      scope: at.scope || undefined,
    };
  };
}

/** Issues a JWT access token for the demo API to `client`, for `sub`, with `scope`. */
async function issueApiToken(provider, ctx, { apiResource, resourceServerInfo }, { sub, scope, gty, claims, dPoP }) {
  const { client } = ctx.oidc;
  const grant = new provider.Grant({ accountId: sub, clientId: client.clientId });
  grant.addResourceScope(apiResource, scope);
  const grantId = await grant.save();
  const at = new provider.AccessToken({ accountId: sub, client, grantId, gty, scope });
  at.resourceServer = new provider.ResourceServer(apiResource, resourceServerInfo(apiResource));
  if (claims) at.demoClaims = claims;
  if (dPoP) at.setThumbprint('jkt', dPoP.thumbprint);
  ctx.oidc.entity('AccessToken', at);
  return { at, accessToken: await at.save() };
}

/**
 * JWT Bearer (RFC 7523 §2.1, §3): `assertion` must be a JWT signed (ES256) by the demo private_key_jwt
 * key (`publicJwk`), with `iss` ASSERTION_ISSUER, a `sub` (the user the token is for), `aud` this
 * issuer or its token endpoint, and `exp` in the future; any failure is `invalid_grant` saying which
 * check failed. Scope: requested ∩ the client's registered scope ∩ the API's.
 * @param {import('oidc-provider').default} provider
 * @param {GrantOptions & { publicJwk: object }} options
 */
export function createJwtBearerGrant(provider, options) {
  const helpers = Object.fromEntries(Object.entries(grantHelpers).map(([name, helper]) => [name, helper.bind(undefined, provider)]));
  const keys = createLocalJWKSet({ keys: [options.publicJwk] });
  const apiScopes = new Set(options.apiScopes.split(' '));

  return async function jwtBearerGrant(ctx) {
    const { client, params } = ctx.oidc;
    if (!params.assertion) throw new errors.InvalidRequest("missing required parameter 'assertion'");
    const dPoP = await helpers.validateDpop(ctx);
    helpers.checkDpopRequired(ctx, dPoP);

    let payload;
    try {
      ({ payload } = await jwtVerify(params.assertion, keys, {
        issuer: ASSERTION_ISSUER,
        audience: [provider.issuer, ctx.oidc.urlFor('token')],
        algorithms: ['ES256'],
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (err) {
      // InvalidGrant's own description is a generic one; the point here is to say which check failed
      const error = new errors.InvalidGrant();
      error.error_description = `assertion rejected: ${err.code ?? 'ERR'} ${err.message}`;
      throw error;
    }

    const clientScopes = new Set(client.scope ? client.scope.split(' ') : [...apiScopes]);
    const scope = [...new Set((params.scope ?? '').split(' '))].filter((name) => apiScopes.has(name) && clientScopes.has(name)).join(' ');
    if (dPoP) await helpers.checkDpopReplay(ctx, dPoP, client.clientId, errors.InvalidGrant);
    const { at, accessToken } = await issueApiToken(provider, ctx, options, { sub: String(payload.sub), scope, gty: 'jwt_bearer', dPoP });
    ctx.body = { access_token: accessToken, token_type: at.tokenType, expires_in: at.expiration, scope: at.scope || undefined };
  };
}
