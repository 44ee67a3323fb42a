/**
 * Flows through their port: a fake port over memory storage and a canned fetch, so each flow is
 * tested for what it asks of the rest (settings, token runs, the task runner), not through the UI.
 */
import { describe, expect, it, vi } from 'vitest';
import { emptyAuthConfig, type OAuth2Settings } from '../../../src/lib/config/auth-config';
import type { PlaygroundError } from '../../../src/lib/errors/playground-error';
import type { BrowserPort } from '../../../src/lib/state/browser';
import { AuthorizationCodeFlow } from '../../../src/lib/state/flows/authorization-code.svelte';
import { DeviceFlow } from '../../../src/lib/state/flows/device.svelte';
import type { FlowPort } from '../../../src/lib/state/flows/flow';
import { refreshFlow, renew } from '../../../src/lib/state/flows/refresh';
import { TaskRunner } from '../../../src/lib/state/task-runner.svelte';
import { TokenRunList } from '../../../src/lib/state/token-runs.svelte';
import { memoryBackend, openStorage, type PlaygroundStorage } from '../../../src/lib/store/storage';
import { cannedFetch, contextWith, formOf, jsonResponse, NOW, type CannedFetch, type Handler } from '../support/canned-fetch';

const ISSUER = 'https://login.example.com';

function settingsWith(overrides: Partial<OAuth2Settings>): OAuth2Settings {
  return { ...emptyAuthConfig().oauth2, issuer: ISSUER, tokenUrl: `${ISSUER}/token`, clientId: 'web', ...overrides };
}

interface FakePort extends FlowPort {
  failures: PlaygroundError[];
  remembered: string[];
  rotations: [string, string][];
  fetch: CannedFetch;
}

async function fakePort(handler: Handler, settings: OAuth2Settings, url = 'http://127.0.0.1:4173/', storage?: PlaygroundStorage): Promise<FakePort> {
  const store = storage ?? (await openStorage(memoryBackend()));
  const fetch = cannedFetch(handler);
  const tasks = new TaskRunner();
  const tokens = new TokenRunList({ storage: store, now: () => NOW, onChange: () => undefined, onStorageProblem: () => undefined });
  const browser = { currentUrl: () => new URL(url), replaceUrl: () => undefined, isPopup: () => false, hasOpener: () => false } as unknown as BrowserPort;
  const port: FakePort = {
    storage: store,
    browser,
    tasks,
    tokens,
    redirectUri: 'http://127.0.0.1:4173/',
    embedded: () => false,
    log: () => null,
    now: () => NOW,
    settings: () => structuredClone(settings),
    withEndpoints: async (s) => s,
    context: () => contextWith(fetch),
    newDpop: async () => ({}),
    beginAttempt: ({ cancellable = false } = {}) => tasks.begin('token', { cancellable }),
    keepToken: (token, s, extra = {}) => tokens.add(token, s, extra, null),
    fail: (error) => void port.failures.push(error),
    rotated: (before, after) => void port.rotations.push([before, after]),
    formGrant: () => settings.grantType,
    rememberClientSecret: (secret) => void port.remembered.push(secret),
    privateKeyJwk: () => '',
    flush: async () => undefined,
    failures: [],
    remembered: [],
    rotations: [],
    fetch,
  };
  return port;
}

describe('Authorization Code coming back from a full-page redirect (symptom 4)', () => {
  it('redeems the code with the sealed secret and keeps that secret in the tab for Renew, Revoke…', async () => {
    const settings = settingsWith({ grantType: 'authorization_code', authorizationUrl: `${ISSUER}/authorize`, clientAuth: 'client_secret_post', scope: 'api' });
    const storage = await openStorage(memoryBackend());
    const pending = { state: 'state-123456789', codeVerifier: 'v'.repeat(43), codeChallenge: 'c', codeChallengeMethod: 'S256' as const, redirectUri: 'http://127.0.0.1:4173/', createdAt: NOW, via: 'redirect' as const, settings: { ...settings, clientSecret: '' } };
    await storage.savePending({ pending, clientSecret: 'typed-secret' });
    const port = await fakePort(() => jsonResponse({ access_token: 'at', token_type: 'Bearer', refresh_token: 'rt' }), settings, 'http://127.0.0.1:4173/?code=the-code&state=state-123456789', storage);
    await new AuthorizationCodeFlow().resume(port);
    expect(port.failures).toEqual([]);
    expect(formOf(port.fetch.calls[0]).get('client_secret')).toBe('typed-secret');
    expect(port.remembered).toEqual(['typed-secret']);
    expect(port.tokens.current?.token.refresh_token).toBe('rt');
    expect(port.tasks.busy).toBeNull();
    // single use: the pending record is gone
    expect(await storage.peekPending('state-123456789')).toBeUndefined();
  });
});

describe('Refresh through the flow port', () => {
  it('renews the current run in place and shows rotation', async () => {
    const settings = settingsWith({ grantType: 'refresh_token', clientAuth: 'none' });
    const port = await fakePort(() => jsonResponse({ access_token: 'at-2', token_type: 'Bearer', refresh_token: 'rt-2' }), settings);
    await port.tokens.add({ access_token: 'at-1', token_type: 'bearer', obtainedAt: NOW, refresh_token: 'rt-1', scopeFromServer: false, extra: {} }, settings, {}, null);
    await refreshFlow.start(port);
    expect(port.failures).toEqual([]);
    expect(formOf(port.fetch.calls[0]).get('refresh_token')).toBe('rt-1');
    expect(port.rotations).toEqual([['rt-1', 'rt-2']]);
    expect(port.tokens.runs.items).toHaveLength(1);
    expect(port.tokens.current?.token.access_token).toBe('at-2');
  });

  it('a run another tab renewed after the click is taken as it is: the rotated token is not spent twice', async () => {
    const settings = settingsWith({ grantType: 'refresh_token', clientAuth: 'none' });
    const port = await fakePort(() => jsonResponse({ access_token: 'at-3', token_type: 'Bearer', refresh_token: 'rt-3' }), settings);
    const seen = await port.tokens.add({ access_token: 'at-1', token_type: 'bearer', obtainedAt: NOW, refresh_token: 'rt-1', scopeFromServer: false, extra: {} }, settings, {}, null);
    // while this tab loaded, the other tab renewed it and this tab heard of it
    await port.tokens.replace({ ...seen, token: { ...seen.token, access_token: 'at-2', refresh_token: 'rt-2' } });
    await renew(port, seen);
    expect(port.fetch.calls).toHaveLength(0);
    expect(port.rotations).toEqual([['rt-1', 'rt-2']]);
    expect(port.tokens.current?.token.access_token).toBe('at-2');
  });

  it('without a refresh token it says so, and sends nothing', async () => {
    const settings = settingsWith({ grantType: 'refresh_token' });
    const port = await fakePort(() => jsonResponse({}), settings);
    await refreshFlow.start(port);
    expect(port.failures.map((f) => f.code)).toEqual(['no_refresh_token']);
    expect(port.fetch.calls).toHaveLength(0);
  });
});

describe('Device flow polling', () => {
  it('slows down by 5 s on slow_down, then keeps the token', async () => {
    const settings = settingsWith({ grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceAuthorizationUrl: `${ISSUER}/device`, clientAuth: 'none' });
    const answers = [
      jsonResponse({ device_code: 'dc', user_code: 'ABCD-EFGH', verification_uri: `${ISSUER}/activate`, expires_in: 600, interval: 5 }),
      jsonResponse({ error: 'slow_down' }, 400),
      jsonResponse({ error: 'authorization_pending' }, 400),
      jsonResponse({ access_token: 'device-at', token_type: 'Bearer' }),
    ];
    const port = await fakePort(() => answers.shift()!, settings);
    const waits: number[] = [];
    const queue: (() => void)[] = [];
    const flow = new DeviceFlow((ms, then) => {
      waits.push(ms);
      queue.push(then);
      return 0 as unknown as ReturnType<typeof setTimeout>;
    });
    await flow.start(port);
    expect(flow.view?.userCode).toBe('ABCD-EFGH');
    while (queue.length) {
      queue.shift()!();
      // the poll is answered when it schedules the next one, or when the flow ends
      await vi.waitFor(() => expect(queue.length > 0 || flow.view?.status !== 'waiting').toBe(true));
    }
    expect(waits).toEqual([5000, 10_000, 10_000]);
    expect(flow.view?.status).toBe('done');
    expect(port.tokens.current?.token.access_token).toBe('device-at');
    expect(port.tasks.busy).toBeNull();
  });
});
