import { describe, expect, it } from 'vitest';
import {
  KEYS,
  MAX_TOKEN_RUNS,
  SCHEMA_VERSION,
  memoryBackend,
  openStorage,
  type Draft,
  type KeyValueBackend,
  type TokenRecord,
  type TokenRun,
} from '../../src/lib/store/storage';
import { parseDraft as parseDraftOf } from '../../src/lib/store/draft-record';
import { parseTokenRecord, parseTokenRuns } from '../../src/lib/store/token-record';
import { embeddedStorage } from '../../src/lib/store/embedded-storage';
import { isSealedSecret } from '../../src/lib/store/seal';
import { libraryStorage, StaleWriteError } from '../../src/lib/store/library-storage';
import { decryptJson, encryptJson } from '../../src/lib/store/vault';
import { emptyAuthConfig, emptyTestRequest, withoutSecrets, type AuthConfig } from '../../src/lib/config/auth-config';
import { PENDING_LIFETIME_MS, type PendingAuthorization } from '../../src/lib/oauth/authorization-code';
import { rejectionOf } from './support/canned-fetch';

/** A stored draft checked against this version's schema. */
const parseDraft = (value: unknown) => parseDraftOf(value, SCHEMA_VERSION);

/** One write the module made through the backend, with a copy of the value as it was written. */
type Write = { op: 'set' | 'update'; key: string; value: unknown } | { op: 'del'; key: string };

/** A memory backend, pre-filled with `entries` (not counted as writes), that records every write made through it. */
async function backendWith(entries: Record<string, unknown> = {}) {
  const inner = memoryBackend();
  for (const [key, value] of Object.entries(entries)) await inner.set(key, value);
  const writes: Write[] = [];
  const backend: KeyValueBackend = {
    get: (key) => inner.get(key),
    keys: () => inner.keys(),
    getPrefixed: (prefix) => inner.getPrefixed(prefix),
    set: async (key, value) => {
      writes.push({ op: 'set', key, value: structuredClone(value) });
      await inner.set(key, value);
    },
    del: async (key) => {
      writes.push({ op: 'del', key });
      await inner.del(key);
    },
    update: (key, fn) =>
      inner.update(key, (old) => {
        const next = fn(old);
        writes.push({ op: 'update', key, value: structuredClone(next) });
        return next;
      }),
  };
  return { backend, writes };
}

/** Every string in `value` (keys included), and the bytes of binary buffers decoded as UTF-8 and Latin-1. */
function textsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    out.push(new TextDecoder().decode(bytes), String.fromCharCode(...bytes));
  } else if (Array.isArray(value)) value.forEach((item) => textsIn(item, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      textsIn(item, out);
    }
  }
  return out;
}

const containsText = (value: unknown, needle: string) => textsIn(value).some((text) => text.includes(needle));

const tokenRecord = (accessToken = 'at', obtainedAt = 1000): TokenRecord => ({
  token: {
    access_token: accessToken,
    token_type: 'bearer',
    refresh_token: 'rt',
    scope: 'api:read',
    scopeFromServer: true,
    expires_in: 600,
    obtainedAt,
    expiresAt: obtainedAt + 600_000,
    extra: { tenant: 'acme' },
  },
  source: { authType: 'oauth2', grantType: 'client_credentials', tokenUrl: 'https://auth.example.com/token', clientId: 'cid', clientAuth: 'client_secret_basic' },
});

const run = (id: string, accessToken = `at-${id}`): TokenRun => ({ id, ...tokenRecord(accessToken) });

const ids = (runs: { items: TokenRun[] }) => runs.items.map((item) => item.id);

describe('openStorage with an injected backend', () => {
  it('writes the schema version into an empty database', async () => {
    const { backend, writes } = await backendWith();
    const storage = await openStorage(backend);
    expect(SCHEMA_VERSION).toBe(3);
    expect(storage.mode).toBe('indexeddb');
    expect(storage.problem).toBeUndefined();
    expect(writes).toEqual([{ op: 'set', key: KEYS.meta, value: { schemaVersion: 3 } }]);
  });

  it('does not rewrite meta that is already current', async () => {
    const { backend, writes } = await backendWith({ [KEYS.meta]: { schemaVersion: SCHEMA_VERSION } });
    await openStorage(backend);
    expect(writes).toEqual([]);
  });

  it.each([['garbage'], [null], [[1]], [{ schemaVersion: '1' }], [{}]])('replaces unusable meta %j with the current version', async (meta) => {
    const { backend } = await backendWith({ [KEYS.meta]: meta });
    await openStorage(backend);
    expect(await backend.get(KEYS.meta)).toEqual({ schemaVersion: SCHEMA_VERSION });
  });

  it('refuses data from a newer schema (4), touching nothing', async () => {
    const newer = {
      [KEYS.meta]: { schemaVersion: 4 },
      [KEYS.draft]: { v: 4, shape: 'future' },
      [KEYS.tokens]: { v: 4, lists: [] },
      [KEYS.legacyToken]: { v: 4, token: 'future' },
    };
    const { backend, writes } = await backendWith(newer);
    const error = await rejectionOf(openStorage(backend));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('stored data is from a newer version of the app (schema 4); not touching it');
    expect(writes).toEqual([]);
    expect((await backend.keys()).sort()).toEqual(Object.keys(newer).sort());
    for (const [key, value] of Object.entries(newer)) expect(await backend.get(key)).toEqual(value);
  });
});

describe('migrate from schema 1', () => {
  /** A database as version 1 of the app left it: its draft shape had none of the schema 2 fields. */
  const v1Database = () => ({
    [KEYS.meta]: { schemaVersion: 1 },
    [KEYS.draft]: {
      v: 1,
      auth: {
        authType: 'oauth2',
        presetId: 'local-demo',
        oauth2: {
          grantType: 'client_credentials',
          issuer: 'https://auth.example.com',
          tokenUrl: 'https://auth.example.com/token',
          clientId: 'cid',
          clientSecret: '',
          scope: 'api:read',
          clientAuth: 'client_secret_post',
          codeChallengeMethod: 'S256',
          extraParams: [{ key: 'audience', value: 'api' }],
          extraHeaders: [],
        },
        apiKey: { placement: 'header', name: 'X-API-Key', value: '' },
        basic: { username: '', password: '' },
        bearer: { token: '' },
        allowInsecureHttp: false,
      },
      testRequest: { method: 'GET', url: 'https://api.example.com/me', headers: [], body: '' },
    },
    [KEYS.legacyToken]: { v: 1, ...tokenRecord('legacy-at', 4242) },
  });

  it('moves token:draft into the token runs as the one current run, and stamps schema 2', async () => {
    const { backend } = await backendWith(v1Database());
    const storage = await openStorage(backend);
    expect(await backend.get(KEYS.meta)).toEqual({ schemaVersion: SCHEMA_VERSION });
    expect(await backend.get(KEYS.legacyToken)).toBeUndefined();
    expect(await backend.keys()).not.toContain('token:draft');
    const runs = await storage.loadTokens();
    expect(runs.items).toHaveLength(1);
    const [only] = runs.items;
    expect(runs.currentId).toBe(only!.id);
    expect(only!.id).toMatch(/^run-/);
    const { id: _id, ...record } = only!;
    expect(record).toEqual(tokenRecord('legacy-at', 4242));
  });

  it('still loads the version 1 draft, new fields taking their defaults', async () => {
    const { backend } = await backendWith(v1Database());
    const storage = await openStorage(backend);
    const draft = await storage.loadDraft();
    const expected = emptyAuthConfig();
    expected.presetId = 'local-demo';
    expected.oauth2 = {
      ...expected.oauth2,
      issuer: 'https://auth.example.com',
      tokenUrl: 'https://auth.example.com/token',
      clientId: 'cid',
      scope: 'api:read',
      clientAuth: 'client_secret_post',
      extraParams: [{ key: 'audience', value: 'api' }],
    };
    expect(draft).toEqual({ auth: expected, testRequest: { ...emptyTestRequest(), url: 'https://api.example.com/me' } });
  });

  it('a version 1 database without a token gets an empty run list', async () => {
    const { [KEYS.legacyToken]: _, ...withoutToken } = v1Database();
    const { backend } = await backendWith(withoutToken);
    const storage = await openStorage(backend);
    expect(await backend.get(KEYS.meta)).toEqual({ schemaVersion: SCHEMA_VERSION });
    expect(await storage.loadTokens()).toEqual({ currentId: null, items: [] });
  });

  it('a hostile version 1 token is dropped, not migrated', async () => {
    const { backend } = await backendWith({ ...v1Database(), [KEYS.legacyToken]: { v: 1, token: 'at', source: [] } });
    const storage = await openStorage(backend);
    expect(await backend.get(KEYS.legacyToken)).toBeUndefined();
    expect(await backend.get(KEYS.tokens)).toBeUndefined();
    expect(await storage.loadTokens()).toEqual({ currentId: null, items: [] });
  });

  it('runs once: opening the migrated database again writes nothing', async () => {
    const { backend, writes } = await backendWith(v1Database());
    await openStorage(backend);
    const afterFirst = writes.length;
    await openStorage(backend);
    expect(writes).toHaveLength(afterFirst);
  });
});

describe('openStorage without a backend (no IndexedDB in node)', () => {
  it('falls back to memory and says why, and still works', async () => {
    const storage = await openStorage();
    expect(storage.mode).toBe('memory');
    expect(storage.problem).toBe(
      'Browser storage is unavailable (IndexedDB is not available in this browser). Tokens and settings are kept in memory only and will be lost when this tab closes.',
    );
    await storage.addToken(run('a'));
    expect(await storage.loadTokens()).toEqual({ currentId: 'a', items: [run('a')] });
  });
});

describe('token runs', () => {
  it('loadTokens of an empty database is an empty list with no current run', async () => {
    const storage = await openStorage((await backendWith()).backend);
    expect(await storage.loadTokens()).toEqual({ currentId: null, items: [] });
  });

  it('addToken puts the run first and makes it current; the list is stored versioned under tokens', async () => {
    const { backend } = await backendWith();
    const storage = await openStorage(backend);
    expect(await storage.addToken(run('a'))).toEqual({ currentId: 'a', items: [run('a')] });
    const afterB = await storage.addToken(run('b'));
    expect(afterB).toEqual({ currentId: 'b', items: [run('b'), run('a')] });
    expect(await backend.get(KEYS.tokens)).toEqual({ v: SCHEMA_VERSION, currentId: 'b', items: [run('b'), run('a')] });
    expect(await storage.loadTokens()).toEqual(afterB);
  });

  it('the runs survive reopening the same backend', async () => {
    const { backend } = await backendWith();
    const first = await openStorage(backend);
    await first.addToken(run('a'));
    await first.addToken(run('b'));
    await first.selectToken('a');
    const second = await openStorage(backend);
    expect(await second.loadTokens()).toEqual({ currentId: 'a', items: [run('b'), run('a')] });
  });

  it('writes the runs with update() (read-modify-write), not set()', async () => {
    const { backend, writes } = await backendWith({ [KEYS.meta]: { schemaVersion: SCHEMA_VERSION } });
    const storage = await openStorage(backend);
    await storage.addToken(run('a'));
    await storage.selectToken('a');
    await storage.deleteToken('a');
    expect(writes.map((write) => `${write.op} ${write.key}`)).toEqual(['update tokens', 'update tokens', 'update tokens']);
  });

  it(`keeps at most MAX_TOKEN_RUNS (${MAX_TOKEN_RUNS}), dropping the oldest`, async () => {
    const storage = await openStorage((await backendWith()).backend);
    for (let i = 0; i <= MAX_TOKEN_RUNS; i++) await storage.addToken(run(`r${i}`));
    const runs = await storage.loadTokens();
    expect(runs.items).toHaveLength(MAX_TOKEN_RUNS);
    expect(ids(runs)[0]).toBe(`r${MAX_TOKEN_RUNS}`);
    expect(ids(runs)).not.toContain('r0');
    expect(ids(runs).at(-1)).toBe('r1');
    expect(runs.currentId).toBe(`r${MAX_TOKEN_RUNS}`);
  });

  it('addToken stores a copy: changing the caller’s run afterwards changes nothing stored', async () => {
    const storage = await openStorage((await backendWith()).backend);
    const mine = run('a');
    await storage.addToken(mine);
    mine.token.access_token = 'changed';
    expect((await storage.loadTokens()).items[0]!.token.access_token).toBe('at-a');
  });

  it('replaceToken swaps the run in place and makes it current', async () => {
    const storage = await openStorage((await backendWith()).backend);
    await storage.addToken(run('a'));
    await storage.addToken(run('b'));
    await storage.addToken(run('c'));
    const refreshed = run('b', 'refreshed-at');
    expect(await storage.replaceToken(refreshed)).toEqual({ currentId: 'b', items: [run('c'), refreshed, run('a')] });
    expect(await storage.loadTokens()).toEqual({ currentId: 'b', items: [run('c'), refreshed, run('a')] });
  });

  it('replaceToken of an unknown id adds it first, as current', async () => {
    const storage = await openStorage((await backendWith()).backend);
    await storage.addToken(run('a'));
    expect(await storage.replaceToken(run('z'))).toEqual({ currentId: 'z', items: [run('z'), run('a')] });
  });

  it('selectToken makes a known run current and ignores an unknown id', async () => {
    const storage = await openStorage((await backendWith()).backend);
    await storage.addToken(run('a'));
    await storage.addToken(run('b'));
    expect((await storage.selectToken('a')).currentId).toBe('a');
    expect(await storage.selectToken('nope')).toEqual({ currentId: 'a', items: [run('b'), run('a')] });
    expect((await storage.loadTokens()).currentId).toBe('a');
  });

  it('deleteToken of a run that is not current keeps the current one', async () => {
    const storage = await openStorage((await backendWith()).backend);
    await storage.addToken(run('a'));
    await storage.addToken(run('b'));
    expect(await storage.deleteToken('a')).toEqual({ currentId: 'b', items: [run('b')] });
  });

  it('deleteToken of the current run makes the newest remaining one current, and null once empty', async () => {
    const storage = await openStorage((await backendWith()).backend);
    await storage.addToken(run('a'));
    await storage.addToken(run('b'));
    await storage.addToken(run('c'));
    await storage.selectToken('b');
    expect(await storage.deleteToken('b')).toEqual({ currentId: 'c', items: [run('c'), run('a')] });
    await storage.deleteToken('c');
    expect(await storage.deleteToken('a')).toEqual({ currentId: null, items: [] });
    expect(await storage.loadTokens()).toEqual({ currentId: null, items: [] });
  });

  it('deleteToken of an unknown id changes nothing', async () => {
    const storage = await openStorage((await backendWith()).backend);
    await storage.addToken(run('a'));
    expect(await storage.deleteToken('nope')).toEqual({ currentId: 'a', items: [run('a')] });
  });
});

describe('stored token runs are untrusted', () => {
  it.each([[undefined], [null], ['tokens'], [[run('a')]], [{ currentId: 'a' }], [{ currentId: 'a', items: 'a' }]])(
    'parseTokenRuns(%j) is an empty list',
    (value) => {
      expect(parseTokenRuns(value)).toEqual({ currentId: null, items: [] });
    },
  );

  it('drops junk items and keeps the good ones in order', () => {
    const parsed = parseTokenRuns({
      v: SCHEMA_VERSION,
      currentId: 'b',
      items: [
        run('a'),
        null,
        'run',
        42,
        [run('x')],
        tokenRecord(), // no id
        { ...tokenRecord(), id: 7 },
        { id: 'bad-token', token: 'at', source: tokenRecord().source },
        { id: 'no-source', token: tokenRecord().token },
        run('b'),
      ],
    });
    expect(parsed).toEqual({ currentId: 'b', items: [run('a'), run('b')] });
  });

  it.each([
    ['an id no item has', 'gone'],
    ['an id only a dropped item had', 'bad-token'],
    ['a number', 1],
    ['null', null],
  ])('a currentId that is %s falls back to the first item', (_, currentId) => {
    const parsed = parseTokenRuns({ currentId, items: [run('a'), { id: 'bad-token', token: null, source: {} }, run('b')] });
    expect(parsed).toEqual({ currentId: 'a', items: [run('a'), run('b')] });
  });

  it('a hostile stored list loads, and the next write replaces it with a clean one', async () => {
    const { backend } = await backendWith({
      [KEYS.meta]: { schemaVersion: SCHEMA_VERSION },
      [KEYS.tokens]: { v: SCHEMA_VERSION, currentId: { $ne: null }, items: [{ id: 'x', token: { access_token: 1 } }, run('a'), 'junk'] },
    });
    const storage = await openStorage(backend);
    expect(await storage.loadTokens()).toEqual({ currentId: 'a', items: [run('a')] });
    await storage.addToken(run('b'));
    expect(await backend.get(KEYS.tokens)).toEqual({ v: SCHEMA_VERSION, currentId: 'b', items: [run('b'), run('a')] });
  });

  it.each([
    ['null', null],
    ['an array', [tokenRecord()]],
    ['a token that is not an object', { token: 'at', source: tokenRecord().source }],
    ['a source that is an array', { token: tokenRecord().token, source: [] }],
    ['a numeric access_token', { token: { ...tokenRecord().token, access_token: 1 }, source: tokenRecord().source }],
    ['a missing token_type', { token: { ...tokenRecord().token, token_type: undefined }, source: tokenRecord().source }],
    ['a string obtainedAt', { token: { ...tokenRecord().token, obtainedAt: '1000' }, source: tokenRecord().source }],
  ])('parseTokenRecord refuses %s', (_, value) => {
    expect(parseTokenRecord(value)).toBeUndefined();
  });

  it('parseTokenRecord drops ill-typed optional fields and blanks ill-typed source fields', () => {
    const parsed = parseTokenRecord({
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
      idTokenClaims: 'not-an-object',
      idTokenSignature: 'trust-me',
    });
    expect(parsed).toEqual({
      token: { access_token: 'at', token_type: 'bearer', obtainedAt: 5, scopeFromServer: false, extra: {} },
      source: { authType: 'oauth2', grantType: '', tokenUrl: '', clientId: 'cid', clientAuth: '' },
    });
  });

  it('parseTokenRecord keeps ID token claims and a known signature status', () => {
    const parsed = parseTokenRecord({ ...tokenRecord(), idTokenClaims: { sub: 'u1' }, idTokenSignature: 'verified' });
    expect(parsed).toEqual({ ...tokenRecord(), idTokenClaims: { sub: 'u1' }, idTokenSignature: 'verified' });
  });
});

describe('pending authorizations', () => {
  const CLIENT_SECRET = 'the-very-secret-client-secret-4711';

  const pending = (state = 'state-abc'): PendingAuthorization => ({
    state,
    codeVerifier: 'verifier-0123456789012345678901234567890123',
    codeChallenge: 'challenge-xyz',
    codeChallengeMethod: 'S256',
    nonce: 'nonce-1',
    redirectUri: 'https://app.example.com/',
    createdAt: 1234,
    via: 'redirect',
    settings: {
      ...emptyAuthConfig().oauth2,
      grantType: 'authorization_code',
      authorizationUrl: 'https://auth.example.com/authorize',
      tokenUrl: 'https://auth.example.com/token',
      clientId: 'cid',
      scope: 'openid',
    },
  });

  it('savePending stores the record under pending:<state>; peekPending reads it without consuming it', async () => {
    const { backend } = await backendWith();
    const storage = await openStorage(backend);
    await storage.savePending({ pending: pending() });
    expect(KEYS.pending('state-abc')).toBe('pending:state-abc');
    expect(await backend.get('pending:state-abc')).toEqual({ v: SCHEMA_VERSION, pending: pending() });
    expect(await storage.peekPending('state-abc')).toEqual({ pending: pending() });
    expect(await storage.peekPending('state-abc')).toEqual({ pending: pending() });
    expect(await storage.hasPending()).toBe(true);
    expect(await storage.takePending('state-abc')).toEqual({ pending: pending() });
  });

  it('takePending is single use: it deletes the record, a second take finds nothing', async () => {
    const { backend } = await backendWith();
    const storage = await openStorage(backend);
    await storage.savePending({ pending: pending() });
    expect(await storage.takePending('state-abc')).toEqual({ pending: pending() });
    expect(await backend.get('pending:state-abc')).toBeUndefined();
    expect(await storage.takePending('state-abc')).toBeUndefined();
    expect(await storage.peekPending('state-abc')).toBeUndefined();
    expect(await storage.hasPending()).toBe(false);
  });

  it('takePending of another state finds nothing and leaves the waiting one alone', async () => {
    const storage = await openStorage((await backendWith()).backend);
    await storage.savePending({ pending: pending('mine') });
    expect(await storage.takePending('forged')).toBeUndefined();
    expect(await storage.hasPending()).toBe(true);
    expect((await storage.takePending('mine'))?.pending.state).toBe('mine');
  });

  it('hasPending looks only at pending: keys', async () => {
    const { backend } = await backendWith({ [KEYS.tokens]: { v: 2, currentId: null, items: [] }, 'pendingx': 1 });
    const storage = await openStorage(backend);
    await storage.saveDraft({ auth: emptyAuthConfig(), testRequest: emptyTestRequest() });
    expect(await storage.hasPending()).toBe(false);
    await storage.savePending({ pending: pending() });
    expect(await storage.hasPending()).toBe(true);
  });

  it('stores the client secret sealed: the plain secret appears nowhere in what was written', async () => {
    const { backend, writes } = await backendWith();
    const storage = await openStorage(backend);
    await storage.savePending({ pending: pending(), clientSecret: CLIENT_SECRET });
    const written = writes.filter((write) => write.key === 'pending:state-abc');
    expect(written).toHaveLength(1);
    expect(written[0]!.op).toBe('set');
    const value = (written[0] as { value: unknown }).value as Record<string, unknown>;
    expect(Object.keys(value).sort()).toEqual(['pending', 'sealed', 'v']);
    expect(isSealedSecret(value.sealed)).toBe(true);
    expect((value.sealed as { key: CryptoKey }).key.extractable).toBe(false);
    expect(containsText(value, 'state-abc')).toBe(true); // the walk does see the record's strings
    expect(containsText(value, CLIENT_SECRET)).toBe(false);
    expect(containsText(await backend.get('pending:state-abc'), CLIENT_SECRET)).toBe(false);
    expect(writes.some((write) => 'value' in write && containsText(write.value, CLIENT_SECRET))).toBe(false);
  });

  it('takePending gives the sealed secret back; peekPending never reveals it', async () => {
    const storage = await openStorage((await backendWith()).backend);
    await storage.savePending({ pending: pending(), clientSecret: CLIENT_SECRET });
    expect(await storage.peekPending('state-abc')).toEqual({ pending: pending() });
    expect(await storage.takePending('state-abc')).toEqual({ pending: pending(), clientSecret: CLIENT_SECRET });
  });

  it('an empty client secret stores no sealed field', async () => {
    const { backend } = await backendWith();
    const storage = await openStorage(backend);
    await storage.savePending({ pending: pending(), clientSecret: '' });
    expect(await backend.get('pending:state-abc')).toEqual({ v: SCHEMA_VERSION, pending: pending() });
    expect(await storage.takePending('state-abc')).toEqual({ pending: pending() });
  });

  // Security review 9: an abandoned redirect flow left its verifier and sealed secret stored forever.
  describe('purgeExpiredPending', () => {
    const NOW = 10_000_000_000;
    const at = (state: string, createdAt: number) => ({ ...pending(state), createdAt });

    // Regression (issue 13, finding 9): an abandoned redirect flow left its `pending:<state>` record (verifier, sealed secret) forever.
    it('finding 9: deletes pending records older than PENDING_LIFETIME_MS and unparseable ones, keeps the rest, and counts', async () => {
      const backend = memoryBackend();
      const storage = await openStorage(backend);
      await storage.savePending({ pending: at('fresh', NOW - 1000), clientSecret: CLIENT_SECRET });
      await storage.savePending({ pending: at('edge', NOW - PENDING_LIFETIME_MS) });
      await storage.savePending({ pending: at('old', NOW - PENDING_LIFETIME_MS - 1), clientSecret: CLIENT_SECRET });
      await storage.savePending({ pending: at('ancient', 0) });
      await backend.set('pending:junk', 'not a record');
      await backend.set('pending:no-date', { v: SCHEMA_VERSION, pending: { ...pending('no-date'), createdAt: 'yesterday' } });
      await storage.saveDraft({ auth: emptyAuthConfig(), testRequest: emptyTestRequest() });
      expect(await storage.purgeExpiredPending(NOW)).toBe(4);
      expect((await backend.keys()).filter((key) => key.startsWith('pending:')).sort()).toEqual(['pending:edge', 'pending:fresh']);
      expect(await storage.takePending('fresh')).toEqual({ pending: at('fresh', NOW - 1000), clientSecret: CLIENT_SECRET });
      expect(await storage.loadDraft()).toBeDefined();
    });

    // Regression (issue 13, finding 9): an abandoned `pending:<state>` record stayed forever (here: one dated ahead by a changed clock).
    it('finding 9: deletes a record dated more than the lifetime ahead (the clock was changed), and gives 0 when nothing is pending', async () => {
      const storage = await openStorage(memoryBackend());
      expect(await storage.purgeExpiredPending(NOW)).toBe(0);
      await storage.savePending({ pending: at('future', NOW + PENDING_LIFETIME_MS + 1) });
      await storage.savePending({ pending: at('soon', NOW + 1000) });
      expect(await storage.purgeExpiredPending(NOW)).toBe(1);
      expect(await storage.hasPending()).toBe(true);
      expect(await storage.peekPending('future')).toBeUndefined();
    });

    it('an embedded playground purges the real storage, where its pending authorizations are', async () => {
      const real = await openStorage(memoryBackend());
      await real.savePending({ pending: at('old', 0) });
      expect(await embeddedStorage(real).purgeExpiredPending(NOW)).toBe(1);
      expect(await real.hasPending()).toBe(false);
    });
  });

  it('savePending stores a copy of the pending record', async () => {
    const storage = await openStorage((await backendWith()).backend);
    const mine = pending();
    await storage.savePending({ pending: mine });
    mine.codeVerifier = 'changed';
    expect((await storage.peekPending('state-abc'))?.pending.codeVerifier).toBe(pending().codeVerifier);
  });

  it.each([
    ['not an object', 'pending'],
    ['pending missing', { v: 2 }],
    ['a numeric state', { v: 2, pending: { ...pending(), state: 1 } }],
    ['no code verifier', { v: 2, pending: { ...pending(), codeVerifier: undefined } }],
    ['a string createdAt', { v: 2, pending: { ...pending(), createdAt: '1234' } }],
  ])('a hostile stored pending record (%s) is refused, and takePending still deletes it', async (_, stored) => {
    const { backend } = await backendWith({ [KEYS.meta]: { schemaVersion: 2 }, 'pending:state-abc': stored });
    const storage = await openStorage(backend);
    expect(await storage.peekPending('state-abc')).toBeUndefined();
    expect(await storage.takePending('state-abc')).toBeUndefined();
    expect(await backend.get('pending:state-abc')).toBeUndefined();
  });

  it('a stored pending record with unknown enum values falls back to safe defaults, and a fake sealed value is ignored', async () => {
    const stored = {
      v: 2,
      pending: { ...pending(), codeChallengeMethod: 'none', via: 'iframe', nonce: 5, settings: { clientAuth: 'mtls', tokenUrl: 'https://auth.example.com/token' } },
      sealed: { key: 'not-a-key', iv: [1, 2], data: 'x' },
    };
    const { backend } = await backendWith({ [KEYS.meta]: { schemaVersion: 2 }, 'pending:state-abc': stored });
    const storage = await openStorage(backend);
    const { nonce: _nonce, ...withoutNonce } = pending();
    expect(await storage.takePending('state-abc')).toEqual({
      pending: {
        ...withoutNonce,
        codeChallengeMethod: 'S256',
        via: 'redirect',
        settings: { ...emptyAuthConfig().oauth2, tokenUrl: 'https://auth.example.com/token' },
      },
    });
  });
});

describe('drafts never store secrets', () => {
  const SECRETS = {
    clientSecret: 'secret-client-secret-1',
    password: 'secret-ro-password-2',
    apiKey: 'secret-api-key-3',
    basicUser: 'secret-basic-user-4',
    basicPassword: 'secret-basic-password-5',
    bearer: 'secret-bearer-token-6',
    authorizationHeader: 'Bearer secret-header-token-7',
    apiKeyHeader: 'secret-header-api-key-8',
  };

  function draftWithSecrets(): Draft {
    const auth: AuthConfig = emptyAuthConfig();
    auth.authType = 'basic';
    auth.presetId = 'local-demo';
    auth.oauth2.tokenUrl = 'https://auth.example.com/token';
    auth.oauth2.clientId = 'cid';
    auth.oauth2.clientSecret = SECRETS.clientSecret;
    auth.oauth2.username = 'ro-user';
    auth.oauth2.password = SECRETS.password;
    auth.apiKey = { placement: 'query', name: 'api_key', value: SECRETS.apiKey };
    auth.basic = { username: SECRETS.basicUser, password: SECRETS.basicPassword };
    auth.bearer.token = SECRETS.bearer;
    const testRequest = {
      ...emptyTestRequest(),
      method: 'POST' as const,
      url: 'https://api.example.com/x',
      body: '{"a":1}',
      headers: [
        { key: 'Authorization', value: SECRETS.authorizationHeader },
        { key: ' x-api-key ', value: SECRETS.apiKeyHeader },
        { key: 'Accept', value: 'application/json' },
      ],
    };
    return { auth, testRequest };
  }

  it('saveDraft writes none of the secrets, the Basic user name, or credential header values', async () => {
    const { backend, writes } = await backendWith({ [KEYS.meta]: { schemaVersion: SCHEMA_VERSION } });
    const storage = await openStorage(backend);
    await storage.saveDraft(draftWithSecrets());
    expect(writes).toHaveLength(1);
    const written = (writes[0] as { value: unknown }).value;
    expect(writes[0]!.key).toBe(KEYS.draft);
    expect(containsText(written, 'https://api.example.com/x')).toBe(true);
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(containsText(written, secret), name).toBe(false);
    }
  });

  it('saveDraft keeps the non-secret fields, leaves the caller’s draft intact, and loadDraft reads it back', async () => {
    const storage = await openStorage((await backendWith()).backend);
    const draft = draftWithSecrets();
    await storage.saveDraft(draft);
    expect(draft).toEqual(draftWithSecrets());
    const expected = draftWithSecrets();
    expected.auth.oauth2.clientSecret = '';
    expected.auth.oauth2.password = '';
    expected.auth.apiKey.value = '';
    expected.auth.basic = { username: '', password: '' }; // the user name is often an API key (Close-style)
    expected.auth.bearer.token = '';
    expected.testRequest.headers = [
      { key: 'Authorization', value: '' },
      { key: ' x-api-key ', value: '' },
      { key: 'Accept', value: 'application/json' },
    ];
    expect(await storage.loadDraft()).toEqual(expected);
  });

  // Regression (security review 7): only exact header names (Authorization, X-API-Key...) were
  // emptied, so a Private-Token test header, an X-Auth-Token extra header or an api-key extra
  // parameter rested in IndexedDB in clear.
  // Regression (issue 13, finding 7): the IndexedDB draft stored Private-Token / X-Auth-Token style rows in clear.
  it('finding 7: saveDraft empties test request headers, extra headers and extra parameters whose names look secret', async () => {
    const { backend, writes } = await backendWith({ [KEYS.meta]: { schemaVersion: SCHEMA_VERSION } });
    const storage = await openStorage(backend);
    const draft = draftWithSecrets();
    draft.testRequest.headers.push({ key: 'Private-Token', value: 'glpat-secret-9' }, { key: 'X-Request-Id', value: 'req-1' });
    draft.auth.oauth2.extraHeaders = [{ key: 'X-Auth-Token', value: 'xat-secret-10' }, { key: 'X-Tenant', value: 'acme' }];
    draft.auth.oauth2.extraParams = [{ key: 'subscriptionKey', value: 'sub-secret-11' }, { key: 'audience', value: 'https://api' }];
    draft.auth.oauth2.authParams = [{ key: 'access_token', value: 'at-secret-12' }, { key: 'ui_locales', value: 'fr' }];
    await storage.saveDraft(draft);
    const written = (writes[0] as { value: unknown }).value;
    for (const secret of ['glpat-secret-9', 'xat-secret-10', 'sub-secret-11', 'at-secret-12']) expect(containsText(written, secret), secret).toBe(false);
    const loaded = (await storage.loadDraft())!;
    expect(loaded.testRequest.headers.slice(3)).toEqual([{ key: 'Private-Token', value: '' }, { key: 'X-Request-Id', value: 'req-1' }]);
    expect(loaded.auth.oauth2.extraHeaders).toEqual([{ key: 'X-Auth-Token', value: '' }, { key: 'X-Tenant', value: 'acme' }]);
    expect(loaded.auth.oauth2.extraParams).toEqual([{ key: 'subscriptionKey', value: '' }, { key: 'audience', value: 'https://api' }]);
    expect(loaded.auth.oauth2.authParams).toEqual([{ key: 'access_token', value: '' }, { key: 'ui_locales', value: 'fr' }]);
  });

  it('loadDraft is undefined when nothing was saved', async () => {
    expect(await (await openStorage((await backendWith()).backend)).loadDraft()).toBeUndefined();
  });

  it.each([[null], ['draft'], [[1, 2]], [{}], [{ v: SCHEMA_VERSION + 1, auth: {} }], [{ v: '1', auth: {} }]])('parseDraft(%j) is undefined', (value) => {
    expect(parseDraft(value)).toBeUndefined();
  });

  it('parseDraft of a current but hostile record falls back to defaults field by field', () => {
    expect(parseDraft({ v: SCHEMA_VERSION, auth: ['x'], testRequest: 'GET /' })).toEqual({ auth: emptyAuthConfig(), testRequest: emptyTestRequest() });
    const parsed = parseDraft({
      v: SCHEMA_VERSION,
      auth: { authType: 'ntlm', oauth2: { clientAuth: 'mtls', tokenUrl: 'https://kept.example.com/token', responseMode: 'web_message' }, allowInsecureHttp: 1 },
      testRequest: { method: 'CONNECT', url: 'https://kept.example.com/api' },
    });
    expect(parsed!.auth.authType).toBe('oauth2');
    expect(parsed!.auth.oauth2.clientAuth).toBe('client_secret_basic');
    expect(parsed!.auth.oauth2.responseMode).toBe('');
    expect(parsed!.auth.oauth2.tokenUrl).toBe('https://kept.example.com/token');
    expect(parsed!.auth.allowInsecureHttp).toBe(false);
    expect(parsed!.testRequest).toEqual({ ...emptyTestRequest(), url: 'https://kept.example.com/api' });
  });

  it('a hostile stored draft loads without throwing', async () => {
    const { backend } = await backendWith({ [KEYS.draft]: { v: SCHEMA_VERSION, auth: { oauth2: null, basic: [] }, testRequest: null } });
    const storage = await openStorage(backend);
    expect(await storage.loadDraft()).toEqual({ auth: emptyAuthConfig(), testRequest: emptyTestRequest() });
  });
});

describe('saved credentials, environments, vault (schema 3)', () => {
  const both = async (backend: KeyValueBackend) => {
    const storage = await openStorage(backend);
    return { ...storage, ...libraryStorage(storage.backend) };
  };
  const credential = (id: string, updatedAt: number, name = id) => ({
    id,
    name,
    description: '',
    createdAt: 1,
    updatedAt,
    auth: withoutSecrets(emptyAuthConfig()),
    testRequest: emptyTestRequest(),
    secretFields: [] as string[],
  });

  it('migrates a version 2 database to 3, keeping its draft and tokens as they were', async () => {
    const runs = { v: 2, currentId: 'a', items: [run('a')] };
    const { backend } = await backendWith({ [KEYS.meta]: { schemaVersion: 2 }, [KEYS.tokens]: runs });
    const storage = await both(backend);
    expect(await backend.get(KEYS.meta)).toEqual({ schemaVersion: 3 });
    expect(ids(await storage.loadTokens())).toEqual(['a']);
    expect(await storage.listCredentials()).toEqual([]);
  });

  it('keeps each credential’s tokens apart from the draft’s', async () => {
    const storage = await both((await backendWith()).backend);
    await storage.addToken(run('draft-run'));
    await storage.addToken(run('cred-run'), 'c1');
    expect(ids(await storage.loadTokens())).toEqual(['draft-run']);
    expect(ids(await storage.loadTokens('c1'))).toEqual(['cred-run']);
    await storage.clearTokens('c1');
    expect(ids(await storage.loadTokens('c1'))).toEqual([]);
    expect(ids(await storage.loadTokens())).toEqual(['draft-run']);
  });

  it('refuses a save based on an older copy than the stored one (another tab saved since)', async () => {
    const storage = await both((await backendWith()).backend);
    await storage.putCredential(credential('c1', 10), null);
    await storage.putCredential(credential('c1', 20, 'newer'), 10);
    await expect(storage.putCredential(credential('c1', 15, 'stale'), 10)).rejects.toBeInstanceOf(StaleWriteError);
    await expect(storage.putCredential(credential('c1', 30, 'created twice'), null)).rejects.toBeInstanceOf(StaleWriteError);
    expect((await storage.getCredential('c1'))?.name).toBe('newer');
  });

  it('deletes a credential with its tokens, and undoes the deletion', async () => {
    const storage = await both((await backendWith()).backend);
    await storage.putCredential(credential('c1', 1), null);
    await storage.addToken(run('t'), 'c1');
    const removed = await storage.deleteCredential('c1');
    expect(await storage.listCredentials()).toEqual([]);
    expect(ids(await storage.loadTokens('c1'))).toEqual([]);
    await storage.undeleteCredential(removed!);
    expect((await storage.listCredentials()).map((c) => c.id)).toEqual(['c1']);
    expect(ids(await storage.loadTokens('c1'))).toEqual(['t']);
  });

  it('lists credentials by name and skips unusable records, never trusting a stored secret in clear', async () => {
    const leaky = { ...credential('c2', 1, 'Alpha'), auth: { ...emptyAuthConfig(), oauth2: { ...emptyAuthConfig().oauth2, clientSecret: 'in-clear' } } };
    const { backend } = await backendWith({ 'cred:c1': credential('c1', 1, 'Zed'), 'cred:c2': leaky, 'cred:junk': { id: 5 } });
    const list = await (await both(backend)).listCredentials();
    expect(list.map((c) => c.name)).toEqual(['Alpha', 'Zed']);
    expect(list[0]!.auth.oauth2.clientSecret).toBe('');
  });

  it('reads the token runs of many credentials at once, in the order asked, none for a credential without tokens', async () => {
    const { backend } = await backendWith({ [KEYS.tokens]: { v: 3, currentId: 'd', items: [run('d')] }, 'tokens:c1': { v: 3, currentId: 'a', items: [run('a')] }, 'tokens:c10': 'junk' });
    const storage = await both(backend);
    await storage.addToken(run('b'), 'c2');
    const runs = await storage.loadTokensOf(['c2', 'c1', 'c10', 'c3']);
    expect(runs.map(ids)).toEqual([['b'], ['a'], [], []]);
    expect(runs[1]!.currentId).toBe('a');
  });

  it('reads records by key prefix only: a credential list never reads token runs or logs', async () => {
    const { backend } = await backendWith({ 'cred:c1': credential('c1', 1), 'cred': 'not a credential', 'tokens:c1': {}, 'log:c1': {}, 'crede': 1 });
    expect((await backend.getPrefixed('cred:')).map(([key]) => key)).toEqual(['cred:c1']);
    expect((await backend.getPrefixed('tokens:')).map(([key]) => key)).toEqual(['tokens:c1']);
  });

  it('writes environments unless another tab wrote newer ones', async () => {
    const storage = await both((await backendWith()).backend);
    const envs = { activeId: 'e', items: [{ id: 'e', name: 'staging', variables: [{ name: 'base', value: 'x', secret: false }] }], updatedAt: 5 };
    await storage.saveEnvironments(envs, 0);
    expect(await storage.loadEnvironments()).toEqual(envs);
    await expect(storage.saveEnvironments({ ...envs, updatedAt: 6 }, 4)).rejects.toBeInstanceOf(StaleWriteError);
  });
});

describe('the vault record', () => {
  it('is created once: a second tab opening at the same time keeps the first key', async () => {
    const { backend } = await backendWith();
    const storage = libraryStorage((await openStorage(backend)).backend);
    const key = (usages: KeyUsage[]) => crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, usages);
    const first = { v: 1 as const, mode: 'device' as const, key: await key(['encrypt', 'decrypt']) };
    const second = { v: 1 as const, mode: 'device' as const, key: await key(['encrypt', 'decrypt']) };
    const [a, b] = await Promise.all([storage.ensureVault(first), storage.ensureVault(second)]);
    const stored = await storage.loadVault();
    // The same key: what one tab encrypts, the other (and a later load) decrypts.
    const sealed = await encryptJson((a as { key: CryptoKey }).key, 'x');
    expect(await decryptJson((b as { key: CryptoKey }).key, sealed)).toBe('x');
    expect(await decryptJson((stored as { key: CryptoKey }).key, sealed)).toBe('x');
    await expect(decryptJson(second.key, sealed)).rejects.toThrow();
  });
});
