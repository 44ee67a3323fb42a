import { describe, expect, it } from 'vitest';
import { applyPreset, findPreset } from '../../src/lib/config/presets';
import type { Exchange } from '../../src/lib/http/exchange';
import { isFailedExchange, supportReport } from '../../src/lib/http/report';
import { mask, redactUrl } from '../../src/lib/http/redact';

const ok: Exchange = { id: '1', label: 'Discovery', startedAt: Date.UTC(2026, 0, 1), durationMs: 12, request: { method: 'GET', url: 'https://as/.well-known/openid-configuration', headers: [], body: null }, response: { status: 200, statusText: 'OK', headers: [], body: '{}', truncated: false } };
const failed: Exchange = {
  id: '2',
  label: 'Token request',
  startedAt: Date.UTC(2026, 0, 1, 0, 0, 1),
  durationMs: 30,
  request: { method: 'POST', url: 'https://as/token', headers: [['authorization', 'Basic …(20 chars)']], body: 'grant_type=client_credentials' },
  response: { status: 401, statusText: 'Unauthorized', headers: [['content-type', 'application/json']], body: '{"error":"invalid_client","note":"```"}', truncated: false },
};

describe('supportReport', () => {
  const { auth, testRequest } = applyPreset(findPreset('local-demo')!);
  auth.oauth2.extraParams = [{ key: 'audience', value: 'https://api' }, { key: 'client_assertion', value: 'eyJ-private' }];
  const report = supportReport({
    auth,
    testRequest,
    exchanges: [ok, failed],
    error: { title: 'The server refused the request', message: 'Token request failed: 401 invalid_client.', code: 'invalid_client', error: 'invalid_client', status: 401, hint: 'Check the secret.' },
    generatedAt: Date.UTC(2026, 0, 1, 0, 1),
  });

  it('summarises the configuration without secrets', () => {
    expect(report).toContain('- Client ID: `demo-cc`');
    expect(report).toContain('- Client secret: set (not included)');
    expect(report).not.toContain('demo-cc-secret');
    expect(report).toContain('- Extra token parameter `audience`: `https://api`');
    expect(report).toContain('- Extra token parameter `client_assertion`: `(not included)`');
    expect(report).not.toContain('eyJ-private');
  });

  it('lists the steps, shows the failing exchange in a fence it cannot break, and the explanation', () => {
    expect(report).toContain('1. 00:00:00.000 Discovery: `GET https://as/.well-known/openid-configuration` → 200 OK (12 ms)');
    expect(report).toContain('2. 00:00:01.000 Token request: `POST https://as/token` → 401 Unauthorized (30 ms)');
    expect(report).toContain('## Failing exchange');
    expect(report).toMatch(/````http\nPOST https:\/\/as\/token[\s\S]*"note":"```"}\n````/);
    expect(report).toContain('**What to check:** Check the secret.');
    expect(report).toContain('- error: `invalid_client`');
  });
});

it('isFailedExchange: HTTP errors and missing responses, not navigations', () => {
  expect(isFailedExchange(ok)).toBe(false);
  expect(isFailedExchange(failed)).toBe(true);
  expect(isFailedExchange({ ...ok, response: undefined, failure: 'cors' } as Exchange)).toBe(true);
  expect(isFailedExchange({ ...ok, kind: 'navigation', response: undefined } as Exchange)).toBe(false);
});

// Regression (security review 6): the Configuration section printed URLs raw
// (`?access_token=…&key=…`) while the Steps section masked them, and the Token, Issuer and
// Authorization URLs were not redacted at all. One path now: redact.ts for every output.
describe('supportReport redacts the configuration as it redacts the steps', () => {
  const API_KEY = 'ak-live-0123456789';
  const TENANT_SECRET = 'tenant-secret-4711';
  const { auth, testRequest } = applyPreset(findPreset('local-demo')!);
  auth.oauth2.issuer = `https://as.example/${TENANT_SECRET}`;
  auth.oauth2.authorizationUrl = `https://as.example/authorize?client_secret=cs-0123456789abc&prompt=login`;
  auth.oauth2.tokenUrl = `https://as.example/token?access_token=at-0123456789abc&key=${API_KEY}`;
  auth.oauth2.scope = `api:read ${TENANT_SECRET}`;
  auth.oauth2.extraParams = [{ key: 'note', value: `see ${API_KEY}` }];
  testRequest.url = `https://api.example/v1/items?key=${API_KEY}&page=2`;
  const step: Exchange = { ...ok, request: { ...ok.request, url: redactUrl(auth.oauth2.tokenUrl, [API_KEY, TENANT_SECRET]) } };
  const report = supportReport({
    auth,
    testRequest,
    exchanges: [step],
    secrets: [API_KEY, TENANT_SECRET],
    error: { title: 'Refused', message: `The server said ${API_KEY} is unknown.`, code: 'invalid_client', error_description: `key ${API_KEY}`, hint: `Check ${TENANT_SECRET}.` },
    generatedAt: Date.UTC(2026, 0, 1),
    appUrl: `https://app.example/?code=code-0123456789ab&state=s`,
  });

  // Regression (issue 13, finding 6): Copy report printed configuration URLs raw (`?access_token=…&key=…`) while the Steps masked them.
  it('finding 6: leaves no known secret and no secret-named query value anywhere in the report', () => {
    for (const secret of [API_KEY, TENANT_SECRET, 'cs-0123456789abc', 'at-0123456789abc', 'code-0123456789ab']) expect(report).not.toContain(secret);
  });

  // Regression (issue 13, finding 6): the Token, Issuer and Authorization URLs went into the report unredacted.
  it('finding 6: writes each configuration URL the way the steps show it (redactUrl)', () => {
    const secrets = [API_KEY, TENANT_SECRET];
    expect(report).toContain(`- Issuer: \`${redactUrl(auth.oauth2.issuer, secrets)}\``);
    expect(report).toContain(`- Authorization URL: \`${redactUrl(auth.oauth2.authorizationUrl, secrets)}\``);
    expect(report).toContain(`- Token URL: \`${redactUrl(auth.oauth2.tokenUrl, secrets)}\``);
    expect(report).toContain(`- Test request: \`GET ${redactUrl(testRequest.url, secrets)}\``);
    expect(report).toContain(`Token URL: \`${redactUrl(auth.oauth2.tokenUrl, secrets)}\``);
    expect(report).toContain(`\`GET ${redactUrl(auth.oauth2.tokenUrl, secrets)}\``);
    expect(report).toContain('page=2');
    expect(report).toContain('prompt=login');
  });

  it('masks known secrets in other values and in the error, with the same mask', () => {
    expect(report).toContain(`- Scope: \`api:read ${mask(TENANT_SECRET)}\``);
    expect(report).toContain(`- Extra token parameter \`note\`: \`see ${mask(API_KEY)}\``);
    expect(report).toContain(`The server said ${mask(API_KEY)} is unknown.`);
    expect(report).toContain(`key ${mask(API_KEY)}`);
    expect(report).toContain(`Check ${mask(TENANT_SECRET)}.`);
  });
});

describe('supportReport and the extension grants', () => {
  it('gives the token exchange settings, says a subject token is set, never includes it', () => {
    const { auth, testRequest } = applyPreset(findPreset('local-demo')!);
    Object.assign(auth.oauth2, { grantType: 'urn:ietf:params:oauth:grant-type:token-exchange', subjectToken: 'subject-secret-9', actorToken: 'actor-secret-8', actorTokenType: 'urn:ietf:params:oauth:token-type:jwt', audience: 'urn:example:api' });
    const report = supportReport({ auth, testRequest, exchanges: [], generatedAt: 0 });
    expect(report).toContain('- Subject token type: `urn:ietf:params:oauth:token-type:access_token`');
    expect(report).toContain('- Actor token type: `urn:ietf:params:oauth:token-type:jwt`');
    expect(report).toContain('- Audience: `urn:example:api`');
    expect(report).toContain('- Subject token: set (not included)');
    expect(report).not.toContain('subject-secret-9');
    expect(report).not.toContain('actor-secret-8');
  });

  it('gives the custom grant type, and for JWT Bearer only that an assertion is set', () => {
    const { auth, testRequest } = applyPreset(findPreset('local-demo')!);
    Object.assign(auth.oauth2, { grantType: 'custom', customGrantType: 'urn:example:grant' });
    expect(supportReport({ auth, testRequest, exchanges: [], generatedAt: 0 })).toContain('- Custom grant_type: `urn:example:grant`');
    Object.assign(auth.oauth2, { grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'eyJh.eyJp.assertion-secret-7' });
    const report = supportReport({ auth, testRequest, exchanges: [], generatedAt: 0 });
    expect(report).toContain('- Assertion: set (not included)');
    expect(report).not.toContain('assertion-secret-7');
  });
});
