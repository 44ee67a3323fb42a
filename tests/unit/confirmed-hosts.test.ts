/** The rule for secret variables in settings from a share link or an import (issue 13, finding 2). */
import { describe, expect, it } from 'vitest';
import { emptyAuthConfig, emptyTestRequest, type AuthConfig, type TestRequestConfig } from '../../src/lib/config/auth-config';
import { assertConfirmedHosts, confirmHosts, hostOf, listHosts, secretReferences, type ConfirmedHosts } from '../../src/lib/config/confirmed-hosts';
import type { Variable } from '../../src/lib/config/variables';
import { PlaygroundError } from '../../src/lib/errors/playground-error';

const SECRET = 'prodsecret42';
const vars = (api = 'https://api.example.com'): Variable[] => [
  { name: 'prod_secret', value: SECRET, secret: true },
  { name: 'api', value: api, secret: false },
];

function settings(testUrl: string, change: (auth: AuthConfig) => void = () => undefined): { auth: AuthConfig; testRequest: TestRequestConfig } {
  const auth = emptyAuthConfig();
  change(auth);
  return { auth, testRequest: { ...emptyTestRequest(), url: testUrl } };
}

function refusal(run: () => void): PlaygroundError {
  try {
    run();
  } catch (error) {
    if (error instanceof PlaygroundError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('hostOf: the host the browser sends to', () => {
  it('reads URLs the way the browser does, not the way they look', () => {
    expect(hostOf('http:127.0.0.1:9091/collect')).toBe('127.0.0.1:9091');
    expect(hostOf('https:/evil.example/x')).toBe('evil.example');
    expect(hostOf('https://good.example@evil.example/')).toBe('evil.example');
    expect(hostOf('HTTPS://EVIL.example:443/')).toBe('evil.example');
    expect(hostOf('ftp://files.example/')).toBeNull();
    expect(hostOf('/relative')).toBeNull();
  });
});

describe('listHosts: what the confirmation shows', () => {
  it('resolves variables that are not secret, and never a secret one', () => {
    const list = listHosts(settings('{{api}}/me', (a) => void (a.oauth2.tokenUrl = 'https://{{prod_secret}}.auth.example/token')), vars());
    expect(list.hosts).toEqual(['api.example.com']);
    expect(list.unclear).toEqual(['https://{{prod_secret}}.auth.example/token']);
    expect(JSON.stringify(list)).not.toContain(SECRET);
  });

  it('lists the proxy only while it is on', () => {
    const on = settings('https://api.example.com/', (a) => Object.assign(a.proxy, { enabled: true, url: 'http://proxy.example:8787' }));
    expect(listHosts(on, []).hosts).toEqual(['api.example.com', 'proxy.example:8787']);
    on.auth.proxy.enabled = false;
    expect(listHosts(on, []).hosts).toEqual(['api.example.com']);
  });
});

describe('assertConfirmedHosts', () => {
  const request = (s: { testRequest: TestRequestConfig }) => ({ fields: ['testUrl'] as const, carries: s.testRequest });

  it('never refuses settings the person made (no confirmed hosts)', () => {
    const own = settings('https://{{prod_secret}}.anywhere.example/?k={{prod_secret}}');
    expect(() => assertConfirmedHosts(undefined, own, vars(), request(own))).not.toThrow();
  });

  it('lets a secret variable go to a host the confirmation listed', () => {
    const shared = settings('https://other.example/collect?v={{prod_secret}}');
    const confirmed = confirmHosts('share link', shared, vars());
    expect(confirmed.hosts).toEqual(['other.example']);
    expect(() => assertConfirmedHosts(confirmed, shared, vars(), request(shared))).not.toThrow();
  });

  it('refuses a host made of a secret variable, naming the variable and the host but not the value', () => {
    const shared = settings('https://{{prod_secret}}.attacker.example/collect');
    const error = refusal(() => assertConfirmedHosts(confirmHosts('share link', shared, vars()), shared, vars(), request(shared)));
    expect(error.code).toBe('unconfirmed_host');
    expect(error.message).toBe(
      'The secret variable {{prod_secret}} was not sent to {{prod_secret}}.attacker.example (Request URL): these settings came from a share link, and that host was not confirmed. Nothing was sent.',
    );
    expect(`${error.message} ${error.hint}`).not.toContain(SECRET);
  });

  it('refuses when a variable points the listed URL at another host later', () => {
    const shared = settings('{{api}}/collect?v={{prod_secret}}');
    const confirmed = confirmHosts('import', shared, vars('https://api.example.com'));
    expect(() => assertConfirmedHosts(confirmed, shared, vars('https://api.example.com'), request(shared))).not.toThrow();
    const error = refusal(() => assertConfirmedHosts(confirmed, shared, vars('https://attacker.example'), request(shared)));
    expect(error.message).toContain('not sent to attacker.example (Request URL): these settings came from an import file');
  });

  it('counts a URL the person changed as theirs', () => {
    const shared = settings('https://{{prod_secret}}.attacker.example/collect');
    const confirmed = confirmHosts('share link', shared, vars());
    shared.testRequest.url = 'https://mine.example/?k={{prod_secret}}';
    expect(() => assertConfirmedHosts(confirmed, shared, vars(), request(shared))).not.toThrow();
  });

  it('checks the proxy a request goes through, and only requests that carry a secret variable', () => {
    const shared = settings('https://api.example.com/');
    const confirmed = confirmHosts('import', shared, vars());
    Object.assign(shared.auth.proxy, { enabled: true, url: 'http://proxy.example:8787' });
    // the proxy was turned on and its URL typed after the import: the person's own
    expect(() => assertConfirmedHosts(confirmed, shared, vars(), { fields: ['testUrl'], carries: '{{prod_secret}}' })).not.toThrow();
    const withProxy = confirmHosts('import', shared, vars());
    const moved = { ...withProxy, hosts: ['api.example.com'] };
    expect(refusal(() => assertConfirmedHosts(moved, shared, vars(), { fields: ['testUrl'], carries: '{{prod_secret}}' })).message).toContain('proxy.example:8787 (Proxy URL)');
    expect(() => assertConfirmedHosts(moved, shared, vars(), { fields: ['testUrl'], carries: '{{api}}' })).not.toThrow();
  });

  it('names every secret variable the request carries', () => {
    const two: Variable[] = [...vars(), { name: 'other_secret', value: 'x', secret: true }];
    const shared = settings('https://{{prod_secret}}.attacker.example/');
    const confirmed: ConfirmedHosts = confirmHosts('share link', shared, two);
    expect(refusal(() => assertConfirmedHosts(confirmed, shared, two, { fields: ['testUrl'], carries: { header: '{{ other_secret }}' } })).message).toContain(
      'The secret variables {{other_secret}}, {{prod_secret}} were not sent',
    );
  });
});

describe('secretReferences', () => {
  it('finds secret variables in any string of a value, not the others', () => {
    expect(secretReferences({ a: ['{{api}}', { b: 'x {{prod_secret}} y' }] }, vars())).toEqual(['prod_secret']);
    expect(secretReferences('{{unknown}}', vars())).toEqual([]);
  });
});
