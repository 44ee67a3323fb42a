/**
 * All persistence, behind one module. Every key and the schema version live here.
 *
 * Built on idb-keyval with one store per database (see STACK-NOTES); where IndexedDB cannot be
 * opened (private mode, blocked, disabled) the app keeps working in memory and says so.
 * Records read back are untrusted: each is checked against its schema before use.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { testRequestWithoutSecrets, withoutSecrets, type AuthConfig, type TestRequestConfig } from '../config/auth-config';
import { parseAuthConfig, parseTestRequest } from '../config/schema';
import type { TokenSet } from '../oauth/token-set';

/** Bump when a record's shape changes, and add a step to `migrate`. */
export const SCHEMA_VERSION = 1;

export const DB_NAME = 'oauth-playground';
const STORE_NAME = 'kv';

/** Every key the app writes. */
export const KEYS = {
  /** `{ schemaVersion }` of the data in this database. */
  meta: 'meta',
  /** The configuration being edited, without secrets. */
  draft: 'draft',
  /** The token obtained for a credential (`draft` until saved credentials exist). */
  token: (credentialId: string) => `token:${credentialId}`,
} as const;

/** The minimal key/value surface this module needs: idb-keyval's, or a Map in memory. */
export interface KeyValueBackend {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

export interface Draft {
  auth: AuthConfig;
  testRequest: TestRequestConfig;
}

/** Where a stored token came from, so the UI can tell when settings changed since. */
export interface TokenSource {
  authType: string;
  grantType: string;
  tokenUrl: string;
  clientId: string;
  clientAuth: string;
}

export interface TokenRecord {
  token: TokenSet;
  source: TokenSource;
}

export type StorageMode = 'indexeddb' | 'memory';

export interface PlaygroundStorage {
  readonly mode: StorageMode;
  /** Why storage is in memory, in plain words, when it is. */
  readonly problem: string | undefined;
  loadDraft(): Promise<Draft | undefined>;
  /** Saves the draft with secrets, the Basic user name and credential headers emptied: they are never stored as plain settings. */
  saveDraft(draft: Draft): Promise<void>;
  loadToken(credentialId: string): Promise<TokenRecord | undefined>;
  saveToken(credentialId: string, record: TokenRecord): Promise<void>;
  deleteToken(credentialId: string): Promise<void>;
}

/** A backend in memory, for when IndexedDB is unavailable, and for tests. */
export function memoryBackend(): KeyValueBackend {
  const map = new Map<string, unknown>();
  return {
    get: async (key) => structuredClone(map.get(key)),
    set: async (key, value) => void map.set(key, structuredClone(value)),
    del: async (key) => void map.delete(key),
  };
}

function idbBackend(store: UseStore): KeyValueBackend {
  return {
    get: (key) => get(key, store),
    set: (key, value) => set(key, value, store),
    del: (key) => del(key, store),
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks a stored draft; anything unusable yields undefined (the app then starts from the default preset). */
export function parseDraft(value: unknown): Draft | undefined {
  if (!isObject(value) || value.v !== SCHEMA_VERSION) return undefined;
  return { auth: parseAuthConfig(value.auth), testRequest: parseTestRequest(value.testRequest) };
}

/** Checks a stored token record; an unusable one yields undefined. */
export function parseTokenRecord(value: unknown): TokenRecord | undefined {
  if (!isObject(value) || value.v !== SCHEMA_VERSION || !isObject(value.token) || !isObject(value.source)) return undefined;
  const t = value.token;
  const s = value.source;
  if (typeof t.access_token !== 'string' || typeof t.token_type !== 'string' || typeof t.obtainedAt !== 'number') return undefined;
  const token: TokenSet = {
    access_token: t.access_token,
    token_type: t.token_type,
    obtainedAt: t.obtainedAt,
    scopeFromServer: t.scopeFromServer === true,
    extra: isObject(t.extra) ? t.extra : {},
  };
  if (typeof t.refresh_token === 'string') token.refresh_token = t.refresh_token;
  if (typeof t.id_token === 'string') token.id_token = t.id_token;
  if (typeof t.scope === 'string') token.scope = t.scope;
  if (typeof t.expires_in === 'number') token.expires_in = t.expires_in;
  if (typeof t.expiresAt === 'number') token.expiresAt = t.expiresAt;
  const text = (key: string) => (typeof s[key] === 'string' ? (s[key] as string) : '');
  return {
    token,
    source: { authType: text('authType'), grantType: text('grantType'), tokenUrl: text('tokenUrl'), clientId: text('clientId'), clientAuth: text('clientAuth') },
  };
}

/**
 * Brings the database to `SCHEMA_VERSION`. Version 1 is the first layout, so there is nothing to
 * convert yet; a later version adds its step here, reading the old records and writing new ones.
 */
async function migrate(backend: KeyValueBackend): Promise<void> {
  const meta = await backend.get(KEYS.meta);
  const from = isObject(meta) && typeof meta.schemaVersion === 'number' ? meta.schemaVersion : 0;
  if (from > SCHEMA_VERSION) {
    throw new Error(`stored data is from a newer version of the app (schema ${from}); not touching it`);
  }
  if (from < SCHEMA_VERSION) await backend.set(KEYS.meta, { schemaVersion: SCHEMA_VERSION });
}

/** The storage API over any backend. */
export function storageOver(backend: KeyValueBackend, mode: StorageMode, problem?: string): PlaygroundStorage {
  return {
    mode,
    problem,
    loadDraft: async () => parseDraft(await backend.get(KEYS.draft)),
    saveDraft: (draft) =>
      backend.set(KEYS.draft, { v: SCHEMA_VERSION, auth: withoutSecrets(draft.auth), testRequest: testRequestWithoutSecrets(draft.testRequest) }),
    loadToken: async (id) => parseTokenRecord(await backend.get(KEYS.token(id))),
    saveToken: (id, record) => backend.set(KEYS.token(id), { v: SCHEMA_VERSION, ...structuredClone(record) }),
    deleteToken: (id) => backend.del(KEYS.token(id)),
  };
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
