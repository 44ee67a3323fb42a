import { describe, expect, it } from 'vitest';
import {
  KEYS,
  SCHEMA_VERSION,
  memoryBackend,
  openStorage,
  parseDraft,
  parseTokenRecord,
  type Draft,
  type KeyValueBackend,
  type TokenRecord,
} from '../../src/lib/store/storage';
import { emptyAuthConfig, emptyTestRequest } from '../../src/lib/config/auth-config';
import { rejectionOf } from './support/canned-fetch';

/** A memory backend that also counts writes, optionally pre-filled. */
function backendWith(entries: Record<string, unknown> = {}) {
  const inner = memoryBackend();
  const writes: string[] = [];
  const backend: KeyValueBackend = {
    get: (key) => inner.get(key),
    set: async (key, value) => {
      writes.push(key);
      await inner.set(key, value);
    },
    del: (key) => inner.del(key),
  };
  const ready = Promise.all(Object.entries(entries).map(([key, value]) => inner.set(key, value)));
  return { backend, writes, ready };
}

function draftWithSecrets(): Draft {
  const auth = emptyAuthConfig();
  auth.authType = 'basic';
  auth.presetId = 'local-demo';
  auth.oauth2.tokenUrl = 'https://auth.example.com/token';
  auth.oauth2.clientId = 'cid';
  auth.oauth2.clientSecret = 'very-secret-client-secret';
  auth.apiKey = { placement: 'query', name: 'api_key', value: 'very-secret-api-key' };
  auth.basic = { username: 'user', password: 'very-secret-password' };
  auth.bearer.token = 'very-secret-bearer-token';
  const testRequest = { ...emptyTestRequest(), method: 'POST' as const, url: 'https://api.example.com/x', body: '{"a":1}' };
  return { auth, testRequest };
}

const tokenRecord = (): TokenRecord => ({
  token: {
    access_token: 'at',
    token_type: 'bearer',
    refresh_token: 'rt',
    scope: 'api:read',
    scopeFromServer: true,
    expires_in: 600,
    obtainedAt: 1000,
    expiresAt: 601_000,
    extra: { tenant: 'acme' },
  },
  source: { authType: 'oauth2', grantType: 'client_credentials', tokenUrl: 'https://auth.example.com/token', clientId: 'cid', clientAuth: 'client_secret_basic' },
});

describe('openStorage with an injected backend', () => {
  it('writes the schema version into an empty database', async () => {
    const { backend } = backendWith();
    const storage = await openStorage(backend);
    expect(storage.mode).toBe('indexeddb');
    expect(storage.problem).toBeUndefined();
    expect(await backend.get(KEYS.meta)).toEqual({ schemaVersion: SCHEMA_VERSION });
  });

  it('does not rewrite meta that is already current', async () => {
    const { backend, writes, ready } = backendWith({ [KEYS.meta]: { schemaVersion: SCHEMA_VERSION } });
    await ready;
    await openStorage(backend);
    expect(writes).toEqual([]);
  });

  it.each([['garbage'], [null], [[1]], [{ schemaVersion: '1' }], [{}]])('replaces unusable meta %j with the current version', async (meta) => {
    const { backend, ready } = backendWith({ [KEYS.meta]: meta });
    await ready;
    await openStorage(backend);
    expect(await backend.get(KEYS.meta)).toEqual({ schemaVersion: SCHEMA_VERSION });
  });

  it('refuses data from a newer schema, touching nothing', async () => {
    const newer = { [KEYS.meta]: { schemaVersion: SCHEMA_VERSION + 1 }, [KEYS.draft]: { v: SCHEMA_VERSION + 1, shape: 'future' } };
    const { backend, writes, ready } = backendWith(newer);
    await ready;
    const error = await rejectionOf(openStorage(backend));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(`stored data is from a newer version of the app (schema ${SCHEMA_VERSION + 1}); not touching it`);
    expect(writes).toEqual([]);
    expect(await backend.get(KEYS.meta)).toEqual(newer[KEYS.meta]);
    expect(await backend.get(KEYS.draft)).toEqual(newer[KEYS.draft]);
  });
});

describe('openStorage without a backend (no IndexedDB in node)', () => {
  it('falls back to memory and says why, and still works', async () => {
    const storage = await openStorage();
    expect(storage.mode).toBe('memory');
    expect(storage.problem).toBe(
      'Browser storage is unavailable (IndexedDB is not available in this browser). Tokens and settings are kept in memory only and will be lost when this tab closes.',
    );
    await storage.saveToken('draft', tokenRecord());
    expect(await storage.loadToken('draft')).toEqual(tokenRecord());
  });
});

describe('drafts', () => {
  it('saveDraft writes no secret field to the backend', async () => {
    const { backend } = backendWith();
    const storage = await openStorage(backend);
    await storage.saveDraft(draftWithSecrets());
    const written = (await backend.get(KEYS.draft)) as { v: number; auth: ReturnType<typeof emptyAuthConfig> };
    expect(written.v).toBe(SCHEMA_VERSION);
    expect(written.auth.oauth2.clientSecret).toBe('');
    expect(written.auth.apiKey.value).toBe('');
    expect(written.auth.basic.password).toBe('');
    expect(written.auth.bearer.token).toBe('');
    expect(JSON.stringify(written)).not.toMatch(/very-secret/);
  });

  it('saveDraft keeps the non-secret fields, leaves the caller’s draft intact, and loadDraft reads it back', async () => {
    const { backend } = backendWith();
    const storage = await openStorage(backend);
    const draft = draftWithSecrets();
    await storage.saveDraft(draft);
    expect(draft).toEqual(draftWithSecrets());
    const expected = draftWithSecrets();
    expected.auth.oauth2.clientSecret = '';
    expected.auth.apiKey.value = '';
    expected.auth.basic.password = '';
    expected.auth.basic.username = ''; // often an API key (Close-style): never stored
    expected.auth.bearer.token = '';
    expect(await storage.loadDraft()).toEqual(expected);
  });

  it('loadDraft is undefined when nothing was saved', async () => {
    expect(await (await openStorage(backendWith().backend)).loadDraft()).toBeUndefined();
  });

  it.each([[null], ['draft'], [[1, 2]], [{}], [{ v: SCHEMA_VERSION + 1, auth: {} }], [{ v: '1', auth: {} }]])(
    'parseDraft(%j) is undefined',
    (value) => {
      expect(parseDraft(value)).toBeUndefined();
    },
  );

  it('parseDraft of a current but hostile record falls back to defaults field by field', () => {
    expect(parseDraft({ v: SCHEMA_VERSION, auth: ['x'], testRequest: 'GET /' })).toEqual({ auth: emptyAuthConfig(), testRequest: emptyTestRequest() });
    const parsed = parseDraft({
      v: SCHEMA_VERSION,
      auth: { authType: 'ntlm', oauth2: { clientAuth: 'mtls', tokenUrl: 'https://kept.example.com/token' }, allowInsecureHttp: 1 },
      testRequest: { method: 'CONNECT', url: 'https://kept.example.com/api' },
    });
    expect(parsed!.auth.authType).toBe('oauth2');
    expect(parsed!.auth.oauth2.clientAuth).toBe('client_secret_basic');
    expect(parsed!.auth.oauth2.tokenUrl).toBe('https://kept.example.com/token');
    expect(parsed!.auth.allowInsecureHttp).toBe(false);
    expect(parsed!.testRequest).toEqual({ ...emptyTestRequest(), url: 'https://kept.example.com/api' });
  });

  it('a hostile stored draft loads without throwing', async () => {
    const { backend, ready } = backendWith({ [KEYS.draft]: { v: SCHEMA_VERSION, auth: { oauth2: null, basic: [] }, testRequest: null } });
    await ready;
    const storage = await openStorage(backend);
    expect(await storage.loadDraft()).toEqual({ auth: emptyAuthConfig(), testRequest: emptyTestRequest() });
  });
});

describe('tokens', () => {
  it('saveToken stores a versioned copy under token:<id>; loadToken reads it; deleteToken removes it', async () => {
    const { backend } = backendWith();
    const storage = await openStorage(backend);
    await storage.saveToken('draft', tokenRecord());
    expect(KEYS.token('draft')).toBe('token:draft');
    expect(await backend.get('token:draft')).toEqual({ v: SCHEMA_VERSION, ...tokenRecord() });
    expect(await storage.loadToken('draft')).toEqual(tokenRecord());
    expect(await storage.loadToken('other')).toBeUndefined();
    await storage.deleteToken('draft');
    expect(await backend.get('token:draft')).toBeUndefined();
    expect(await storage.loadToken('draft')).toBeUndefined();
  });

  it.each([
    ['null', null],
    ['an array', [tokenRecord()]],
    ['no version', { ...tokenRecord() }],
    ['a newer version', { v: SCHEMA_VERSION + 1, ...tokenRecord() }],
    ['a token that is not an object', { v: SCHEMA_VERSION, token: 'at', source: tokenRecord().source }],
    ['a source that is an array', { v: SCHEMA_VERSION, token: tokenRecord().token, source: [] }],
    ['a numeric access_token', { v: SCHEMA_VERSION, token: { ...tokenRecord().token, access_token: 1 }, source: tokenRecord().source }],
    ['a missing token_type', { v: SCHEMA_VERSION, token: { ...tokenRecord().token, token_type: undefined }, source: tokenRecord().source }],
    ['a string obtainedAt', { v: SCHEMA_VERSION, token: { ...tokenRecord().token, obtainedAt: '1000' }, source: tokenRecord().source }],
  ])('parseTokenRecord refuses %s', (_, value) => {
    expect(parseTokenRecord(value)).toBeUndefined();
  });

  it('parseTokenRecord drops ill-typed optional fields and blanks ill-typed source fields', () => {
    const parsed = parseTokenRecord({
      v: SCHEMA_VERSION,
      token: {
        access_token: 'at',
        token_type: 'bearer',
        obtainedAt: 5,
        refresh_token: 7,
        id_token: {},
        scope: ['a'],
        expires_in: '600',
        expiresAt: null,
        scopeFromServer: 'yes',
        extra: [1],
        injected: 'dropped',
      },
      source: { authType: 'oauth2', grantType: 3, tokenUrl: null, clientId: 'cid', clientAuth: {} },
    });
    expect(parsed).toEqual({
      token: { access_token: 'at', token_type: 'bearer', obtainedAt: 5, scopeFromServer: false, extra: {} },
      source: { authType: 'oauth2', grantType: '', tokenUrl: '', clientId: 'cid', clientAuth: '' },
    });
  });
});
