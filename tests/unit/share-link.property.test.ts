// Property tests for the share-link decoder (an untrusted URL fragment) and its encoder. Whatever a
// link holds, decoding gives null (not a share link), a refusal with a message, or settings without
// any secret field; it never throws. Links the encoder makes decode back to what was shared.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUTH_TYPES, emptyAuthConfig, emptyTestRequest, UNSTORED_FIELDS, type AuthConfig, type KeyValue } from '../../src/lib/config/auth-config';
import { parseAuthConfig, parseTestRequest } from '../../src/lib/config/schema';
import {
  applySharedSettings,
  decodeShareLink,
  encodeShareLink,
  MAX_SHARE_LINK_CHARS,
  SHARE_PREFIX,
  SHARED_OAUTH2_FIELDS,
  SHARED_TEST_REQUEST_FIELDS,
} from '../../src/lib/config/share-link';

const BASE = 'https://app.example/playground/';

/** base64url of a string's UTF-8, written out here so the test does not reuse the code under test. */
const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Every string value in a JSON value (row names are values too: `{ key, value }`). */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(stringsIn);
}

/** Rows as a link carries them: the blank row the editor keeps for typing is left out. */
const withoutBlankRows = (rows: readonly KeyValue[]) => rows.filter((row) => row.key.trim() !== '');

/** A configuration with every secret field set, to check that applying a link empties them. */
function baseWithSecrets(): { auth: AuthConfig; testRequest: ReturnType<typeof emptyTestRequest> } {
  const auth = emptyAuthConfig();
  for (const [group, field] of UNSTORED_FIELDS) (auth[group] as unknown as Record<string, string>)[field] = `secret-${group}-${field}`;
  auth.oauth2.username = 'secret-user';
  return { auth, testRequest: emptyTestRequest() };
}

/** A parsed (well-formed) configuration from anything, so values are of the right types. */
const anyAuth = fc.anything().chain((seed) =>
  fc
    .record(
      {
        authType: fc.constantFrom(...AUTH_TYPES),
        presetId: fc.option(fc.string({ minLength: 1 }), { nil: null }),
        oauth2: fc.record(
          {
            grantType: fc.constantFrom('client_credentials', 'authorization_code', 'refresh_token', 'password'),
            issuer: fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.string()),
            tokenUrl: fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string()),
            clientId: fc.string(),
            clientSecret: fc.string(),
            scope: fc.string(),
            extraParams: fc.array(fc.record({ key: fc.string(), value: fc.string() }), { maxLength: 3 }),
            extraHeaders: fc.array(fc.record({ key: fc.string(), value: fc.string() }), { maxLength: 3 }),
            password: fc.string(),
            username: fc.string(),
            dpop: fc.boolean(),
          },
          { requiredKeys: [] },
        ),
        apiKey: fc.record({ placement: fc.constantFrom('header', 'query'), name: fc.string(), value: fc.string() }, { requiredKeys: [] }),
        basic: fc.record({ username: fc.string(), password: fc.string() }),
        bearer: fc.record({ token: fc.string() }),
      },
      { requiredKeys: [] },
    )
    .map((fields) => parseAuthConfig({ ...(typeof seed === 'object' && seed !== null ? seed : {}), ...fields })),
);
const anyTestRequest = fc
  .record(
    {
      mode: fc.constantFrom('http', 'graphql'),
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
      url: fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.string()),
      headers: fc.array(fc.record({ key: fc.string(), value: fc.string() }), { maxLength: 3 }),
      query: fc.string(),
      body: fc.string(),
    },
    { requiredKeys: [] },
  )
  .map(parseTestRequest);

/** Payloads shaped like a share link's, any part replaced by anything, secret fields sometimes added. */
const secretKeys = ['clientSecret', 'password', 'privateKeyJwk', 'username'] as const;
const payloadLike = fc.record(
  {
    v: fc.oneof(fc.constant(1), fc.anything()),
    auth: fc.oneof(
      fc.record(
        {
          authType: fc.oneof(fc.constantFrom(...AUTH_TYPES), fc.anything()),
          presetId: fc.anything(),
          oauth2: fc.oneof(
            fc.dictionary(fc.constantFrom(...SHARED_OAUTH2_FIELDS, ...secretKeys), fc.oneof(fc.string(), fc.boolean(), fc.array(fc.record({ key: fc.string(), value: fc.string() })), fc.anything())),
            fc.anything(),
          ),
          apiKey: fc.oneof(fc.dictionary(fc.constantFrom('placement', 'name', 'value'), fc.oneof(fc.constantFrom('header', 'query'), fc.string(), fc.anything())), fc.anything()),
          basic: fc.anything(),
          bearer: fc.anything(),
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
    ),
    testRequest: fc.oneof(fc.dictionary(fc.constantFrom(...SHARED_TEST_REQUEST_FIELDS, 'body'), fc.oneof(fc.string(), fc.anything())), fc.anything()),
  },
  { requiredKeys: [] },
);

const hashLike = fc.oneof(
  fc.string(),
  fc.string().map((s) => `${SHARE_PREFIX}${s}`),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => `${SHARE_PREFIX}${Buffer.from(bytes).toString('base64url')}`),
  fc.jsonValue().map((value) => `${SHARE_PREFIX}${b64url(JSON.stringify(value))}`),
  payloadLike.map((payload) => `${SHARE_PREFIX}${b64url(JSON.stringify(payload) ?? '')}`),
);

describe('decodeShareLink on any input', () => {
  it('gives null, a refusal with a message, or settings without any secret field, and never throws', () => {
    fc.assert(
      fc.property(hashLike, (hash) => {
        const decoded = decodeShareLink(hash);
        if (!hash.startsWith(SHARE_PREFIX)) return void expect(decoded).toBeNull();
        expect(decoded).not.toBeNull();
        if (!decoded!.ok) return void expect(decoded!.message).toMatch(/Nothing was changed\.$/);
        const { shared, fields } = decoded!;
        for (const key of Object.keys(shared.auth.oauth2)) expect(SHARED_OAUTH2_FIELDS).toContain(key);
        for (const key of Object.keys(shared.auth.apiKey)) expect(['placement', 'name']).toContain(key);
        for (const key of Object.keys(shared.testRequest)) expect(SHARED_TEST_REQUEST_FIELDS).toContain(key);
        for (const pair of fields) expect(pair.map((part) => typeof part)).toEqual(['string', 'string']);
        // Applied over settings with secrets, the link leaves every secret field empty.
        const applied = applySharedSettings(shared, baseWithSecrets());
        for (const [group, field] of UNSTORED_FIELDS) expect((applied.auth[group] as unknown as Record<string, string>)[field]).toBe('');
        expect(applied.auth.oauth2.username).toBe('');
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses a link that carries a secret field, whatever else it holds', () => {
    const secretField = fc.oneof(
      fc.constantFrom(...secretKeys).map((key) => (auth: Record<string, unknown>) => ({ ...auth, oauth2: { ...(auth.oauth2 as object), [key]: 'x' } })),
      fc.constant((auth: Record<string, unknown>) => ({ ...auth, apiKey: { ...(auth.apiKey as object), value: 'x' } })),
      fc.constantFrom('basic', 'bearer').map((key) => (auth: Record<string, unknown>) => ({ ...auth, [key]: {} })),
    );
    fc.assert(
      fc.property(anyAuth, secretField, (auth, addSecret) => {
        const { url } = encodeShareLink(BASE, auth, emptyTestRequest(), []);
        const payload = JSON.parse(Buffer.from(new URL(url).hash.slice(SHARE_PREFIX.length), 'base64url').toString('utf8'));
        const tampered = { ...payload, auth: addSecret({ oauth2: {}, apiKey: {}, ...payload.auth }) };
        const decoded = decodeShareLink(`${SHARE_PREFIX}${b64url(JSON.stringify(tampered))}`);
        expect(decoded).toMatchObject({ ok: false, message: expect.stringContaining('carries secret fields') });
      }),
      { numRuns: 300 },
    );
  });
});

describe('encodeShareLink then decodeShareLink', () => {
  it('gives back every shared field, unless the encoder said it left one out, and no known secret', () => {
    const secretsOf = (auth: AuthConfig) => UNSTORED_FIELDS.map(([group, field]) => (auth[group] as unknown as Record<string, string>)[field]!);
    fc.assert(
      fc.property(anyAuth, anyTestRequest, fc.array(fc.string({ minLength: 4 }), { maxLength: 2 }), (auth, testRequest, extraSecrets) => {
        const secrets = [...secretsOf(auth), auth.oauth2.username, ...extraSecrets].filter((s) => s.length >= 4);
        const { url, omitted } = encodeShareLink(BASE, auth, testRequest, secrets);
        const hash = new URL(url).hash;
        const decoded = decodeShareLink(hash);
        if (hash.length - SHARE_PREFIX.length > MAX_SHARE_LINK_CHARS) return void expect(decoded).toMatchObject({ ok: false });
        if (!decoded?.ok) throw new Error(`a link made by the encoder was refused: ${decoded?.message}`);
        // No string the link carries contains a known secret (as typed).
        const strings = stringsIn(JSON.parse(Buffer.from(hash.slice(SHARE_PREFIX.length), 'base64url').toString('utf8')));
        for (const secret of secrets) for (const text of strings) expect(text).not.toContain(secret);
        if (omitted.length > 0) return;
        const applied = applySharedSettings(decoded.shared, { auth: emptyAuthConfig(), testRequest: emptyTestRequest() });
        expect(applied.auth.authType).toBe(auth.authType);
        expect(applied.auth.presetId).toBe(auth.presetId || null);
        expect(applied.auth.apiKey.placement).toBe(auth.apiKey.placement);
        expect(applied.auth.apiKey.name).toBe(auth.apiKey.name);
        for (const field of SHARED_OAUTH2_FIELDS) {
          const value = auth.oauth2[field];
          expect(applied.auth.oauth2[field]).toEqual(Array.isArray(value) ? withoutBlankRows(value) : value);
        }
        for (const field of SHARED_TEST_REQUEST_FIELDS) {
          const value = testRequest[field];
          expect(applied.testRequest[field]).toEqual(Array.isArray(value) ? withoutBlankRows(value) : value);
        }
      }),
      { numRuns: 1000 },
    );
  }, 20_000); // about 4 s alone; the 5 s default is too tight when the whole suite shares two cores

  it('leaves out a known secret wherever it was pasted: a value, a row name, a URL, the API key name', () => {
    type Place = (auth: AuthConfig, request: ReturnType<typeof emptyTestRequest>, text: string) => void;
    const places: Record<string, Place> = {
      clientId: (a, _, t) => void (a.oauth2.clientId = t),
      scope: (a, _, t) => void (a.oauth2.scope = `openid ${t}`),
      tokenUrlQuery: (a, _, t) => void (a.oauth2.tokenUrl = `https://as.example/token?tenant=${encodeURIComponent(t)}`),
      tokenUrlPath: (a, _, t) => void (a.oauth2.tokenUrl = `https://as.example/${encodeURIComponent(t)}/token`),
      extraParamName: (a, _, t) => void (a.oauth2.extraParams = [{ key: `x${t}`, value: '1' }]),
      extraParamValue: (a, _, t) => void (a.oauth2.extraParams = [{ key: 'audience', value: t }]),
      extraHeaderName: (a, _, t) => void (a.oauth2.extraHeaders = [{ key: t, value: 'v' }]),
      authParamName: (a, _, t) => void (a.oauth2.authParams = [{ key: t, value: 'v' }]),
      apiKeyName: (a, _, t) => void (a.apiKey.name = t),
      requestUrl: (_, r, t) => void (r.url = `https://api.example/items?q=${encodeURIComponent(t)}`),
      requestHeaderName: (_, r, t) => void (r.headers = [{ key: t, value: 'v' }]),
      requestHeaderValue: (_, r, t) => void (r.headers = [{ key: 'X-Trace', value: t }]),
      graphqlQuery: (_, r, t) => void (r.query = `{ item(id: "${t}") { id } }`),
    };
    fc.assert(
      fc.property(fc.string({ minLength: 4, maxLength: 40 }), fc.constantFrom(...Object.keys(places)), (secret, where) => {
        const auth = emptyAuthConfig();
        auth.oauth2.clientSecret = secret;
        const testRequest = emptyTestRequest();
        places[where]!(auth, testRequest, secret);
        const { url } = encodeShareLink(BASE, auth, testRequest, [secret]);
        const payload = Buffer.from(new URL(url).hash.slice(SHARE_PREFIX.length), 'base64url').toString('utf8');
        const strings = stringsIn(JSON.parse(payload));
        for (const text of strings) expect(text).not.toContain(secret);
      }),
      { numRuns: 1000 },
    );
  });
});
