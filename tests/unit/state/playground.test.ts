/**
 * The playground's state classes through their ports: a real Playground over memory storage, a
 * canned fetch for the servers, a browser that goes nowhere. Each test names the reported symptom.
 */
import { describe, expect, it } from 'vitest';
import { emptyAuthConfig } from '../../../src/lib/config/auth-config';
import { localDemoDefault } from '../../../src/lib/config/presets/local-demo';
import { PENDING_LIFETIME_MS, type PendingAuthorization } from '../../../src/lib/oauth/authorization-code';
import type { BrowserPort } from '../../../src/lib/state/browser';
import { Playground } from '../../../src/lib/state/playground.svelte';
import { resolveSettings } from '../../../src/lib/state/resolve';
import { memoryBackend, openStorage } from '../../../src/lib/store/storage';
import { cannedFetch, jsonResponse, respond, type Handler } from '../support/canned-fetch';
import { quietBrowser } from '../support/browser';

const ISSUER = 'https://login.example.com';
const API = 'https://api.example.com/me';

const browser: BrowserPort = quietBrowser();

const metadata = (methods: string[]) => ({
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
  jwks_uri: `${ISSUER}/jwks`,
  userinfo_endpoint: `${ISSUER}/userinfo`,
  token_endpoint_auth_methods_supported: methods,
  code_challenge_methods_supported: ['S256'],
});

async function playground(handler: Handler) {
  const fetch = cannedFetch(handler);
  const storage = await openStorage(memoryBackend());
  const pg = new Playground({ storage, fetch, browser, redirectUri: 'http://127.0.0.1:4173/' });
  const o = pg.config.auth.oauth2;
  Object.assign(o, { issuer: ISSUER, tokenUrl: `${ISSUER}/token`, clientId: 'client-1', grantType: 'client_credentials', clientAuth: 'client_secret_post' });
  pg.config.testRequest.url = API;
  return { pg, fetch };
}

describe('Discover suggests; it never overrides a choice (symptom 5)', () => {
  it('a saved credential’s client authentication stays, its saved secret counts as set', async () => {
    const { pg } = await playground(() => jsonResponse(metadata(['none', 'client_secret_basic'])));
    pg.config.markSaved(); // as opened from a saved credential
    pg.scope.useSavedSecrets({ 'oauth2.clientSecret': 'saved-secret' });
    await pg.discover();
    expect(pg.discovery.error).toBeNull();
    expect(pg.auth.oauth2.clientAuth).toBe('client_secret_post');
    expect(pg.discovery.notes.join(' ')).toContain('stays client_secret_post (as saved)');
    expect(pg.auth.oauth2.tokenUrl).toBe(`${ISSUER}/token`);
    expect(pg.config.sourceLabel('jwksUri')).toBe(`discovered from ${ISSUER}`);
  });

  it('never none while a secret is set, even on a fresh configuration', async () => {
    const { pg } = await playground(() => jsonResponse(metadata(['none'])));
    pg.auth.oauth2.clientAuth = 'client_secret_basic';
    pg.auth.oauth2.clientSecret = 'typed-secret';
    await pg.discover();
    expect(pg.auth.oauth2.clientAuth).toBe('client_secret_basic');
    expect(pg.discovery.notes.join(' ')).toContain('a client secret is set');
  });

  it('a fresh configuration without a secret takes the server’s method, and says so', async () => {
    const { pg } = await playground(() => jsonResponse(metadata(['none'])));
    await pg.discover();
    expect(pg.auth.oauth2.clientAuth).toBe('none');
    expect(pg.discovery.notes.join(' ')).toContain('set to none');
  });

  it('resolves {{variables}} in the Issuer, and an unknown one is Discover’s own error (symptom 7)', async () => {
    const { pg, fetch } = await playground(() => jsonResponse(metadata(['client_secret_basic'])));
    pg.auth.oauth2.issuer = '{{host}}';
    await pg.discover();
    expect(pg.discovery.error?.code).toBe('unknown_variable');
    expect(pg.attempt.error).toBeNull();
    expect(fetch.calls).toHaveLength(0);
    pg.scope.useVariables([{ name: 'host', value: ISSUER, secret: false }], null);
    await pg.discover();
    expect(pg.discovery.error).toBeNull();
    expect(fetch.calls[0]!.url).toBe(`${ISSUER}/.well-known/openid-configuration`);
  });
});

describe('token runs held back after a rejected ID token (symptom 2)', () => {
  it('Send refuses the token until “Use these tokens anyway”, then sends it', async () => {
    const { pg, fetch } = await playground(() => respond('{"ok":true}', 200, { 'content-type': 'application/json' }));
    const settings = resolveSettings(pg);
    const token = { access_token: 'at-1', token_type: 'bearer', obtainedAt: Date.now(), scopeFromServer: false, extra: {} };
    await pg.tokens.add(token, settings, { idTokenRejected: { message: 'ID token rejected: aud, expected "client-1", got "other"', check: 'aud' } }, null);
    await pg.sendTestRequest();
    expect(pg.test.error?.code).toBe('token_held_back');
    expect(fetch.calls).toHaveLength(0);
    await pg.acceptRejectedTokens();
    await pg.sendTestRequest();
    expect(pg.test.error).toBeNull();
    expect(fetch.calls.at(-1)!.headers.get('authorization')).toBe('Bearer at-1');
    // accepted is kept with the run (a reload keeps the choice)
    expect((await pg.storage.loadTokens()).items[0]!.accepted).toBe(true);
  });
});

describe('endpoints read on demand from the issuer (symptom 1)', () => {
  it('UserInfo with an empty URL reads the metadata once, logs it, fills the form as discovered', async () => {
    const { pg, fetch } = await playground((request) => {
      if (request.url.endsWith('/.well-known/openid-configuration')) return jsonResponse(metadata(['client_secret_post']));
      if (request.url === `${ISSUER}/userinfo`) return jsonResponse({ sub: 'user-1' });
      return respond('not found', 404);
    });
    const settings = resolveSettings(pg);
    await pg.tokens.add({ access_token: 'at-2', token_type: 'bearer', obtainedAt: Date.now(), scopeFromServer: false, extra: {} }, settings, {}, null);
    await pg.tokenOperation('userinfo');
    expect(pg.operation.error).toBeNull();
    expect(pg.operation.result?.result).toEqual({ sub: 'user-1' });
    expect(pg.attempt.exchanges.map((e) => e.label)).toEqual(['Discovery (on demand)', 'UserInfo request']);
    expect(pg.auth.oauth2.userinfoUrl).toBe(`${ISSUER}/userinfo`);
    await pg.tokenOperation('userinfo');
    expect(fetch.calls.filter((c) => c.url.includes('.well-known'))).toHaveLength(1);
  });
});

describe('the 401 replay', () => {
  it('a 401 invalid_token renews once with client credentials and replays the request', async () => {
    let tokens = 0;
    let calls = 0;
    const { pg, fetch } = await playground((request) => {
      if (request.url === `${ISSUER}/token`) return jsonResponse({ access_token: `at-${++tokens}`, token_type: 'Bearer', expires_in: 3600 });
      calls++;
      return calls === 1 ? respond('', 401, { 'www-authenticate': 'Bearer error="invalid_token"' }) : jsonResponse({ ok: true });
    });
    pg.auth.oauth2.clientSecret = 'typed';
    await pg.getToken();
    expect(pg.attempt.error).toBeNull();
    await pg.sendTestRequest();
    expect(pg.test.error).toBeNull();
    expect(pg.test.response?.status).toBe(200);
    expect(pg.test.renewNote).toContain('401 invalid_token');
    const api = fetch.calls.filter((c) => c.url === API);
    expect(api.map((c) => c.headers.get('authorization'))).toEqual(['Bearer at-1', 'Bearer at-2']);
  });
});

describe('share links and presets open a new configuration (symptoms 8, 9)', () => {
  // Regression (issue 13, finding 1): ShareFlow.apply -> replaceSettings kept the open credential, its saved secrets and token runs.
  it('finding 1: openFresh keeps no saved secret, token, proxy pairing or choice of the open one', async () => {
    const { pg } = await playground(() => jsonResponse({ access_token: 'at-x', token_type: 'Bearer' }));
    pg.auth.oauth2.clientSecret = 'typed';
    await pg.getToken();
    pg.scope.useSavedSecrets({ 'oauth2.clientSecret': 'saved-secret' });
    pg.config.markChosen('clientAuth');
    pg.auth.proxy.token = 'pairing-token';
    await pg.openFresh({ auth: pg.config.snapshot().auth, testRequest: pg.config.snapshot().testRequest });
    expect(pg.scope.savedSecrets).toEqual({});
    expect(pg.tokens.runs.items).toEqual([]);
    expect(pg.config.choices).toEqual({});
    expect(pg.credential).toBeNull();
  });

  it('a preset over a typed provider starts clean and records its own values', async () => {
    const { pg } = await playground(() => respond('', 500));
    pg.selectPreset(localDemoDefault.id);
    expect(pg.config.sourceLabel('tokenUrl')).toBe('from the preset “Local demo”');
    expect(pg.config.providerNote).toBeNull();
  });
});

describe('pending authorizations at start-up', () => {
  const NOW = 10_000_000_000;
  const pending = (state: string, createdAt: number): PendingAuthorization => ({
    state,
    codeVerifier: 'verifier-0123456789012345678901234567890123',
    codeChallenge: 'challenge-xyz',
    codeChallengeMethod: 'S256',
    nonce: 'nonce-1',
    redirectUri: 'http://127.0.0.1:4173/',
    createdAt,
    via: 'redirect',
    settings: { ...emptyAuthConfig().oauth2, grantType: 'authorization_code', authorizationUrl: `${ISSUER}/authorize`, tokenUrl: `${ISSUER}/token`, clientId: 'client-1' },
  });

  // Regression (issue 13, finding 9): an abandoned redirect flow left its `pending:<state>` record (verifier, sealed secret) forever.
  it('finding 9: opening the page purges an abandoned pending authorization and keeps one that can still complete', async () => {
    const backend = memoryBackend();
    const storage = await openStorage(backend);
    await storage.savePending({ pending: pending('abandoned', NOW - PENDING_LIFETIME_MS - 1), clientSecret: 'sealed-client-secret-0123' });
    await storage.savePending({ pending: pending('recent', NOW - 60_000) });
    const pg = new Playground({ storage, fetch: cannedFetch(() => jsonResponse({})), browser, redirectUri: 'http://127.0.0.1:4173/', now: () => NOW });
    await pg.load();
    expect((await backend.keys()).filter((key) => key.startsWith('pending:'))).toEqual(['pending:recent']);
  });
});
