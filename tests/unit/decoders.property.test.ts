// Property tests for the decoders of untrusted input: a JWT from a server, configuration read back
// from storage (share links and import files: share-link.property.test.ts, credential-file.property.test.ts).
// Whatever comes in, they return a well-formed value or a refusal (null, defaults); they never crash.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  API_KEY_PLACEMENTS,
  AUTH_TYPES,
  CLIENT_AUTH_METHODS,
  GRANT_TYPES,
  REQUEST_METHODS,
  emptyAuthConfig,
  emptyTestRequest,
  type AuthConfig,
} from '../../src/lib/config/auth-config';
import { parseAuthConfig, parseTestRequest } from '../../src/lib/config/schema';
import { decodeJwt } from '../../src/lib/oauth/jwt';

const isPlainObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** base64url of bytes, written out here so the test does not reuse the code under test. */
function b64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
const jsonSegment = (value: unknown) => b64url(new TextEncoder().encode(JSON.stringify(value)));

/** Strings that look more or less like a compact JWS: segments of base64url, JSON or raw bytes. */
const segment = fc.oneof(
  fc.string(),
  fc.base64String().map((s) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')),
  fc.uint8Array({ maxLength: 64 }).map(b64url),
  fc.jsonValue().map(jsonSegment),
  fc.dictionary(fc.string(), fc.jsonValue()).map(jsonSegment),
);
const jwtLike = fc.oneof(fc.string(), fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('.')));

describe('decodeJwt on any input', () => {
  it('returns null or a header and claims that are both plain objects, and never throws', () => {
    fc.assert(
      fc.property(jwtLike, (token) => {
        const decoded = decodeJwt(token);
        if (decoded === null) return;
        expect(isPlainObject(decoded.header)).toBe(true);
        expect(isPlainObject(decoded.claims)).toBe(true);
        expect(token.split('.')).toHaveLength(3);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives back any JSON object header and claims it was given, whatever the signature', () => {
    const object = fc.dictionary(fc.string(), fc.jsonValue());
    fc.assert(
      fc.property(object, object, fc.uint8Array({ maxLength: 80 }), (header, claims, signature) => {
        const decoded = decodeJwt(`${jsonSegment(header)}.${jsonSegment(claims)}.${b64url(signature)}`);
        // JSON round trip: what a server could send is what JSON.stringify writes (-0 becomes 0)
        expect(decoded).toEqual({ header: JSON.parse(JSON.stringify(header)), claims: JSON.parse(JSON.stringify(claims)) });
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a segment that is JSON but not an object (array, string, number, null)', () => {
    const notObject = fc.jsonValue().filter((value) => !isPlainObject(value));
    fc.assert(
      fc.property(notObject, (value) => {
        expect(decodeJwt(`${jsonSegment(value)}.${jsonSegment({ sub: 'x' })}.`)).toBeNull();
        expect(decodeJwt(`${jsonSegment({ alg: 'none' })}.${jsonSegment(value)}.`)).toBeNull();
      }),
    );
  });
});

/** Every field of a parsed AuthConfig has the type and, for enumerations, one of the allowed values. */
function expectWellFormedAuthConfig(config: AuthConfig): void {
  const template = emptyAuthConfig();
  expect(AUTH_TYPES).toContain(config.authType);
  expect(config.presetId === null || typeof config.presetId === 'string').toBe(true);
  expect(GRANT_TYPES).toContain(config.oauth2.grantType);
  expect(CLIENT_AUTH_METHODS).toContain(config.oauth2.clientAuth);
  expect(API_KEY_PLACEMENTS).toContain(config.apiKey.placement);
  for (const group of ['oauth2', 'apiKey', 'basic', 'bearer'] as const) {
    expect(Object.keys(config[group]).sort()).toEqual(Object.keys(template[group]).sort());
    for (const [key, value] of Object.entries(config[group])) {
      const expected = (template[group] as unknown as Record<string, unknown>)[key];
      if (Array.isArray(expected)) {
        expect(Array.isArray(value)).toBe(true);
        for (const row of value as unknown[]) {
          expect(Object.keys(row as object).sort()).toEqual(['key', 'value']);
          expect(typeof (row as { key: unknown }).key).toBe('string');
          expect(typeof (row as { value: unknown }).value).toBe('string');
        }
      } else {
        expect(typeof value).toBe(typeof expected);
      }
    }
  }
  expect(typeof config.allowInsecureHttp).toBe('boolean');
}

/** Values shaped like a stored config, with any field replaced by anything. */
const keyValueRows = fc.array(fc.oneof(fc.record({ key: fc.string(), value: fc.string() }), fc.anything()), { maxLength: 4 });
const oauth2Like = fc.record(
  {
    grantType: fc.oneof(fc.constantFrom(...GRANT_TYPES), fc.anything()),
    clientAuth: fc.oneof(fc.constantFrom(...CLIENT_AUTH_METHODS), fc.anything()),
    tokenUrl: fc.oneof(fc.webUrl(), fc.anything()),
    clientId: fc.anything(),
    clientSecret: fc.anything(),
    extraParams: fc.oneof(keyValueRows, fc.anything()),
    extraHeaders: keyValueRows,
    dpop: fc.anything(),
    usePar: fc.boolean(),
  },
  { requiredKeys: [] },
);
const authConfigLike = fc.record(
  {
    authType: fc.oneof(fc.constantFrom(...AUTH_TYPES), fc.anything()),
    presetId: fc.anything(),
    oauth2: fc.oneof(oauth2Like, fc.anything()),
    apiKey: fc.oneof(fc.record({ placement: fc.anything(), name: fc.anything(), value: fc.anything() }, { requiredKeys: [] }), fc.anything()),
    basic: fc.anything(),
    bearer: fc.oneof(fc.record({ token: fc.anything() }), fc.anything()),
    allowInsecureHttp: fc.anything(),
  },
  { requiredKeys: [] },
);

describe('parseAuthConfig and parseTestRequest on any input', () => {
  it('parseAuthConfig turns anything into a well-formed AuthConfig, and a parsed one into itself', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), authConfigLike), (value) => {
        const config = parseAuthConfig(value);
        expectWellFormedAuthConfig(config);
        expect(parseAuthConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
      }),
      { numRuns: 1000 },
    );
  });

  it('parseTestRequest turns anything into a well-formed TestRequestConfig, and a parsed one into itself', () => {
    const template = emptyTestRequest();
    const testRequestLike = fc.record(
      { mode: fc.oneof(fc.constantFrom('http', 'graphql'), fc.anything()), method: fc.oneof(fc.constantFrom(...REQUEST_METHODS), fc.anything()), url: fc.anything(), headers: keyValueRows, body: fc.anything() },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.anything(), testRequestLike), (value) => {
        const request = parseTestRequest(value);
        expect(Object.keys(request).sort()).toEqual(Object.keys(template).sort());
        expect(['http', 'graphql']).toContain(request.mode);
        expect(REQUEST_METHODS).toContain(request.method);
        for (const key of ['url', 'body', 'query', 'variables'] as const) expect(typeof request[key]).toBe('string');
        expect(parseTestRequest(JSON.parse(JSON.stringify(request)))).toEqual(request);
      }),
      { numRuns: 1000 },
    );
  });
});
