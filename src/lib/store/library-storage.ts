/**
 * Storage of saved credentials, environments and the vault record: the part of the store only the
 * credential library needs, loaded with it. Keys and the schema version stay in `storage.ts`.
 * Records read back (or imported) are untrusted and checked before use.
 */
import { withoutSecrets, type AuthConfig, type TestRequestConfig } from '../config/auth-config';
import type { ConfirmedHosts } from '../config/confirmed-hosts';
import { parseAuthConfig, parseTestRequest } from '../config/schema';
import { parseConfirmed } from './draft-record';
import { isObject } from './record-checks';
import { KEYS, type KeyValueBackend } from './storage';
import { parseTokenRuns, type TokenRuns } from './token-record';
import { isEncrypted, parseVaultRecord, type Encrypted, type VaultRecord } from './vault';

/** A saved credential as stored. */
export interface StoredCredential {
  id: string;
  name: string;
  description: string;
  createdAt: number;
  /** Bumped on every save; a save based on an older copy is refused (another tab changed it). */
  updatedAt: number;
  /** Settings with every secret field emptied. */
  auth: AuthConfig;
  testRequest: TestRequestConfig;
  /** Paths of the secret fields that have a saved value. */
  secretFields: string[];
  /** The secret values by path, encrypted under the vault key. */
  secrets?: Encrypted;
  /** Settings from a share link or an import: the hosts the person confirmed (`config/confirmed-hosts.ts`). */
  confirmed?: ConfirmedHosts;
}

/** A variable as stored: a secret one keeps its value encrypted. */
export interface StoredVariable {
  name: string;
  secret: boolean;
  value: string;
  sealed?: Encrypted;
}

export interface StoredEnvironments {
  activeId: string | null;
  items: { id: string; name: string; variables: StoredVariable[] }[];
  updatedAt: number;
}

/** Thrown when a save is based on data another tab has changed since. */
export class StaleWriteError extends Error {
  constructor(what: string) {
    super(`${what} was changed in another tab since you opened it; your copy was not saved over it`);
    this.name = 'StaleWriteError';
  }
}

/** A deleted credential with its tokens and log, kept for `Undo delete`. */
export interface RemovedCredential {
  credential: StoredCredential;
  tokens: unknown;
  log?: unknown;
}

/** What the credential library reads and writes. */
export interface LibraryStorage {
  /** Every saved credential (unusable records are skipped), by name. */
  listCredentials(): Promise<StoredCredential[]>;
  /** The token runs of each credential in `ids`, in that order, read in one range query. */
  loadTokensOf(ids: readonly string[]): Promise<TokenRuns[]>;
  getCredential(id: string): Promise<StoredCredential | undefined>;
  /**
   * Writes a credential. `basedOn` is the `updatedAt` of the copy the change started from (null for
   * a new one); a stored copy that is newer is kept and `StaleWriteError` thrown.
   */
  putCredential(credential: StoredCredential, basedOn: number | null): Promise<void>;
  /** Deletes a credential and its tokens; returns both so the deletion can be undone. */
  deleteCredential(id: string): Promise<RemovedCredential | undefined>;
  /** Puts back what `deleteCredential` returned. */
  undeleteCredential(removed: RemovedCredential): Promise<void>;
  /** Hands the unsaved draft's tokens and exchange log to a newly saved credential. */
  adoptDraft(id: string): Promise<void>;
  loadEnvironments(): Promise<StoredEnvironments>;
  /** Writes the environments unless another tab wrote newer ones since `basedOn` (then `StaleWriteError`). */
  saveEnvironments(environments: StoredEnvironments, basedOn: number): Promise<void>;
  loadVault(): Promise<VaultRecord | undefined>;
  saveVault(record: VaultRecord): Promise<void>;
  /**
   * Stores `record` unless a vault record is already there, in one transaction, and returns the one
   * kept: two tabs opened for the first time at once end up with the same key.
   */
  ensureVault(record: VaultRecord): Promise<VaultRecord>;
}

const text = (value: unknown, max = 10_000) => (typeof value === 'string' ? value.slice(0, max) : '');

/** Checks a stored (or imported) credential; an unusable one yields undefined. */
export function parseStoredCredential(value: unknown): StoredCredential | undefined {
  if (!isObject(value) || typeof value.id !== 'string' || value.id === '' || typeof value.name !== 'string') return undefined;
  const time = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const credential: StoredCredential = {
    id: value.id,
    name: text(value.name, 200),
    description: text(value.description, 2000),
    createdAt: time(value.createdAt),
    updatedAt: time(value.updatedAt),
    auth: withoutSecrets(parseAuthConfig(value.auth)),
    testRequest: parseTestRequest(value.testRequest),
    secretFields: Array.isArray(value.secretFields) ? value.secretFields.filter((f): f is string => typeof f === 'string') : [],
  };
  if (isEncrypted(value.secrets)) credential.secrets = value.secrets;
  else credential.secretFields = [];
  const confirmed = parseConfirmed(value.confirmed);
  if (confirmed) credential.confirmed = confirmed;
  return credential;
}

/** Checks the stored environments; unusable items and variables are dropped. */
export function parseEnvironments(value: unknown): StoredEnvironments {
  if (!isObject(value) || !Array.isArray(value.items)) return { activeId: null, items: [], updatedAt: 0 };
  const items = value.items.flatMap((item): StoredEnvironments['items'] => {
    if (!isObject(item) || typeof item.id !== 'string' || typeof item.name !== 'string' || !Array.isArray(item.variables)) return [];
    const variables = item.variables.flatMap((v): StoredVariable[] => {
      if (!isObject(v) || typeof v.name !== 'string') return [];
      const stored: StoredVariable = { name: text(v.name, 64), secret: v.secret === true, value: v.secret === true ? '' : text(v.value) };
      if (stored.secret && isEncrypted(v.sealed)) stored.sealed = v.sealed;
      return [stored];
    });
    return [{ id: item.id, name: text(item.name, 100), variables }];
  });
  const activeId = typeof value.activeId === 'string' && items.some((item) => item.id === value.activeId) ? value.activeId : null;
  return { activeId, items, updatedAt: typeof value.updatedAt === 'number' ? value.updatedAt : 0 };
}


/** The library's storage over the app's key/value backend. */
export function libraryStorage(backend: KeyValueBackend): LibraryStorage {
  return {
    listCredentials: async () =>
      (await backend.getPrefixed('cred:'))
        .map(([, value]) => parseStoredCredential(value))
        .filter((c): c is StoredCredential => c !== undefined)
        .sort((a, b) => a.name.localeCompare(b.name)),
    loadTokensOf: async (ids) => {
      const stored = new Map(await backend.getPrefixed(KEYS.credentialTokens('')));
      return ids.map((id) => parseTokenRuns(stored.get(KEYS.credentialTokens(id))));
    },
    getCredential: async (id) => parseStoredCredential(await backend.get(KEYS.credential(id))),
    putCredential: async (credential, basedOn) => {
      let stale = false;
      await backend.update(KEYS.credential(credential.id), (old) => {
        const stored = parseStoredCredential(old);
        if (stored && (basedOn === null || stored.updatedAt > basedOn)) {
          stale = true;
          return old;
        }
        return structuredClone(credential);
      });
      if (stale) throw new StaleWriteError(`The credential “${credential.name}”`);
    },
    deleteCredential: async (id) => {
      const credential = parseStoredCredential(await backend.get(KEYS.credential(id)));
      if (!credential) return undefined;
      const tokens = await backend.get(KEYS.credentialTokens(id));
      const log = await backend.get(KEYS.log(id));
      await backend.del(KEYS.credential(id));
      await backend.del(KEYS.credentialTokens(id));
      await backend.del(KEYS.log(id));
      return { credential, tokens, log };
    },
    undeleteCredential: async ({ credential, tokens, log }) => {
      if (log !== undefined) await backend.set(KEYS.log(credential.id), log);
      await backend.set(KEYS.credential(credential.id), structuredClone(credential));
      if (tokens !== undefined) await backend.set(KEYS.credentialTokens(credential.id), tokens);
    },
    adoptDraft: async (id) => {
      for (const [from, to] of [
        [KEYS.tokens, KEYS.credentialTokens(id)],
        [KEYS.log('draft'), KEYS.log(id)],
      ] as const) {
        const value = await backend.get(from);
        if (value !== undefined) await backend.set(to, value);
        await backend.del(from);
      }
    },
    loadEnvironments: async () => parseEnvironments(await backend.get(KEYS.environments)),
    saveEnvironments: async (environments, basedOn) => {
      let stale = false;
      await backend.update(KEYS.environments, (old) => {
        if (parseEnvironments(old).updatedAt > basedOn) {
          stale = true;
          return old;
        }
        return structuredClone(environments);
      });
      if (stale) throw new StaleWriteError('The variables');
    },
    loadVault: async () => parseVaultRecord(await backend.get(KEYS.vault)),
    saveVault: (record) => backend.set(KEYS.vault, record),
    ensureVault: async (record) => {
      let kept: VaultRecord = record;
      await backend.update(KEYS.vault, (old) => {
        const existing = parseVaultRecord(old);
        if (existing) kept = existing;
        return existing ? old : record;
      });
      return kept;
    },
  };
}
