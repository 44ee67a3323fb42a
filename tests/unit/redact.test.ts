import { describe, expect, it } from 'vitest';
import { mask, redactBody, redactExchange, redactUrl } from '../../src/lib/http/redact';
import type { Exchange } from '../../src/lib/http/exchange';

const CLIENT_SECRET = 'cs-9f8e7d6c5b4a3210';
const ACCESS_TOKEN = 'eyAccessToken.abcdefghijklmnop.signature123';
const REFRESH_TOKEN = 'rt-0011223344556677';
const API_KEY = 'ak_live_5566778899';

describe('mask', () => {
  it('keeps the first four characters and the length from 12 characters on', () => {
    expect(mask('abcdefghijkl')).toBe('abcd…(12 chars)');
    expect(mask('demo-cc-post-secret')).toBe('demo…(19 chars)');
  });

  it('shows only the length below 12 characters', () => {
    expect(mask('abcdefghijk')).toBe('…(11 chars)');
    expect(mask('secret')).toBe('…(6 chars)');
    expect(mask('')).toBe('…(0 chars)');
  });
});

describe('redactBody', () => {
  it('masks secret form fields and keeps the others readable', () => {
    const body = `grant_type=client_credentials&client_id=demo&client_secret=${CLIENT_SECRET}&scope=api%3Aread+api%3Awrite`;
    expect(redactBody(body, [])).toBe(
      `grant_type=client_credentials&client_id=demo&client_secret=${mask(CLIENT_SECRET)}&scope=api%3Aread+api%3Awrite`,
    );
  });

  it.each(['client_secret', 'password', 'code', 'refresh_token', 'code_verifier', 'client_assertion', 'api_key'])(
    'masks the %s form field, decoded, even with no known secrets',
    (field) => {
      const value = 'value+with%2Fescapes-0123';
      const redacted = redactBody(`grant_type=x&${field}=${value}`, []);
      expect(redacted).toBe(`grant_type=x&${field}=${mask('value with/escapes-0123')}`);
      expect(redacted).not.toContain('escapes-0123');
    },
  );

  it('masks secret JSON fields recursively, including inside arrays', () => {
    const body = JSON.stringify({
      access_token: ACCESS_TOKEN,
      token_type: 'Bearer',
      nested: { refresh_token: REFRESH_TOKEN, list: [{ password: 'hunter2' }, { note: 'fine' }] },
      expires_in: 3600,
    });
    expect(JSON.parse(redactBody(body, []))).toEqual({
      access_token: mask(ACCESS_TOKEN),
      token_type: 'Bearer',
      nested: { refresh_token: mask(REFRESH_TOKEN), list: [{ password: mask('hunter2') }, { note: 'fine' }] },
      expires_in: 3600,
    });
  });

  it('masks secret JSON field names case-insensitively', () => {
    expect(JSON.parse(redactBody('{"Client_Secret":"abcdefghijklmnop"}', []))).toEqual({ Client_Secret: mask('abcdefghijklmnop') });
  });

  it('scrubs known secrets inside other JSON values and in plain text', () => {
    expect(JSON.parse(redactBody(JSON.stringify({ message: `bad secret ${CLIENT_SECRET} given` }), [CLIENT_SECRET]))).toEqual({
      message: `bad secret ${mask(CLIENT_SECRET)} given`,
    });
    expect(redactBody(`curl -u demo:${CLIENT_SECRET} https://x`, [CLIENT_SECRET])).toBe(`curl -u demo:${mask(CLIENT_SECRET)} https://x`);
  });

  it('scrubs the longest known secret first, so a secret containing another is masked whole', () => {
    const short = 'abc123';
    const long = 'abc123-and-more';
    expect(redactBody(`${long} ${short}`, [short, long])).toBe(`${mask(long)} ${mask(short)}`);
  });

  it('leaves secrets shorter than 3 characters alone (masking them would mangle unrelated text)', () => {
    expect(redactBody('a ab abc', ['ab'])).toBe('a ab abc');
  });

  it('treats JSON-looking text that is not JSON as text', () => {
    expect(redactBody(`{not json ${CLIENT_SECRET}`, [CLIENT_SECRET])).toBe(`{not json ${mask(CLIENT_SECRET)}`);
  });
});

describe('redactUrl', () => {
  it('masks secret query parameters', () => {
    const redacted = redactUrl('https://app.example.com/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz', []);
    expect(redacted).not.toContain('SplxlOBeZQQYbYS6WxSbIA');
    expect(redacted).toContain('state=xyz');
    expect(redacted).toContain('Splx…');
  });

  // Regression (fixed; redact.ts redactUrl): the mask is written back through URLSearchParams, which encodes the
  // space as `+`, and decodeURI does not turn `+` back: the URL shows `abcd…(22+chars)`.
  it('shows the mask in the same readable form as elsewhere', () => {
    expect(redactUrl('https://app.example.com/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz', [])).toBe(
      'https://app.example.com/cb?code=Splx…(22 chars)&state=xyz',
    );
  });

  it('scrubs a known secret from the path and from a non-secret query parameter', () => {
    const redacted = redactUrl(`https://api.example.com/keys/${API_KEY}/items?key=${API_KEY}`, [API_KEY]);
    expect(redacted).toBe(`https://api.example.com/keys/${mask(API_KEY)}/items?key=${mask(API_KEY)}`);
  });

  // Regression (fixed; redact.ts redactUrl): it scrubs known secrets from `decodeURI(href)`, but query values are
  // form-encoded (`/` → %2F, `+` → %2B, `=` → %3D, space → `+`) and decodeURI does not undo that,
  // so an API key with such characters sent as a query parameter stays in the URL, percent-encoded.
  it.each([['AbC/dEf+GhI=jKl0'], ['key with spaces 42']])('scrubs a known secret %j that the query string percent-encodes', (secret) => {
    const url = new URL('https://api.example.com/v1/items?page=2');
    url.searchParams.set('key', secret);
    const redacted = redactUrl(url.href, [secret]);
    expect(redacted).not.toContain(secret);
    expect(redacted).not.toContain(new URLSearchParams({ key: secret }).toString().slice('key='.length));
    expect(redacted).not.toContain(encodeURIComponent(secret));
  });

  it('scrubs known secrets from a string that is not a URL', () => {
    expect(redactUrl(`not a url ${API_KEY}`, [API_KEY])).toBe(`not a url ${mask(API_KEY)}`);
  });
});

describe('redactExchange', () => {
  const basic = `Basic ${btoa(`demo-cc:${CLIENT_SECRET}`)}`;
  const exchange = (): Exchange => ({
    id: 'x1',
    label: 'Token request',
    startedAt: 1000,
    durationMs: 42,
    request: {
      method: 'POST',
      url: `https://auth.example.com/token?api_key=${API_KEY}`,
      headers: [
        ['authorization', basic],
        ['x-api-key', API_KEY],
        ['x-echo', `secret is ${CLIENT_SECRET}`],
        ['content-type', 'application/x-www-form-urlencoded;charset=UTF-8'],
      ],
      body: `grant_type=client_credentials&client_secret=${CLIENT_SECRET}&refresh_token=${REFRESH_TOKEN}&note=${CLIENT_SECRET}`,
    },
    response: {
      status: 200,
      statusText: 'OK',
      headers: [
        ['content-type', 'application/json'],
        ['set-cookie', `session=${ACCESS_TOKEN}`],
      ],
      body: JSON.stringify({ access_token: ACCESS_TOKEN, token_type: 'bearer', refresh_token: REFRESH_TOKEN, debug: { echoed: CLIENT_SECRET } }),
      truncated: false,
    },
  });
  const secrets = [CLIENT_SECRET, API_KEY, ACCESS_TOKEN, REFRESH_TOKEN];

  it('leaves no secret anywhere in the redacted exchange', () => {
    const text = JSON.stringify(redactExchange(exchange(), secrets));
    for (const secret of [...secrets, btoa(`demo-cc:${CLIENT_SECRET}`)]) expect(text).not.toContain(secret);
  });

  it('masks Authorization Basic and Bearer keeping the scheme, and other secret headers whole', () => {
    const redacted = redactExchange(exchange(), secrets);
    expect(redacted.request.headers).toEqual([
      ['authorization', `Basic ${mask(btoa(`demo-cc:${CLIENT_SECRET}`))}`],
      ['x-api-key', mask(API_KEY)],
      ['x-echo', `secret is ${mask(CLIENT_SECRET)}`],
      ['content-type', 'application/x-www-form-urlencoded;charset=UTF-8'],
    ]);
    const bearer = redactExchange({ ...exchange(), request: { ...exchange().request, headers: [['Authorization', `Bearer ${ACCESS_TOKEN}`]] } }, []);
    expect(bearer.request.headers).toEqual([['Authorization', `Bearer ${mask(ACCESS_TOKEN)}`]]);
    expect(redacted.response!.headers).toEqual([
      ['content-type', 'application/json'],
      ['set-cookie', mask(`session=${ACCESS_TOKEN}`)],
    ]);
  });

  it('masks form and JSON bodies and keeps everything else', () => {
    const redacted = redactExchange(exchange(), secrets);
    expect(redacted.request.body).toBe(
      `grant_type=client_credentials&client_secret=${mask(CLIENT_SECRET)}&refresh_token=${mask(REFRESH_TOKEN)}&note=${mask(CLIENT_SECRET)}`,
    );
    expect(JSON.parse(redacted.response!.body)).toEqual({
      access_token: mask(ACCESS_TOKEN),
      token_type: 'bearer',
      refresh_token: mask(REFRESH_TOKEN),
      debug: { echoed: mask(CLIENT_SECRET) },
    });
    expect(redacted).toMatchObject({ id: 'x1', label: 'Token request', startedAt: 1000, durationMs: 42 });
    expect(redacted.response).toMatchObject({ status: 200, statusText: 'OK', truncated: false });
  });

  it('does not mutate the original exchange', () => {
    const original = exchange();
    const before = structuredClone(original);
    redactExchange(original, secrets);
    expect(original).toEqual(before);
  });

  it('keeps a null request body null and an exchange without response without one', () => {
    const failed: Exchange = { ...exchange(), request: { ...exchange().request, body: null }, failure: 'cors' };
    delete failed.response;
    const redacted = redactExchange(failed, secrets);
    expect(redacted.request.body).toBeNull();
    expect('response' in redacted).toBe(false);
    expect(redacted.failure).toBe('cors');
  });
});

describe('redactExchange when the known secrets change (a new token, an edited secret)', () => {
  const exchange = (): Exchange => ({
    id: 'x1',
    label: 'Test request',
    startedAt: 0,
    durationMs: 1,
    request: { method: 'GET', url: `https://api.example/items?q=${encodeURIComponent(REFRESH_TOKEN)}`, headers: [['x-note', `see ${API_KEY}`]], body: null },
    response: { status: 200, statusText: 'OK', headers: [], body: JSON.stringify({ echo: ACCESS_TOKEN }), truncated: false },
  });

  it('masks a secret learned after the exchange was first shown, wherever it appears (query, header, JSON body)', () => {
    const x = exchange();
    const before = redactExchange(x, [CLIENT_SECRET]);
    expect(JSON.stringify(before)).toContain(ACCESS_TOKEN);
    const after = JSON.stringify(redactExchange(x, [CLIENT_SECRET, ACCESS_TOKEN, REFRESH_TOKEN, API_KEY]));
    for (const secret of [ACCESS_TOKEN, REFRESH_TOKEN, API_KEY]) expect(after).not.toContain(secret);
    expect(after).toContain(mask(ACCESS_TOKEN));
  });

  it('unmasks nothing it should not when a secret is forgotten, and gives the same copy while no secret appears in it', () => {
    const x = exchange();
    const masked = redactExchange(x, [API_KEY]);
    expect(JSON.stringify(masked)).not.toContain(API_KEY);
    // Without API_KEY among the secrets the value is shown again, as before any caching.
    expect(redactExchange(x, [CLIENT_SECRET]).request.headers).toEqual([['x-note', `see ${API_KEY}`]]);
    const clean = redactExchange(x, ['unrelated-secret-1']);
    expect(redactExchange(x, ['unrelated-secret-1', 'another-secret-2'])).toBe(clean);
    expect(redactExchange(x, ['another-secret-2', REFRESH_TOKEN])).not.toBe(clean);
  });
});

// Regression (security review 7): redaction matched exact names only, so `Private-Token`,
// `X-Auth-Token`, `key=` and camelCase JSON keys went into the log and the HAR export in clear.
describe('redaction uses the one secret-name rule (looksSecretName)', () => {
  const GITLAB = 'glpat-abcdefghijklmnop';
  const AUTH_TOKEN = 'xat-0123456789abcdef';

  // Regression (issue 13, finding 7): redaction matched exact names only: Private-Token and X-Auth-Token passed into HAR and the log.
  it('finding 7: masks Private-Token, X-Auth-Token and X-Hub-Signature headers whole, with no known secrets', () => {
    const x: Exchange = {
      id: 'h',
      label: 'Test request',
      startedAt: 0,
      durationMs: 1,
      request: { method: 'GET', url: 'https://gitlab.example/api/v4/user', headers: [['Private-Token', GITLAB], ['X-Auth-Token', AUTH_TOKEN], ['X-Hub-Signature', 'sha256=0123456789abcdef'], ['Accept', 'application/json']], body: null },
    };
    const redacted = redactExchange(x, []);
    expect(redacted.request.headers).toEqual([['Private-Token', mask(GITLAB)], ['X-Auth-Token', mask(AUTH_TOKEN)], ['X-Hub-Signature', mask('sha256=0123456789abcdef')], ['Accept', 'application/json']]);
  });

  // Regression (issue 13, finding 7): `key=` query parameters passed into HAR and the log.
  it('finding 7: masks a key= query parameter and an apiKey one, with no known secrets', () => {
    const redacted = redactUrl('https://maps.example/api?key=AIzaSyA-0123456789&apiKey=k-0123456789abc&q=paris', []);
    expect(redacted).toBe(`https://maps.example/api?key=${mask('AIzaSyA-0123456789')}&apiKey=${mask('k-0123456789abc')}&q=paris`);
  });

  // Regression (issue 13, finding 7): camelCase JSON keys (accessToken, clientSecret) passed into HAR and the log.
  it('finding 7: masks camelCase JSON keys (accessToken, clientSecret, refreshToken) and keeps token_type and endpoints readable', () => {
    const body = JSON.stringify({ accessToken: 'at-0123456789abcdef', clientSecret: 'cs-0123456789abcdef', refreshToken: 'rt-0123456789', tokenType: 'Bearer', token_endpoint: 'https://as/token' });
    expect(JSON.parse(redactBody(body, []))).toEqual({
      accessToken: mask('at-0123456789abcdef'),
      clientSecret: mask('cs-0123456789abcdef'),
      refreshToken: mask('rt-0123456789'),
      tokenType: 'Bearer',
      token_endpoint: 'https://as/token',
    });
  });

  // Regression (issue 13, finding 7): form fields named otherwise than the exact wire names passed unmasked.
  it('finding 7: masks form fields by the rule too (authToken, privateKey)', () => {
    expect(redactBody('authToken=k-0123456789abc&privateKey=pk-0123456789&user=alice', [])).toBe(`authToken=${mask('k-0123456789abc')}&privateKey=${mask('pk-0123456789')}&user=alice`);
  });

  it('leaves a discovery document readable', () => {
    const doc = { issuer: 'https://as', authorization_endpoint: 'https://as/authorize', token_endpoint: 'https://as/token', end_session_endpoint: 'https://as/logout', token_endpoint_auth_methods_supported: ['client_secret_basic'] };
    expect(JSON.parse(redactBody(JSON.stringify(doc), []))).toEqual(doc);
  });
});

describe('redactUrl for configuration values (security review 6: one path for every output)', () => {
  // An issuer is compared exactly (RFC 9207): the report must not add a slash the user did not type.
  it.each(['http://127.0.0.1:9090', 'https://as.example/tenant?scope=a%20b+c', 'https://as.example/p#frag'])('keeps %s as written when nothing in it is secret', (url) => {
    expect(redactUrl(url, ['unrelated-secret'])).toBe(url);
  });

  it('masks secret-named parameters in the fragment (implicit and hybrid responses)', () => {
    expect(redactUrl('https://app.example/cb#access_token=at-0123456789abc&state=xyz', [])).toBe(`https://app.example/cb#access_token=${mask('at-0123456789abc')}&state=xyz`);
  });

  it('leaves user name and password out of the URL', () => {
    const redacted = redactUrl('https://alice:pa55word-123@as.example/token', []);
    expect(redacted).not.toContain('pa55word-123');
    expect(redacted).not.toContain('alice');
  });
});
