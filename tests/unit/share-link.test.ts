import { describe, expect, it } from 'vitest';
import { emptyAuthConfig, emptyTestRequest, type AuthConfig } from '../../src/lib/config/auth-config';
import { applyPreset, findPreset } from '../../src/lib/config/presets';
import { applySharedSettings, decodeShareLink, encodeShareLink, MAX_SHARE_LINK_CHARS, SHARE_PREFIX } from '../../src/lib/config/share-link';

const BASE = 'https://app.example/playground/?x=1#old';
const SECRET = 'top-secret-value-9';

function setup(): { auth: AuthConfig; testRequest: ReturnType<typeof emptyTestRequest> } {
  const auth = emptyAuthConfig();
  Object.assign(auth.oauth2, {
    grantType: 'authorization_code',
    issuer: 'https://as.example',
    tokenUrl: 'https://as.example/token?api_key=k-1234567&tenant=t1',
    authorizationUrl: 'https://user:pw@as.example/authorize',
    clientId: 'client-1',
    clientSecret: SECRET,
    scope: 'openid api',
    clientAuth: 'client_secret_post',
    extraParams: [{ key: 'audience', value: 'https://api' }, { key: 'client_assertion', value: 'eyJhbGc' }, { key: 'note', value: `x${SECRET}x` }],
    extraHeaders: [{ key: 'X-Api-Key', value: 'abc-key' }],
    password: 'pw-123456',
    username: 'alice',
    privateKeyJwk: '{"d":"private"}',
  });
  auth.apiKey.value = 'api-key-value';
  auth.basic = { username: 'close-key-123', password: 'basic-pw' };
  auth.bearer.token = 'bearer-token-1';
  const testRequest = { ...emptyTestRequest(), url: 'https://api.example/me?access_token=tok-5678', headers: [{ key: 'Authorization', value: 'Bearer x' }, { key: 'Accept', value: 'application/json' }], body: '{"password":"p"}' };
  return { auth, testRequest };
}

const decodedPayload = (url: string) => Buffer.from(new URL(url).hash.slice(SHARE_PREFIX.length), 'base64url').toString('utf8');

describe('encodeShareLink', () => {
  it('never carries a secret, in any encoding, and says what it left out', () => {
    const { auth, testRequest } = setup();
    const { url, omitted } = encodeShareLink(BASE, auth, testRequest, [SECRET, 'tok-5678']);
    expect(url.startsWith('https://app.example/playground/?x=1#share=')).toBe(true);
    const payload = decodedPayload(url);
    for (const text of [url, payload, decodeURIComponent(url)]) {
      for (const secret of [SECRET, 'k-1234567', 'eyJhbGc', 'abc-key', 'pw-123456', 'private', 'api-key-value', 'close-key-123', 'basic-pw', 'bearer-token-1', 'tok-5678', 'user:pw', 'alice', Buffer.from(SECRET).toString('base64')]) {
        expect(text).not.toContain(secret);
      }
    }
    expect(JSON.parse(payload)).toEqual({
      v: 1,
      auth: {
        authType: 'oauth2',
        oauth2: {
          grantType: 'authorization_code',
          issuer: 'https://as.example',
          authorizationUrl: 'https://as.example/authorize',
          tokenUrl: 'https://as.example/token?tenant=t1',
          clientId: 'client-1',
          scope: 'openid api',
          clientAuth: 'client_secret_post',
          extraParams: [{ key: 'audience', value: 'https://api' }],
        },
        apiKey: { placement: 'header', name: 'X-API-Key' },
      },
      testRequest: { url: 'https://api.example/me', headers: [{ key: 'Accept', value: 'application/json' }] },
    });
    expect(omitted).toEqual(
      expect.arrayContaining([
        'OAuth authorizationUrl: user name and password in the URL',
        'OAuth tokenUrl: query parameter api_key',
        'OAuth extraParams: client_assertion',
        'OAuth extraParams: note (contains a secret)',
        'OAuth extraHeaders: X-Api-Key',
        'Test request url: query parameter access_token',
        'Test request headers: Authorization',
      ]),
    );
  });

  it('leaves out a preset id that holds a known secret (found by the property tests)', () => {
    const auth = emptyAuthConfig();
    auth.presetId = `preset-${SECRET}`;
    auth.basic.password = SECRET;
    const { url, omitted } = encodeShareLink(BASE, auth, emptyTestRequest(), [SECRET]);
    expect(decodedPayload(url)).not.toContain(SECRET);
    expect(JSON.parse(decodedPayload(url)).auth.presetId).toBeUndefined();
    expect(omitted).toEqual(['Preset (contains a secret)']);
  });

  it('leaves out a row whose name holds a known secret (found by the property tests), without repeating the name', () => {
    const auth = emptyAuthConfig();
    auth.oauth2.clientSecret = SECRET;
    const testRequest = { ...emptyTestRequest(), headers: [{ key: `X-${SECRET}`, value: '1' }, { key: 'Accept', value: 'text/plain' }] };
    const { url, omitted } = encodeShareLink(BASE, auth, testRequest, [SECRET]);
    expect(decodedPayload(url)).not.toContain(SECRET);
    expect(JSON.parse(decodedPayload(url)).testRequest.headers).toEqual([{ key: 'Accept', value: 'text/plain' }]);
    expect(omitted).toEqual(["Test request headers: a row's name (contains a secret)"]);
  });

  it('round-trips through decodeShareLink', () => {
    const { auth, testRequest } = setup();
    const { url } = encodeShareLink(BASE, auth, testRequest, [SECRET]);
    const decoded = decodeShareLink(new URL(url).hash);
    expect(decoded?.ok).toBe(true);
    if (!decoded?.ok) return;
    expect(decoded.fields).toEqual(expect.arrayContaining([['Client ID', 'client-1'], ['Scope', 'openid api'], ['Token URL', 'https://as.example/token?tenant=t1']]));
    const applied = applySharedSettings(decoded.shared, { auth: emptyAuthConfig(), testRequest: emptyTestRequest() });
    expect(applied.auth.oauth2).toMatchObject({ clientId: 'client-1', grantType: 'authorization_code', clientSecret: '', password: '', username: '', privateKeyJwk: '' });
    expect(applied.testRequest.url).toBe('https://api.example/me');
  });

  it('applying over a preset drops the preset’s secret (it belongs to the preset’s client)', () => {
    const preset = applyPreset(findPreset('local-demo')!);
    const auth = structuredClone(preset.auth);
    auth.oauth2.clientId = 'someone-else';
    const decoded = decodeShareLink(new URL(encodeShareLink(BASE, auth, preset.testRequest, []).url).hash);
    if (!decoded?.ok) throw new Error('expected a link');
    const applied = applySharedSettings(decoded.shared, applyPreset(findPreset('local-demo')!));
    expect(applied.auth.presetId).toBe('local-demo');
    expect(applied.auth.oauth2.clientId).toBe('someone-else');
    expect(applied.auth.oauth2.clientSecret).toBe('');
  });
});

// Regression (security review 8): only the plain, percent-, form- and base64 encodings of the
// whole secret were looked for, so base64("id:secret"), hex, every character as %xx, and a secret
// inside a longer base64 text went into the link.
describe('encodeShareLink finds a known secret in any common encoding, in any field', () => {
  const secret = 'S3cr3t/v+lue=42';
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');
  const everyCharEscaped = (text: string, upper = true) => [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).map((e) => (upper ? e.toUpperCase() : e)).join('');

  const encodings: [string, string][] = [
    ['base64("id:secret") (Basic)', `Basic ${b64(`client-1:${secret}`)}`],
    ['base64url("id:secret")', b64url(`client-1:${secret}`)],
    ['base64 of the form-encoded pair (RFC 6749 §2.3.1)', b64(`client-1:${new URLSearchParams({ v: secret }).toString().slice(2)}`)],
    ['base64 at offset 1', b64(`x${secret}yz`)],
    ['base64 at offset 2', b64(`xy${secret}`)],
    ['base64url at offset 1 inside a JWT-like text', `eyJhbGciOiJub25lIn0.${b64url(`{"s":"${secret}"}`)}.`],
    ['hex, lower case', `sig=${hex(secret)}`],
    ['hex, upper case', hex(secret).toUpperCase()],
    ['hex at an odd offset inside other hex', `a${hex(secret)}b`],
    ['every character as %xx', everyCharEscaped(secret)],
    ['every character as %xx, lower case', everyCharEscaped(secret, false)],
    ['some characters as %xx', `${secret.slice(0, 3)}${everyCharEscaped(secret.slice(3, 8))}${secret.slice(8)}`],
    ['the encodeURIComponent form', encodeURIComponent(secret)],
  ];

  // Regression (issue 13, finding 8): share-link secret detection missed base64("id:secret"), hex, per-character %xx and base64 at an offset.
  it.each(encodings)('finding 8: in a row value: %s', (_, value) => {
    const { auth, testRequest } = setup();
    auth.oauth2.clientSecret = secret;
    auth.oauth2.extraHeaders = [{ key: 'X-Forwarded-For', value }];
    testRequest.headers = [{ key: 'X-Trace', value }];
    const { url, omitted } = encodeShareLink(BASE, auth, testRequest, [secret]);
    expect(decodedPayload(url)).not.toContain(value);
    expect(omitted).toEqual(expect.arrayContaining(['OAuth extraHeaders: X-Forwarded-For (contains a secret)', 'Test request headers: X-Trace (contains a secret)']));
  });

  // Regression (issue 13, finding 8): share-link secret detection missed base64("id:secret"), hex, per-character %xx and base64 at an offset.
  it.each(encodings)('finding 8: in a URL, a scope and a client id: %s', (_, value) => {
    const { auth, testRequest } = setup();
    auth.oauth2.clientSecret = secret;
    auth.oauth2.tokenUrl = `https://as.example/token?state=${encodeURIComponent(value)}`;
    auth.oauth2.issuer = `https://as.example/${encodeURIComponent(value)}`;
    auth.oauth2.scope = `openid ${value}`;
    auth.oauth2.clientId = value;
    const { url, omitted } = encodeShareLink(BASE, auth, testRequest, [secret]);
    const payload = decodedPayload(url);
    expect(payload).not.toContain(value);
    expect(payload).not.toContain(encodeURIComponent(value));
    expect(omitted).toEqual(expect.arrayContaining(['OAuth tokenUrl (contains a secret)', 'OAuth issuer (contains a secret)', 'OAuth scope (contains a secret)', 'OAuth clientId (contains a secret)']));
  });

  it('keeps values that merely share a few characters with a secret', () => {
    const { auth, testRequest } = setup();
    auth.oauth2.scope = 'openid S3cr api:read';
    auth.oauth2.extraHeaders = [{ key: 'X-Trace', value: b64('client-1:another-value') }];
    const { url } = encodeShareLink(BASE, auth, testRequest, [secret]);
    expect(decodedPayload(url)).toContain('openid S3cr api:read');
    expect(decodedPayload(url)).toContain(b64('client-1:another-value'));
  });
});

describe('decodeShareLink refuses, with a clear message', () => {
  const link = (payload: unknown) => `${SHARE_PREFIX}${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const message = (hash: string) => {
    const decoded = decodeShareLink(hash);
    if (decoded === null || decoded.ok) throw new Error('expected a refusal');
    return decoded.message;
  };

  it('ignores fragments that are not share links', () => {
    expect(decodeShareLink('#code=1&state=2')).toBeNull();
    expect(decodeShareLink('')).toBeNull();
  });

  it.each([
    ['oversized', `${SHARE_PREFIX}${'A'.repeat(MAX_SHARE_LINK_CHARS + 1)}`, /too long/],
    ['not base64url', `${SHARE_PREFIX}abc+/=`, /damaged/],
    ['not JSON', `${SHARE_PREFIX}${Buffer.from('{nope').toString('base64url')}`, /damaged/],
    ['not UTF-8', `${SHARE_PREFIX}${Buffer.from([0xff, 0xfe]).toString('base64url')}`, /damaged/],
    ['an array', link([1]), /does not hold settings/],
    ['no version', link({ auth: {} }), /no version/],
    ['a newer version', link({ v: 2, auth: {} }), /newer version/],
    ['an unknown top-level field', link({ v: 1, auth: { authType: 'oauth2' }, extra: 1 }), /unexpected fields \(extra\)/],
    ['a client secret', link({ v: 1, auth: { authType: 'oauth2', oauth2: { clientSecret: 's' } } }), /secret fields \(clientSecret\)/],
    ['an API key value', link({ v: 1, auth: { authType: 'api_key', apiKey: { value: 'k' } } }), /secret fields \(value\)/],
    ['basic credentials', link({ v: 1, auth: { authType: 'basic', basic: { username: 'u' } } }), /secret fields \(basic\)/],
    ['an unknown field', link({ v: 1, auth: { authType: 'oauth2', oauth2: { tokenUrl: 'https://x', bogus: 1 } } }), /unknown fields \(oauth2\.bogus\)/],
    ['a wrong type', link({ v: 1, auth: { authType: 'oauth2', oauth2: { usePar: 'yes' } } }), /invalid values \(oauth2\.usePar\)/],
    ['an unknown grant', link({ v: 1, auth: { authType: 'oauth2', oauth2: { grantType: 'implicit' } } }), /invalid values \(oauth2\.grantType\)/],
    ['an unknown auth type', link({ v: 1, auth: { authType: 'digest' } }), /invalid values \(auth\.authType\)/],
    ['bad rows', link({ v: 1, auth: { authType: 'oauth2', oauth2: { extraParams: [{ key: 1 }] } } }), /invalid values \(oauth2\.extraParams\)/],
  ])('%s', (_what, hash, expected) => {
    const text = message(hash);
    expect(text).toMatch(expected);
    expect(text).toContain('Nothing was changed');
  });
});

describe('share links and the extension grants', () => {
  it('carry the custom grant type and its plain parameters, not a secret-looking parameter', () => {
    const auth = emptyAuthConfig();
    Object.assign(auth.oauth2, {
      grantType: 'custom',
      tokenUrl: 'https://as.example/token',
      clientId: 'c',
      customGrantType: 'urn:example:grant-type:magic',
      extraParams: [{ key: 'tenant', value: 't1' }, { key: 'assertion', value: 'eyJ.secret.assertion' }],
    });
    const { url, omitted } = encodeShareLink(BASE, auth, emptyTestRequest(), []);
    expect(decodedPayload(url)).not.toContain('eyJ.secret.assertion');
    expect(omitted.join(' ')).toContain('assertion');
    const decoded = decodeShareLink(new URL(url).hash);
    if (!decoded?.ok) throw new Error('expected a link');
    expect(decoded.fields).toEqual(expect.arrayContaining([['Grant type', 'custom'], ['Custom grant_type', 'urn:example:grant-type:magic']]));
    const applied = applySharedSettings(decoded.shared, { auth: emptyAuthConfig(), testRequest: emptyTestRequest() });
    expect(applied.auth.oauth2).toMatchObject({ grantType: 'custom', customGrantType: 'urn:example:grant-type:magic' });
    expect(applied.auth.oauth2.extraParams).toContainEqual({ key: 'tenant', value: 't1' });
  });
});

describe('share links and Token Exchange', () => {
  it('carry the token types, audience and resource, never the subject or actor token', () => {
    const auth = emptyAuthConfig();
    Object.assign(auth.oauth2, {
      grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
      tokenUrl: 'https://as.example/token',
      clientId: 'c',
      subjectToken: 'subject-token-secret-1',
      actorToken: 'actor-token-secret-2',
      subjectTokenType: 'urn:ietf:params:oauth:token-type:jwt',
      audience: 'urn:example:api',
      resource: 'https://api.example/',
      requestedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
    });
    const { url } = encodeShareLink(BASE, auth, emptyTestRequest(), []);
    const payload = decodedPayload(url);
    expect(payload).not.toContain('subject-token-secret-1');
    expect(payload).not.toContain('actor-token-secret-2');
    const decoded = decodeShareLink(new URL(url).hash);
    if (!decoded?.ok) throw new Error('expected a link');
    const applied = applySharedSettings(decoded.shared, { auth: emptyAuthConfig(), testRequest: emptyTestRequest() });
    expect(applied.auth.oauth2).toMatchObject({
      grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subjectTokenType: 'urn:ietf:params:oauth:token-type:jwt',
      audience: 'urn:example:api',
      resource: 'https://api.example/',
      requestedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
      subjectToken: '',
      actorToken: '',
    });
  });

  it('refuse a link that carries a subject token', () => {
    const data = Buffer.from(JSON.stringify({ v: 1, auth: { authType: 'oauth2', oauth2: { subjectToken: 'x' } } })).toString('base64url');
    const decoded = decodeShareLink(`${SHARE_PREFIX}${data}`);
    expect(decoded).toMatchObject({ ok: false });
    expect(JSON.stringify(decoded)).toContain('secret fields (subjectToken)');
  });
});

describe('share links and JWT Bearer', () => {
  it('carry the grant, never the assertion, and refuse a link that carries one', () => {
    const auth = emptyAuthConfig();
    Object.assign(auth.oauth2, { grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer', tokenUrl: 'https://as.example/token', clientId: 'c', assertion: 'eyJh.eyJp.assertion-secret-3' });
    const { url } = encodeShareLink(BASE, auth, emptyTestRequest(), []);
    expect(decodedPayload(url)).not.toContain('assertion-secret-3');
    const decoded = decodeShareLink(new URL(url).hash);
    if (!decoded?.ok) throw new Error('expected a link');
    expect(applySharedSettings(decoded.shared, { auth: emptyAuthConfig(), testRequest: emptyTestRequest() }).auth.oauth2).toMatchObject({ grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: '' });
    const data = Buffer.from(JSON.stringify({ v: 1, auth: { authType: 'oauth2', oauth2: { assertion: 'x' } } })).toString('base64url');
    expect(JSON.stringify(decodeShareLink(`${SHARE_PREFIX}${data}`))).toContain('secret fields (assertion)');
  });
});
