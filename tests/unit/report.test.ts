import { describe, expect, it } from 'vitest';
import { applyPreset, findPreset } from '../../src/lib/config/presets';
import type { Exchange } from '../../src/lib/http/exchange';
import { isFailedExchange, supportReport } from '../../src/lib/http/report';

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
