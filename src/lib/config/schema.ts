/**
 * Checks for configuration read back from an untrusted place (IndexedDB today; share links and
 * imports later). Unknown or ill-typed fields fall back to their defaults instead of crashing the app.
 */
import {
  API_KEY_PLACEMENTS,
  AUTHORIZE_VIA,
  AUTH_TYPES,
  BASIC_ENCODINGS,
  RESPONSE_MODES,
  CLIENT_AUTH_METHODS,
  CODE_CHALLENGE_METHODS,
  GRANT_TYPES,
  REQUEST_METHODS,
  TOKEN_TYPE_URIS,
  emptyAuthConfig,
  emptyTestRequest,
  type AuthConfig,
  type KeyValue,
  type TestRequestConfig,
} from './auth-config';
import { parseProxySettings } from './proxy';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function str(source: Json, key: string, fallback: string): string {
  const value = source[key];
  return typeof value === 'string' ? value : fallback;
}

function bool(source: Json, key: string, fallback: boolean): boolean {
  const value = source[key];
  return typeof value === 'boolean' ? value : fallback;
}

function oneOf<T extends string>(allowed: readonly T[], source: Json, key: string, fallback: T): T {
  const value = source[key];
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function rows(source: Json, key: string): KeyValue[] {
  const value = source[key];
  if (!Array.isArray(value)) return [];
  return value
    .filter(isObject)
    .filter((row) => typeof row.key === 'string' && typeof row.value === 'string')
    .map((row) => ({ key: row.key as string, value: row.value as string }));
}

/** `value` as an `AuthConfig`, every field checked; anything missing or wrong takes its default. */
export function parseAuthConfig(value: unknown): AuthConfig {
  const base = emptyAuthConfig();
  if (!isObject(value)) return base;
  const o = isObject(value.oauth2) ? value.oauth2 : {};
  const k = isObject(value.apiKey) ? value.apiKey : {};
  const b = isObject(value.basic) ? value.basic : {};
  const t = isObject(value.bearer) ? value.bearer : {};
  return {
    authType: oneOf(AUTH_TYPES, value, 'authType', base.authType),
    presetId: typeof value.presetId === 'string' ? value.presetId : null,
    oauth2: {
      grantType: oneOf(GRANT_TYPES, o, 'grantType', base.oauth2.grantType),
      issuer: str(o, 'issuer', ''),
      authorizationUrl: str(o, 'authorizationUrl', ''),
      tokenUrl: str(o, 'tokenUrl', ''),
      clientId: str(o, 'clientId', ''),
      clientSecret: str(o, 'clientSecret', ''),
      scope: str(o, 'scope', ''),
      clientAuth: oneOf(CLIENT_AUTH_METHODS, o, 'clientAuth', base.oauth2.clientAuth),
      basicEncoding: oneOf(BASIC_ENCODINGS, o, 'basicEncoding', base.oauth2.basicEncoding),
      codeChallengeMethod: oneOf(CODE_CHALLENGE_METHODS, o, 'codeChallengeMethod', base.oauth2.codeChallengeMethod),
      extraParams: rows(o, 'extraParams'),
      extraHeaders: rows(o, 'extraHeaders'),
      deviceAuthorizationUrl: str(o, 'deviceAuthorizationUrl', ''),
      revocationUrl: str(o, 'revocationUrl', ''),
      introspectionUrl: str(o, 'introspectionUrl', ''),
      userinfoUrl: str(o, 'userinfoUrl', ''),
      parUrl: str(o, 'parUrl', ''),
      jwksUri: str(o, 'jwksUri', ''),
      issParameterSupported: bool(o, 'issParameterSupported', false),
      prompt: str(o, 'prompt', ''),
      loginHint: str(o, 'loginHint', ''),
      responseMode: oneOf(RESPONSE_MODES, o, 'responseMode', ''),
      authParams: rows(o, 'authParams'),
      usePar: bool(o, 'usePar', false),
      authorizeVia: oneOf(AUTHORIZE_VIA, o, 'authorizeVia', 'redirect'),
      dpop: bool(o, 'dpop', false),
      privateKeyJwk: str(o, 'privateKeyJwk', ''),
      username: str(o, 'username', ''),
      password: str(o, 'password', ''),
      customGrantType: str(o, 'customGrantType', ''),
      subjectToken: str(o, 'subjectToken', ''),
      subjectTokenType: oneOf(TOKEN_TYPE_URIS, o, 'subjectTokenType', base.oauth2.subjectTokenType),
      actorToken: str(o, 'actorToken', ''),
      actorTokenType: oneOf(TOKEN_TYPE_URIS, o, 'actorTokenType', base.oauth2.actorTokenType),
      audience: str(o, 'audience', ''),
      resource: str(o, 'resource', ''),
      requestedTokenType: oneOf(['', ...TOKEN_TYPE_URIS], o, 'requestedTokenType', ''),
      assertion: str(o, 'assertion', ''),
    },
    apiKey: {
      placement: oneOf(API_KEY_PLACEMENTS, k, 'placement', base.apiKey.placement),
      name: str(k, 'name', base.apiKey.name),
      value: str(k, 'value', ''),
    },
    basic: { username: str(b, 'username', ''), password: str(b, 'password', '') },
    bearer: { token: str(t, 'token', '') },
    allowInsecureHttp: bool(value, 'allowInsecureHttp', false),
    autoRenew: bool(value, 'autoRenew', true),
    proxy: parseProxySettings(value.proxy),
  };
}

/** `value` as a `TestRequestConfig`, every field checked. */
export function parseTestRequest(value: unknown): TestRequestConfig {
  const base = emptyTestRequest();
  if (!isObject(value)) return base;
  return {
    mode: value.mode === 'graphql' ? 'graphql' : 'http',
    method: oneOf(REQUEST_METHODS, value, 'method', base.method),
    url: str(value, 'url', ''),
    headers: rows(value, 'headers'),
    body: str(value, 'body', ''),
    query: str(value, 'query', ''),
    variables: str(value, 'variables', ''),
  };
}

/**
 * An untrusted value for a message: strings and numbers shown (cut short), anything else by its
 * type. `String(value)` is not safe here: an object can make it throw (`{"toString": 0}`).
 */
export function printable(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value).slice(0, 40) : value === null ? 'null' : typeof value;
}
