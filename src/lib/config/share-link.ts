/**
 * Share links: the non-secret settings in a URL fragment (`#share=` base64url JSON with a version),
 * so that a setup can be opened in another browser. The fragment never reaches a server.
 *
 * Encoding leaves out every secret field (`SECRET_FIELDS`, `UNSTORED_FIELDS`, the password-grant user
 * name), extra parameters and headers whose names look secret, secret-looking URL query parameters
 * and user info, and any value that contains a known secret in any common encoding.
 * Decoding trusts nothing: size, alphabet, JSON, version, every key and every value's type are
 * checked, and a link that carries a secret field is refused whole.
 */
import { looksSecretName } from '../http/secret-names';
import {
  emptyAuthConfig,
  emptyTestRequest,
  UNSTORED_FIELDS,
  type AuthConfig,
  type KeyValue,
  type OAuth2Settings,
  type TestRequestConfig,
} from './auth-config';
import { parseAuthConfig, parseTestRequest, printable } from './schema';

export const SHARE_LINK_VERSION = 1;
/** The fragment parameter: `#share=…`. */
export const SHARE_PREFIX = '#share=';
/** Longest fragment accepted (characters after `#share=`). */
export const MAX_SHARE_LINK_CHARS = 8 * 1024;

/** OAuth 2.0 fields a link may carry. Everything else (secrets, key, user name, password) never travels. */
export const SHARED_OAUTH2_FIELDS = [
  'grantType',
  'issuer',
  'authorizationUrl',
  'tokenUrl',
  'clientId',
  'scope',
  'clientAuth',
  'basicEncoding',
  'codeChallengeMethod',
  'extraParams',
  'extraHeaders',
  'deviceAuthorizationUrl',
  'revocationUrl',
  'introspectionUrl',
  'userinfoUrl',
  'parUrl',
  'jwksUri',
  'issParameterSupported',
  'prompt',
  'loginHint',
  'responseMode',
  'authParams',
  'usePar',
  'authorizeVia',
  'dpop',
  'customGrantType',
  'subjectTokenType',
  'actorTokenType',
  'audience',
  'resource',
  'requestedTokenType',
] as const satisfies readonly (keyof OAuth2Settings)[];

export const SHARED_TEST_REQUEST_FIELDS = ['mode', 'method', 'url', 'headers', 'query'] as const satisfies readonly (keyof TestRequestConfig)[];

const URL_FIELDS = new Set<string>(['issuer', 'authorizationUrl', 'tokenUrl', 'deviceAuthorizationUrl', 'revocationUrl', 'introspectionUrl', 'userinfoUrl', 'parUrl', 'jwksUri', 'url']);
const ROW_FIELDS = new Set<string>(['extraParams', 'extraHeaders', 'authParams', 'headers']);

type Json = Record<string, unknown>;

/** What a link carries: parts of the settings, checked. */
export interface SharedSettings {
  auth: {
    authType: AuthConfig['authType'];
    presetId: string | null;
    oauth2: Partial<OAuth2Settings>;
    apiKey: Partial<Pick<AuthConfig['apiKey'], 'placement' | 'name'>>;
  };
  testRequest: Partial<TestRequestConfig>;
}

export interface EncodedShareLink {
  url: string;
  /** Values left out because they looked secret, in words, to tell the user. */
  omitted: string[];
}

export type DecodedShareLink = { ok: true; shared: SharedSettings; fields: [string, string][] } | { ok: false; message: string };

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function base64url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): string {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(padded + '='.repeat((4 - (padded.length % 4)) % 4));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * The base64 characters that encode `bytes` whatever the text around them: for each of the three
 * alignments a secret can have inside a longer text (`base64("id:secret")`, a JSON payload), the
 * characters wholly made of the secret's bits. Standard alphabet, no padding.
 */
function base64Cores(bytes: Uint8Array): string[] {
  return [0, 1, 2].map((offset) => {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    let binary = '';
    for (const byte of padded) binary += String.fromCharCode(byte);
    return btoa(binary).slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
  });
}

/** `text` with each run of `%xx` decoded where it is valid UTF-8 (per-character escapes, any case). */
function percentDecoded(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** The readings of a value a secret could hide behind: as written, `+` as space, percent-decoded (twice). */
function readings(value: string): string[] {
  if (!value.includes('%') && !value.includes('+')) return [value];
  const out = new Set([value]);
  for (const text of [...out]) for (const form of [text, text.replace(/\+/g, ' ')]) out.add(percentDecoded(form));
  for (const text of [...out]) out.add(percentDecoded(text));
  return [...out];
}

/**
 * Finds known secrets in a value in every common encoding: as typed, percent-encoded (whole or per
 * character, any case), form-encoded, hex (either case, any offset), and base64 or base64url at any
 * offset inside a longer text (`Basic base64("id:secret")`, RFC 6749 §2.3.1's form-encoded pair).
 */
class SecretFinder {
  readonly #plain: string[] = [];
  readonly #hex: string[] = [];
  readonly #base64: string[] = [];

  constructor(secrets: readonly string[]) {
    for (const secret of secrets.filter((s) => s.length >= 4)) {
      // The encoded forms a request writes (form-encoded for Basic, RFC 6749 §2.3.1), then each read every way below.
      for (const form of new Set([secret, encodeURIComponent(secret), new URLSearchParams({ v: secret }).toString().slice(2)])) {
        this.#plain.push(form);
        this.#hex.push(hex(utf8(form)));
        this.#base64.push(...base64Cores(utf8(form)).filter((core) => core.length >= 4));
      }
    }
  }

  /** Whether `value` holds a known secret in any of the encodings. */
  holds(value: string): boolean {
    if (this.#plain.length === 0) return false;
    return readings(value).some((text) => {
      if (this.#plain.some((form) => text.includes(form))) return true;
      const lower = text.toLowerCase();
      if (this.#hex.some((form) => lower.includes(form))) return true;
      const base64 = /[-_]/.test(text) ? text.replace(/-/g, '+').replace(/_/g, '/') : text;
      return this.#base64.some((core) => base64.includes(core));
    });
  }
}

class Sanitizer {
  readonly omitted: string[] = [];
  readonly #finder: SecretFinder;

  constructor(secrets: readonly string[]) {
    this.#finder = new SecretFinder(secrets);
  }

  /** `value` unless it contains a known secret, in any common encoding. */
  text(label: string, value: string): string {
    if (this.#finder.holds(value)) {
      this.omitted.push(`${label} (contains a secret)`);
      return '';
    }
    return value;
  }

  /** A URL without user info and without query parameters whose names look secret. */
  url(label: string, value: string): string {
    let parsed: URL;
    try {
      parsed = new URL(value.trim());
    } catch {
      return this.text(label, value);
    }
    if (parsed.username || parsed.password) {
      parsed.username = '';
      parsed.password = '';
      this.omitted.push(`${label}: user name and password in the URL`);
    }
    for (const name of [...new Set(parsed.searchParams.keys())]) {
      if (looksSecretName(name)) {
        parsed.searchParams.delete(name);
        this.omitted.push(`${label}: query parameter ${name}`);
      }
    }
    // Keep the user's text when nothing was removed (URL normalisation would add a trailing slash).
    const out = this.omitted.some((o) => o.startsWith(`${label}:`)) ? parsed.href : value;
    return this.text(label, out);
  }

  rows(label: string, rows: readonly KeyValue[]): KeyValue[] {
    return rows.flatMap((row) => {
      if (row.key.trim() === '') return [];
      // A name holding a secret goes whole (and the notice does not repeat the name).
      if (this.text(`${label}: a row's name`, row.key) === '') return [];
      if (looksSecretName(row.key)) {
        this.omitted.push(`${label}: ${row.key}`);
        return [];
      }
      const value = this.text(`${label}: ${row.key}`, row.value);
      return row.value !== '' && value === '' ? [] : [{ key: row.key, value }];
    });
  }
}

function pick<T extends object, K extends keyof T>(source: T, fields: readonly K[], defaults: T, clean: (field: K, value: T[K]) => T[K]): Partial<T> {
  const out: Partial<T> = {};
  for (const field of fields) {
    const value = clean(field, source[field]);
    if (JSON.stringify(value) !== JSON.stringify(defaults[field])) out[field] = value;
  }
  return out;
}

/**
 * A URL (`base` plus `#share=…`) that restores the non-secret settings. `secrets` are the values
 * known to be secret now (client secret, tokens...): any field containing one is left out.
 */
export function encodeShareLink(base: string, auth: AuthConfig, testRequest: TestRequestConfig, secrets: readonly string[]): EncodedShareLink {
  const s = new Sanitizer(secrets);
  const clean = (scope: string) => (field: string, value: unknown) => {
    if (typeof value === 'string') return URL_FIELDS.has(field) ? s.url(`${scope} ${field}`, value) : s.text(`${scope} ${field}`, value);
    if (ROW_FIELDS.has(field) && Array.isArray(value)) return s.rows(`${scope} ${field}`, value as KeyValue[]);
    return value;
  };
  const defaults = emptyAuthConfig();
  const oauth2 = pick(auth.oauth2, SHARED_OAUTH2_FIELDS, defaults.oauth2, clean('OAuth') as never);
  const request = pick(testRequest, SHARED_TEST_REQUEST_FIELDS, emptyTestRequest(), clean('Test request') as never);
  // Even the preset id is checked: the property tests found a secret equal to it would be carried.
  const presetId = auth.presetId ? s.text('Preset', auth.presetId) : '';
  const payload = {
    v: SHARE_LINK_VERSION,
    auth: {
      authType: auth.authType,
      ...(presetId ? { presetId } : {}),
      ...(Object.keys(oauth2).length ? { oauth2 } : {}),
      apiKey: { placement: auth.apiKey.placement, name: s.text('API key name', auth.apiKey.name) },
    },
    ...(Object.keys(request).length ? { testRequest: request } : {}),
  };
  const url = new URL(base);
  url.hash = '';
  return { url: `${url.href}${SHARE_PREFIX}${base64url(JSON.stringify(payload))}`, omitted: s.omitted };
}

const fail = (message: string): DecodedShareLink => ({ ok: false, message });

function unknownKeys(value: Json, allowed: readonly string[]): string[] {
  return Object.keys(value).filter((key) => !allowed.includes(key));
}

/** Whether every given field survived the schema check unchanged (so its type and value were valid). */
function invalidFields(given: Json, parsed: Json): string[] {
  return Object.keys(given).filter((key) => JSON.stringify(given[key]) !== JSON.stringify(parsed[key]));
}

const SECRET_FIELD_NAMES = new Set<string>([...UNSTORED_FIELDS.map(([, field]) => field), 'username', 'password']);

/**
 * Reads a share link's fragment (`#share=…`). Returns null when `hash` is not a share link; a
 * clear message when it is unusable (too long, not base64url JSON, another version, an unknown
 * field, a wrong type, a secret field); otherwise the checked settings and a list of what they fill.
 */
export function decodeShareLink(hash: string): DecodedShareLink | null {
  if (!hash.startsWith(SHARE_PREFIX)) return null;
  const data = hash.slice(SHARE_PREFIX.length);
  if (data.length > MAX_SHARE_LINK_CHARS) return fail(`This share link is too long (${data.length} characters; at most ${MAX_SHARE_LINK_CHARS}). Nothing was changed.`);
  if (!/^[A-Za-z0-9_-]+$/.test(data)) return fail('This share link is damaged: it is not in the expected encoding (it may have been cut when copied). Nothing was changed.');
  let payload: unknown;
  try {
    payload = JSON.parse(fromBase64url(data));
  } catch {
    return fail('This share link is damaged: its content cannot be read (it may have been cut when copied). Nothing was changed.');
  }
  if (!isObject(payload)) return fail('This share link does not hold settings. Nothing was changed.');
  if (typeof payload.v !== 'number') return fail('This share link has no version. Nothing was changed.');
  if (payload.v > SHARE_LINK_VERSION) return fail('This share link was made by a newer version of the app. Nothing was changed.');
  if (payload.v !== SHARE_LINK_VERSION) return fail(`This share link has an unknown version (${printable(payload.v)}). Nothing was changed.`);
  const extra = unknownKeys(payload, ['v', 'auth', 'testRequest']);
  if (extra.length) return fail(`This share link has unexpected fields (${extra.join(', ')}). Nothing was changed.`);
  if (!isObject(payload.auth)) return fail('This share link has no auth settings. Nothing was changed.');
  const auth = payload.auth;
  const oauth2 = auth.oauth2 === undefined ? {} : auth.oauth2;
  const apiKey = auth.apiKey === undefined ? {} : auth.apiKey;
  const request = payload.testRequest === undefined ? {} : payload.testRequest;
  if (!isObject(oauth2) || !isObject(apiKey) || !isObject(request)) return fail('This share link has settings of the wrong shape. Nothing was changed.');

  const secretFields = [...Object.keys(oauth2), ...Object.keys(apiKey)].filter((key) => SECRET_FIELD_NAMES.has(key) || key === 'value');
  if (secretFields.length || 'basic' in auth || 'bearer' in auth) {
    return fail(`This share link carries secret fields (${[...secretFields, ...['basic', 'bearer'].filter((k) => k in auth)].join(', ')}); share links made by this app never do, so it is refused. Nothing was changed.`);
  }
  const unknown = [
    ...unknownKeys(auth, ['authType', 'presetId', 'oauth2', 'apiKey']).map((k) => `auth.${k}`),
    ...unknownKeys(oauth2, SHARED_OAUTH2_FIELDS).map((k) => `oauth2.${k}`),
    ...unknownKeys(apiKey, ['placement', 'name']).map((k) => `apiKey.${k}`),
    ...unknownKeys(request, SHARED_TEST_REQUEST_FIELDS).map((k) => `testRequest.${k}`),
  ];
  if (unknown.length) return fail(`This share link has unknown fields (${unknown.join(', ')}). Nothing was changed.`);
  if (auth.presetId !== undefined && auth.presetId !== null && typeof auth.presetId !== 'string') return fail('This share link has an invalid preset. Nothing was changed.');

  const parsed = parseAuthConfig({ authType: auth.authType, presetId: auth.presetId, oauth2, apiKey });
  const parsedRequest = parseTestRequest(request);
  const invalid = [
    ...(parsed.authType !== auth.authType ? ['auth.authType'] : []),
    ...invalidFields(oauth2, parsed.oauth2 as unknown as Json).map((k) => `oauth2.${k}`),
    ...invalidFields(apiKey, parsed.apiKey as unknown as Json).map((k) => `apiKey.${k}`),
    ...invalidFields(request, parsedRequest as unknown as Json).map((k) => `testRequest.${k}`),
  ];
  if (invalid.length) return fail(`This share link has invalid values (${invalid.join(', ')}). Nothing was changed.`);

  const shared: SharedSettings = {
    auth: { authType: parsed.authType, presetId: parsed.presetId, oauth2: oauth2 as Partial<OAuth2Settings>, apiKey: apiKey as SharedSettings['auth']['apiKey'] },
    testRequest: request as Partial<TestRequestConfig>,
  };
  return { ok: true, shared, fields: describeShared(shared) };
}

const LABELS: Record<string, string> = {
  grantType: 'Grant type',
  issuer: 'Issuer',
  authorizationUrl: 'Authorization URL',
  tokenUrl: 'Token URL',
  clientId: 'Client ID',
  scope: 'Scope',
  clientAuth: 'Client authentication',
  basicEncoding: 'Basic encoding',
  codeChallengeMethod: 'Code challenge method',
  deviceAuthorizationUrl: 'Device authorization URL',
  revocationUrl: 'Revocation URL',
  introspectionUrl: 'Introspection URL',
  userinfoUrl: 'UserInfo URL',
  parUrl: 'PAR URL',
  jwksUri: 'JWKS URI',
  customGrantType: 'Custom grant_type',
  subjectTokenType: 'Subject token type',
  actorTokenType: 'Actor token type',
  audience: 'Audience',
  resource: 'Resource',
  requestedTokenType: 'Requested token type',
  url: 'Request URL',
  method: 'Method',
  mode: 'Request kind',
  query: 'GraphQL query',
};

/** What a share link will fill, as label/value pairs for the confirmation. */
export function describeShared(shared: SharedSettings): [string, string][] {
  const out: [string, string][] = [['Auth type', shared.auth.authType]];
  if (shared.auth.presetId) out.push(['Preset', shared.auth.presetId]);
  const describe = (prefix: string, values: Json) => {
    for (const [key, value] of Object.entries(values)) {
      const label = `${prefix}${LABELS[key] ?? key}`;
      if (Array.isArray(value)) out.push([label, (value as KeyValue[]).map((row) => `${row.key}=${row.value}`).join(', ')]);
      else out.push([label, String(value)]);
    }
  };
  describe('', shared.auth.oauth2 as Json);
  if (shared.auth.authType === 'api_key') describe('API key ', shared.auth.apiKey as Json);
  describe('Test request ', shared.testRequest as Json);
  return out;
}

/**
 * `base` (a preset's settings or a blank configuration) with the shared settings laid over, every
 * secret field emptied: a share link never fills one, and `base`'s may belong to another client.
 */
export function applySharedSettings(shared: SharedSettings, base: { auth: AuthConfig; testRequest: TestRequestConfig }): { auth: AuthConfig; testRequest: TestRequestConfig } {
  const auth = parseAuthConfig({
    ...base.auth,
    authType: shared.auth.authType,
    presetId: shared.auth.presetId,
    oauth2: { ...base.auth.oauth2, ...shared.auth.oauth2 },
    apiKey: { ...base.auth.apiKey, ...shared.auth.apiKey },
  });
  for (const [group, field] of UNSTORED_FIELDS) (auth[group] as unknown as Record<string, string>)[field] = '';
  auth.oauth2.username = '';
  auth.allowInsecureHttp = base.auth.allowInsecureHttp;
  const testRequest = parseTestRequest({ ...base.testRequest, ...shared.testRequest });
  return { auth, testRequest };
}
