/**
 * The shape of one auth setup as the user edits it: plain data, no behaviour.
 * Wire-format names (`client_secret_basic`, `client_credentials`) keep their RFC spelling.
 */
import { SECRET_HEADER_NAMES, looksSecretName } from '../http/secret-names';
import { emptyProxySettings, type ProxySettings } from './proxy';

/** Values of the `Auth type` select. */
export const AUTH_TYPES = ['oauth2', 'api_key', 'basic', 'bearer'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

/** Values of the `Grant type` select. */
export const GRANT_TYPES = [
  'authorization_code',
  'client_credentials',
  'refresh_token',
  'urn:ietf:params:oauth:grant-type:device_code',
  'password',
  'urn:ietf:params:oauth:grant-type:token-exchange',
  'urn:ietf:params:oauth:grant-type:jwt-bearer',
  'custom',
] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/** What the Grant type select shows for each grant (its option values stay the wire names). */
export const GRANT_LABELS: Record<GrantType, string> = {
  authorization_code: 'Authorization Code (PKCE)',
  client_credentials: 'Client Credentials',
  refresh_token: 'Refresh token',
  'urn:ietf:params:oauth:grant-type:device_code': 'Device code',
  password: 'Password (legacy)',
  'urn:ietf:params:oauth:grant-type:token-exchange': 'Token Exchange (RFC 8693)',
  'urn:ietf:params:oauth:grant-type:jwt-bearer': 'JWT Bearer (RFC 7523)',
  custom: 'Custom grant',
};

/**
 * The token type identifiers of RFC 8693 §3, for the subject, actor and requested token types.
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-3
 */
export const TOKEN_TYPE_URIS = ['access_token', 'refresh_token', 'id_token', 'jwt', 'saml1', 'saml2'].map((name) => `urn:ietf:params:oauth:token-type:${name}`);
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/** Grants this build can run. */
export const IMPLEMENTED_GRANTS: readonly GrantType[] = [...GRANT_TYPES];

/** `response_mode` choices; empty means the server's default for `code` (query). */
export const RESPONSE_MODES = ['', 'query', 'fragment', 'form_post'] as const;
export type ResponseMode = (typeof RESPONSE_MODES)[number];

/** How the Authorization Code flow reaches the authorization server. */
export const AUTHORIZE_VIA = ['redirect', 'popup'] as const;
export type AuthorizeVia = (typeof AUTHORIZE_VIA)[number];

/**
 * Values of the `Client authentication` select.
 * `json_body` is not an OAuth method: it is the vendor variant (Clazar) that posts
 * `{"client_id","client_secret"}` as JSON instead of a form.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none', 'json_body', 'private_key_jwt'] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

/**
 * How client_secret_basic writes the client ID and secret before Base64: form-encoded, as RFC 6749
 * §2.3.1 says (oauth4webapi's ClientSecretBasic), or as typed, as `curl -u` does (servers that do
 * not decode them want this).
 */
export const BASIC_ENCODINGS = ['form_encoded', 'as_typed'] as const;
export type BasicEncoding = (typeof BASIC_ENCODINGS)[number];

export const CODE_CHALLENGE_METHODS = ['S256', 'plain'] as const;
export type CodeChallengeMethod = (typeof CODE_CHALLENGE_METHODS)[number];

export const API_KEY_PLACEMENTS = ['header', 'query'] as const;
export type ApiKeyPlacement = (typeof API_KEY_PLACEMENTS)[number];

/** One row of a key/value table (extra parameters, extra headers, request headers). */
export interface KeyValue {
  key: string;
  value: string;
}

export interface OAuth2Settings {
  grantType: GrantType;
  issuer: string;
  authorizationUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  clientAuth: ClientAuthMethod;
  /** client_secret_basic only: how the client ID and secret are written before Base64. */
  basicEncoding: BasicEncoding;
  codeChallengeMethod: CodeChallengeMethod;
  /** Extra token-request parameters such as `audience` or `resource`. */
  extraParams: KeyValue[];
  /** Extra headers sent with the token request. */
  extraHeaders: KeyValue[];
  /** Other endpoints, filled by Discover or by hand. */
  deviceAuthorizationUrl: string;
  revocationUrl: string;
  introspectionUrl: string;
  userinfoUrl: string;
  parUrl: string;
  jwksUri: string;
  /** The server sends `iss` in authorization responses (RFC 9207), as its metadata says. */
  issParameterSupported: boolean;
  /** Authorization request extras. */
  prompt: string;
  loginHint: string;
  responseMode: ResponseMode;
  /** Free authorization-request parameters (`audience`, `resource`, `acr_values`...). */
  authParams: KeyValue[];
  /** Push the authorization request first (RFC 9126) when the server has a PAR endpoint. */
  usePar: boolean;
  authorizeVia: AuthorizeVia;
  /** Sender-constrain tokens with a DPoP key generated in the browser (RFC 9449). */
  dpop: boolean;
  /** private_key_jwt: the client's private key as a JWK (pasted or generated). A secret. */
  privateKeyJwk: string;
  /** Resource Owner Password grant (legacy). */
  username: string;
  password: string;
  /**
   * The custom grant (`grantType: 'custom'`): the `grant_type` value sent, usually an absolute URI
   * (RFC 6749 §4.5); its parameters are the `extraParams` rows.
   */
  customGrantType: string;
  /** Token Exchange (RFC 8693): the token the new one is for (a secret), and its type (a `TOKEN_TYPE_URIS` value). */
  subjectToken: string;
  subjectTokenType: string;
  /** Token Exchange: the party acting for the subject (optional; a secret), and its type. */
  actorToken: string;
  actorTokenType: string;
  /** Token Exchange: where the new token is to be used (`audience`, `resource`), and the type wanted ('' for the server's choice). */
  audience: string;
  resource: string;
  requestedTokenType: string;
  /** JWT Bearer (RFC 7523): the signed JWT presented as the grant. A secret. */
  assertion: string;
}

export interface ApiKeySettings {
  placement: ApiKeyPlacement;
  /** Header name (placement `header`) or query parameter name (placement `query`). */
  name: string;
  value: string;
}

export interface BasicSettings {
  username: string;
  password: string;
}

export interface BearerSettings {
  token: string;
}

/** Everything the auth panel holds. Each auth type keeps its own fields so switching type loses nothing. */
export interface AuthConfig {
  authType: AuthType;
  presetId: string | null;
  oauth2: OAuth2Settings;
  apiKey: ApiKeySettings;
  basic: BasicSettings;
  bearer: BearerSettings;
  /**
   * Allow plain `http://` to hosts that are not loopback, for token and test requests alike.
   * Off by default; the UI shows a warning while it is on. Loopback (`127.0.0.1`, `localhost`, `[::1]`) is always allowed.
   */
  allowInsecureHttp: boolean;
  /**
   * Renew a token about to expire before a test request, and once after a 401 `invalid_token`
   * (refresh token, or a new client-credentials token). On by default; the UI says when it happens.
   */
  autoRenew: boolean;
  /** "Send through local proxy": for providers that send no CORS headers. */
  proxy: ProxySettings;
}

export const REQUEST_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type RequestMethod = (typeof REQUEST_METHODS)[number];

/** The test request the user sends with the current auth attached. */
export interface TestRequestConfig {
  mode: 'http' | 'graphql';
  method: RequestMethod;
  url: string;
  headers: KeyValue[];
  body: string;
  /** GraphQL mode: the query document. */
  query: string;
  /** GraphQL mode: variables as JSON text. */
  variables: string;
}

/** A blank configuration: the starting point presets are laid over. */
export function emptyAuthConfig(): AuthConfig {
  return {
    authType: 'oauth2',
    presetId: null,
    oauth2: {
      grantType: 'client_credentials',
      issuer: '',
      authorizationUrl: '',
      tokenUrl: '',
      clientId: '',
      clientSecret: '',
      scope: '',
      clientAuth: 'client_secret_basic',
      basicEncoding: 'form_encoded',
      codeChallengeMethod: 'S256',
      extraParams: [],
      extraHeaders: [],
      deviceAuthorizationUrl: '',
      revocationUrl: '',
      introspectionUrl: '',
      userinfoUrl: '',
      parUrl: '',
      jwksUri: '',
      issParameterSupported: false,
      prompt: '',
      loginHint: '',
      responseMode: '',
      authParams: [],
      usePar: false,
      authorizeVia: 'redirect',
      dpop: false,
      privateKeyJwk: '',
      username: '',
      password: '',
      customGrantType: '',
      subjectToken: '',
      subjectTokenType: ACCESS_TOKEN_TYPE,
      actorToken: '',
      actorTokenType: ACCESS_TOKEN_TYPE,
      audience: '',
      resource: '',
      requestedTokenType: '',
      assertion: '',
    },
    apiKey: { placement: 'header', name: 'X-API-Key', value: '' },
    basic: { username: '', password: '' },
    bearer: { token: '' },
    allowInsecureHttp: false,
    autoRenew: true,
    proxy: emptyProxySettings(),
  };
}

export function emptyTestRequest(): TestRequestConfig {
  return { mode: 'http', method: 'GET', url: '', headers: [], body: '', query: '', variables: '' };
}

/** Paths of the fields that hold secrets: never persisted as plain settings, never shared. */
export const SECRET_FIELDS = [
  ['oauth2', 'clientSecret'],
  ['oauth2', 'password'],
  ['oauth2', 'privateKeyJwk'],
  ['oauth2', 'subjectToken'],
  ['oauth2', 'actorToken'],
  ['oauth2', 'assertion'],
  ['apiKey', 'value'],
  ['basic', 'password'],
  ['bearer', 'token'],
  ['proxy', 'token'],
] as const;

/**
 * Fields never written to storage: the secrets, and the Basic user name, which is often an API key
 * (Close sends its key as the user name with an empty password).
 */
export const UNSTORED_FIELDS = [...SECRET_FIELDS, ['basic', 'username']] as const;

/** Header names whose values are always credentials (the exact names; `looksSecretName` is the rule). */
export const SENSITIVE_HEADER_NAMES = SECRET_HEADER_NAMES;

/** A copy of `config` fit for storage: every field of `UNSTORED_FIELDS` emptied. */
export function withoutSecrets(config: AuthConfig): AuthConfig {
  const copy = structuredClone(config);
  for (const [group, field] of UNSTORED_FIELDS) {
    (copy[group] as unknown as Record<string, string>)[field] = '';
  }
  return copy;
}

/** A copy of `settings` with every OAuth 2.0 secret field of `SECRET_FIELDS` emptied (for a pending authorization kept in storage). */
export function withoutOAuth2Secrets(settings: OAuth2Settings): OAuth2Settings {
  const copy = { ...settings };
  for (const [group, field] of SECRET_FIELDS) if (group === 'oauth2') copy[field] = '';
  return copy;
}

/** `rows` with the value of each row whose name looks secret (`looksSecretName`) emptied. */
export function rowsWithoutSecrets(rows: readonly KeyValue[]): KeyValue[] {
  return rows.map((row) => (looksSecretName(row.key) ? { key: row.key, value: '' } : { ...row }));
}

/**
 * A copy of `request` fit for storage: the values of headers whose names look secret
 * (`Authorization`, `X-API-Key`, `Private-Token`, `X-Auth-Token`...) emptied.
 */
export function testRequestWithoutSecrets(request: TestRequestConfig): TestRequestConfig {
  const copy = structuredClone(request);
  copy.headers = rowsWithoutSecrets(copy.headers);
  return copy;
}

/** The non-empty secret values of `config`, for redaction. */
export function secretValues(config: AuthConfig): string[] {
  return SECRET_FIELDS.map(([group, field]) => (config[group] as unknown as Record<string, string>)[field] ?? '').filter(
    (value) => value.length > 0,
  );
}

/** Rows with an empty key are ignored: they are the blank row the editor keeps for typing. */
export function filledRows(rows: readonly KeyValue[]): KeyValue[] {
  return rows.filter((row) => row.key.trim() !== '').map((row) => ({ key: row.key.trim(), value: row.value }));
}
