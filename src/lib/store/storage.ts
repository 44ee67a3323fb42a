/**
 * All persistence, behind one module. Every key and the schema version live here.
 *
 * Built on idb-keyval with one store per database (see STACK-NOTES); where IndexedDB cannot be
 * opened (private mode, blocked, disabled) the app keeps working in memory and says so.
 * Records read back are untrusted: each is checked against its schema before use.
 */
import { createStore, del, get, keys, promisifyRequest, set, update, type UseStore } from 'idb-keyval';
import type { Draft } from './draft-record';
import type { StoredLog } from './log-schema';
import type { PendingRecord } from './pending-record';
import { isObject } from './record-checks';
import type { TokenRun, TokenRuns } from './token-record';

// Each record's shape and checks live in its own module, loaded with the first read or write of
// that record rather than at startup (an embed draws `Get token` before it reads any of them).
export type { Draft } from './draft-record';
export type { PendingRecord } from './pending-record';
export type { TokenRecord, TokenRun, TokenRuns, TokenSource } from './token-record';
const drafts = () => import('./draft-record');
const tokenRecords = () => import('./token-record');
const pendingRecords = () => import('./pending-record');

/**
 * Bump when a record's shape changes, and add a step to `migrate`.
 * 1: one token under `token:draft`. 2: a list of token runs under `tokens`, pending authorizations.
 * 3: saved credentials (`cred:<id>`) with encrypted secrets and their own token runs
 * (`tokens:<id>`), environments of variables, the vault key; the draft names its credential.
 */
export const SCHEMA_VERSION = 3;

/** How many token runs are kept; the oldest is dropped first. */
export const MAX_TOKEN_RUNS = 20;

export const DB_NAME = 'oauth-playground';
const STORE_NAME = 'kv';

const PENDING_PREFIX = 'pending:';

/** Every key the app writes. */
export const KEYS = {
  /** `{ schemaVersion }` of the data in this database. */
  meta: 'meta',
  /** The configuration being edited, without secrets. */
  draft: 'draft',
  /** Version 1's single token (read only by the migration). */
  legacyToken: 'token:draft',
  /** The token runs: `{ v, currentId, items }`. */
  tokens: 'tokens',
  /** An Authorization Code flow waiting for the user to come back, by its `state`. Single use. */
  pending: (state: string) => `${PENDING_PREFIX}${state}`,
  /** A saved credential: settings without secrets, its secrets encrypted. */
  credential: (id: string) => `cred:${id}`,
  /** The token runs of a saved credential (the unsaved draft's are under `tokens`). */
  credentialTokens: (id: string) => `tokens:${id}`,
  /** Environments of variables and which one is active. */
  environments: 'environments',
  /** How secrets at rest are encrypted: the device key, or a passphrase's salt and check. */
  vault: 'vault',
  /** The exchange log of one credential (`draft` until credentials are saved): `{ v, dropped, entries }`, masked. */
  log: (credentialKey: string) => `log:${credentialKey}`,
} as const;

/** Who owns a list of token runs: a saved credential's id, or the unsaved draft. */
export type TokenOwner = string;
export const DRAFT_OWNER: TokenOwner = 'draft';
const tokensKey = (owner: TokenOwner) => (owner === DRAFT_OWNER ? KEYS.tokens : KEYS.credentialTokens(owner));

/** The minimal key/value surface this module needs: idb-keyval's, or a Map in memory. */
export interface KeyValueBackend {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  keys(): Promise<string[]>;
  /** Read-modify-write in one transaction where the backend has them. */
  update(key: string, fn: (old: unknown) => unknown): Promise<void>;
  /** Every record whose key starts with `prefix`, by key, in one read (one range query in IndexedDB). */
  getPrefixed(prefix: string): Promise<[string, unknown][]>;
}

export type StorageMode = 'indexeddb' | 'memory';

export interface PlaygroundStorage {
  readonly mode: StorageMode;
  /** The key/value store itself, for the lazily loaded credential library (`library-storage.ts`). */
  readonly backend: KeyValueBackend;
  /** Why storage is in memory, in plain words, when it is. */
  readonly problem: string | undefined;
  loadDraft(): Promise<Draft | undefined>;
  /** Saves the draft with secrets, the Basic user name and every row whose name looks secret (`looksSecretName`) emptied: they are never stored as plain settings. */
  saveDraft(draft: Draft): Promise<void>;
  /** The token runs of `owner` (a credential id; the draft's by default). */
  loadTokens(owner?: TokenOwner): Promise<TokenRuns>;
  /** Adds a run as the newest and current one; drops the oldest beyond `MAX_TOKEN_RUNS`. */
  addToken(run: TokenRun, owner?: TokenOwner): Promise<TokenRuns>;
  /** Replaces a run's record (after a refresh) and makes it current. */
  replaceToken(run: TokenRun, owner?: TokenOwner): Promise<TokenRuns>;
  selectToken(id: string, owner?: TokenOwner): Promise<TokenRuns>;
  deleteToken(id: string, owner?: TokenOwner): Promise<TokenRuns>;
  /** Forgets every token run of `owner`. */
  clearTokens(owner?: TokenOwner): Promise<void>;
  /** Keeps a started authorization until the user comes back; the secret, when given, is sealed. */
  savePending(record: PendingRecord): Promise<void>;
  /** Reads a pending authorization without consuming it (the popup window uses this). */
  peekPending(state: string): Promise<PendingRecord | undefined>;
  /** Reads and deletes a pending authorization: a `state` can be redeemed once. */
  takePending(state: string): Promise<PendingRecord | undefined>;
  /** Whether any authorization is pending (to tell a wrong `state` from none at all). */
  hasPending(): Promise<boolean>;
  /**
   * Deletes every pending authorization that can no longer be completed (with its verifier and
   * sealed secret): older than `PENDING_LIFETIME_MS` at `now`, dated more than that ahead (the clock
   * was changed), or unreadable. Resolves with how many were deleted. Meant for start-up.
   */
  purgeExpiredPending(now: number): Promise<number>;
  // Exchange log (issue 5): see the block at the end of this file.
  loadLog(credentialKey: string): Promise<StoredLog>;
  /**
   * Writes the log, already masked, merged with what is stored (another tab's entries are kept);
   * keeps the newest `MAX_LOG_ENTRIES`, counting the ones dropped. Returns what was written.
   */
  saveLog(credentialKey: string, log: StoredLog): Promise<StoredLog>;
  clearLog(credentialKey: string): Promise<void>;
}

/** A backend in memory, for when IndexedDB is unavailable, and for tests. */
export function memoryBackend(): KeyValueBackend {
  const map = new Map<string, unknown>();
  return {
    get: async (key) => structuredClone(map.get(key)),
    set: async (key, value) => void map.set(key, structuredClone(value)),
    del: async (key) => void map.delete(key),
    keys: async () => [...map.keys()],
    update: async (key, fn) => void map.set(key, structuredClone(fn(structuredClone(map.get(key))))),
    getPrefixed: async (prefix) =>
      [...map.keys()].filter((key) => key.startsWith(prefix)).sort().map((key): [string, unknown] => [key, structuredClone(map.get(key))]),
  };
}

function idbBackend(store: UseStore): KeyValueBackend {
  return {
    get: (key) => get(key, store),
    set: (key, value) => set(key, value, store),
    del: (key) => del(key, store),
    keys: async () => (await keys(store)).map(String),
    update: (key, fn) => update(key, fn, store),
    getPrefixed: (prefix) =>
      store('readonly', (s) => {
        const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
        return Promise.all([promisifyRequest(s.getAllKeys(range)), promisifyRequest(s.getAll(range))]).then(([keys, values]) =>
          keys.map((key, i): [string, unknown] => [String(key), values[i]]),
        );
      }),
  };
}

let runCounter = 0;
/** A new id for a token run. */
export function newRunId(now: number): string {
  return `run-${now.toString(36)}-${(runCounter++).toString(36)}`;
}

/**
 * Brings the database to `SCHEMA_VERSION`, one step a version, so a record written by any older
 * version still loads. A database from a newer version is left untouched.
 */
export async function migrate(backend: KeyValueBackend): Promise<void> {
  const meta = await backend.get(KEYS.meta);
  const from = isObject(meta) && typeof meta.schemaVersion === 'number' ? meta.schemaVersion : 0;
  if (from > SCHEMA_VERSION) {
    throw new Error(`stored data is from a newer version of the app (schema ${from}); not touching it`);
  }
  if (from >= 1 && from < 2) {
    // 1 → 2: the single `token:draft` becomes the first (and current) run of the `tokens` list.
    const legacy = (await tokenRecords()).parseTokenRecord(await backend.get(KEYS.legacyToken));
    if (legacy) {
      const run = { id: newRunId(legacy.token.obtainedAt), ...legacy };
      await backend.set(KEYS.tokens, { v: 2, currentId: run.id, items: [run] });
    }
    await backend.del(KEYS.legacyToken);
  }
  // 2 → 3 adds new keys only (credentials, environments, vault); version 2 records load unchanged.
  if (from < SCHEMA_VERSION) await backend.set(KEYS.meta, { schemaVersion: SCHEMA_VERSION });
}

/** The storage API over any backend. */
export function storageOver(backend: KeyValueBackend, mode: StorageMode, problem?: string): PlaygroundStorage {
  return {
    mode,
    problem,
    backend,
    loadDraft: async () => {
      const stored = await backend.get(KEYS.draft);
      return stored === undefined ? undefined : (await drafts()).parseDraft(stored, SCHEMA_VERSION);
    },
    saveDraft: async (draft) => backend.set(KEYS.draft, (await drafts()).storedDraft(draft, SCHEMA_VERSION)),
    loadTokens: async (owner = DRAFT_OWNER) => (await tokenRecords()).parseTokenRuns(await backend.get(tokensKey(owner))),
    addToken: (run, owner = DRAFT_OWNER) =>
      updateRuns(backend, owner, (runs) => ({ currentId: run.id, items: [structuredClone(run), ...runs.items].slice(0, MAX_TOKEN_RUNS) })),
    replaceToken: (run, owner = DRAFT_OWNER) =>
      updateRuns(backend, owner, (runs) => ({
        currentId: run.id,
        items: runs.items.some((item) => item.id === run.id)
          ? runs.items.map((item) => (item.id === run.id ? structuredClone(run) : item))
          : [structuredClone(run), ...runs.items].slice(0, MAX_TOKEN_RUNS),
      })),
    selectToken: (id, owner = DRAFT_OWNER) =>
      updateRuns(backend, owner, (runs) => ({ ...runs, currentId: runs.items.some((item) => item.id === id) ? id : runs.currentId })),
    deleteToken: (id, owner = DRAFT_OWNER) =>
      updateRuns(backend, owner, (runs) => {
        const items = runs.items.filter((item) => item.id !== id);
        return { items, currentId: runs.currentId === id ? (items[0]?.id ?? null) : runs.currentId };
      }),
    clearTokens: (owner = DRAFT_OWNER) => backend.del(tokensKey(owner)),
    savePending: async (record) => backend.set(KEYS.pending(record.pending.state), await (await pendingRecords()).storedPending(record, SCHEMA_VERSION)),
    peekPending: async (state) => {
      const { parsePendingStored } = await pendingRecords();
      const stored = parsePendingStored(await backend.get(KEYS.pending(state)));
      return stored ? { pending: stored.pending } : undefined;
    },
    takePending: async (state) => {
      const { openPending, parsePendingStored } = await pendingRecords();
      const stored = parsePendingStored(await backend.get(KEYS.pending(state)));
      await backend.del(KEYS.pending(state));
      return openPending(stored);
    },
    hasPending: async () => (await backend.keys()).some((key) => key.startsWith(PENDING_PREFIX)),
    purgeExpiredPending: async (now) => {
      const { isExpiredPending } = await pendingRecords();
      const expired = (await backend.getPrefixed(PENDING_PREFIX)).filter(([, value]) => isExpiredPending(value, now));
      for (const [key] of expired) await backend.del(key);
      return expired.length;
    },
    ...logStorage(backend),
  };
}

/** Read-modify-write of the token runs; resolves with the new list. */
async function updateRuns(backend: KeyValueBackend, owner: TokenOwner, fn: (runs: TokenRuns) => TokenRuns): Promise<TokenRuns> {
  const { parseTokenRuns } = await tokenRecords();
  let next: TokenRuns = { currentId: null, items: [] };
  await backend.update(tokensKey(owner), (old) => {
    next = fn(parseTokenRuns(old));
    return { v: SCHEMA_VERSION, ...next };
  });
  return next;
}

/**
 * Opens IndexedDB (through idb-keyval) and migrates it; falls back to memory with the reason when
 * it cannot be opened. Pass `backend` to use another store (tests).
 */
export async function openStorage(backend?: KeyValueBackend): Promise<PlaygroundStorage> {
  if (backend) {
    await migrate(backend);
    return storageOver(backend, 'indexeddb');
  }
  try {
    if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available in this browser');
    const idb = idbBackend(createStore(DB_NAME, STORE_NAME));
    await migrate(idb);
    return storageOver(idb, 'indexeddb');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return storageOver(memoryBackend(), 'memory', `Browser storage is unavailable (${reason}). Tokens and settings are kept in memory only and will be lost when this tab closes.`);
  }
}

// ---- Exchange log (issue 5) ---------------------------------------------------------------------
// One log per credential under `log:<credentialKey>`. Entries are written masked (the state class
// redacts them first): secrets never rest in storage, so restored entries cannot be revealed.
// The checks live in `log-schema.ts`, loaded with the log rather than at startup.

/** How many exchanges a log keeps; the oldest are dropped first and counted. */
export const MAX_LOG_ENTRIES = 500;

// The stored log's shape sits with its checks; re-exported for the modules that use storage.
export type { StoredLog } from './log-schema';

function logStorage(backend: KeyValueBackend): Pick<PlaygroundStorage, 'loadLog' | 'saveLog' | 'clearLog'> {
  const schema = () => import('./log-schema');
  return {
    loadLog: async (credentialKey) => (await schema()).parseStoredLog(await backend.get(KEYS.log(credentialKey))),
    // Read, merged and written in one transaction: two tabs on one credential keep each other's entries.
    saveLog: async (credentialKey, log) => {
      const { boundLog, mergeLogs, parseStoredLog } = await schema();
      let saved = boundLog(log, MAX_LOG_ENTRIES);
      await backend.update(KEYS.log(credentialKey), (stored) => {
        saved = boundLog(mergeLogs(parseStoredLog(stored), log), MAX_LOG_ENTRIES);
        return { v: SCHEMA_VERSION, ...structuredClone(saved) };
      });
      return saved;
    },
    clearLog: (credentialKey) => backend.del(KEYS.log(credentialKey)),
  };
}
