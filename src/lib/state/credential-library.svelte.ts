/**
 * Saved credentials, environments of variables and the vault that encrypts their secrets. Loaded
 * after the first paint; joins storage and the vault for the credentials sidebar, and keeps other
 * tabs in step through a BroadcastChannel.
 */
import {
  encodeCredentialFile,
  parseCredentialFile,
  parseExportedSecrets,
  type CredentialFile,
  type ExportedSecrets,
} from '../config/credential-file';
import { credentialHost, matchesSearch, mergeSecrets, splitRequestSecrets, splitSecrets, uniqueName, type CredentialSummary, type SecretValues } from '../config/credential';
import { VARIABLE_NAME, type Environment, type Variable } from '../config/variables';
import { PlaygroundError } from '../errors/playground-error';
import { secondsLeft } from '../oauth/token-set';
import { libraryStorage, StaleWriteError, type LibraryStorage, type RemovedCredential, type StoredCredential, type StoredEnvironments, type StoredVariable } from '../store/library-storage';
import { emptyAuthConfig, emptyTestRequest, type AuthConfig, type TestRequestConfig } from '../config/auth-config';
import type { PlaygroundStorage, TokenRuns } from '../store/storage';
import {
  decryptJson,
  decryptPortable,
  encryptJson,
  encryptPortable,
  newDeviceKey,
  passphraseVault,
  unlockVault,
  type VaultRecord,
} from '../store/vault';
import type { ConfigurationState } from './configuration.svelte';
import { Emitter } from './events';
import { TabSync, type SyncKind, type SyncMessage } from './tab-sync';

export { SYNC_CHANNEL } from './tab-sync';

/** What the library needs of the configuration open now. */
export interface LibraryDeps {
  storage: PlaygroundStorage;
  now: () => number;
  current(): { credential: CredentialSummary | null; state: ConfigurationState; savedSecrets: SecretValues };
  /** Writes the open configuration's log (before a new credential adopts it). */
  flushLog(): Promise<void>;
}

/** What the library tells the rest of the state. */
export type LibraryEvents = {
  /** Open this configuration: a saved credential (`saved` is its stored version) or a new unsaved one. */
  open: {
    credential: CredentialSummary | null;
    savedSecrets: SecretValues;
    locked: boolean;
    state: ConfigurationState;
    saved: { auth: AuthConfig; testRequest: TestRequestConfig } | null;
    /** On reload: the form (the draft) holds the latest edits; keep it. */
    keepForm?: boolean;
  };
  /** The open configuration was saved: its secrets left the fields for the vault. */
  saved: { credential: CredentialSummary; savedSecrets: SecretValues; state: ConfigurationState };
  /** The open credential's summary changed (renamed, a saved secret cleared). */
  changed: CredentialSummary;
  /** The open credential's saved secrets, after lock, unlock or clearing one. */
  secrets: { savedSecrets: SecretValues; locked: boolean };
  /** The active environment's variables (secret values decrypted). */
  variables: { variables: Variable[]; environmentId: string | null };
  /** Another tab changed the tokens. */
  tokens: undefined;
  /** Another tab wrote this log. */
  log: string;
};

const VARIABLES_SAVE_DELAY_MS = 400;

/** A saved credential's tile. */
export interface CredentialTile extends CredentialSummary {
  tokenStatus: string;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
let idCounter = 0;
const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(idCounter++).toString(36)}${crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36)}`;

export class CredentialLibrary {
  credentials = $state.raw<CredentialTile[]>([]);
  search = $state('');
  /** The `Credential name` and `Description` fields. */
  name = $state('');
  description = $state('');
  /** What the last action did, or why it failed, in plain words. */
  notice = $state<string | null>(null);
  problem = $state<string | null>(null);
  /** The last deletion, while it can be undone. */
  deleted = $state.raw<RemovedCredential | null>(null);
  environments = $state<Environment[]>([]);
  activeEnvironmentId = $state<string | null>(null);
  vaultMode = $state<'device' | 'passphrase'>('device');
  locked = $state(false);

  readonly events = new Emitter<LibraryEvents>();
  readonly #deps: LibraryDeps;
  readonly #storage: PlaygroundStorage & LibraryStorage;
  #key: CryptoKey | null = null;
  #vault: VaultRecord | undefined;
  #environmentsUpdatedAt = 0;
  readonly #sync: TabSync;
  #variablesTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(deps: LibraryDeps) {
    this.#deps = deps;
    this.#storage = { ...deps.storage, ...libraryStorage(deps.storage.backend) };
    this.#sync = new TabSync((message) => void this.#onSync(message));
  }

  /** The saved credential open now. */
  get #open(): CredentialSummary | null {
    return this.#deps.current().credential;
  }

  shown = $derived.by(() => this.credentials.filter((c) => matchesSearch(c, this.search)));
  activeEnvironment = $derived(this.environments.find((env) => env.id === this.activeEnvironmentId) ?? null);

  /** Opens the vault, lists credentials, loads variables and reopens the credential the draft was editing. */
  async open(credentialId: string | null): Promise<void> {
    await this.#openVault();
    // The list is not needed to run a flow: it fills in while the rest loads.
    void this.refresh().catch((error: unknown) => (this.problem = `The saved credentials could not be listed: ${message(error)}.`));
    await this.#loadEnvironments();
    if (credentialId) {
      const stored = await this.#storage.getCredential(credentialId);
      // The draft holds the latest edits; the credential gives its name and saved secrets.
      if (stored) await this.#use(stored, { keepForm: true });
    }
  }

  async #openVault(): Promise<void> {
    this.#vault = await this.#storage.loadVault();
    this.#vault ??= await this.#storage.ensureVault({ v: 1, mode: 'device', key: await newDeviceKey() });
    this.vaultMode = this.#vault.mode;
    if (this.#vault.mode === 'device') {
      this.#key = this.#vault.key;
      this.locked = false;
    } else {
      this.locked = this.#key === null;
    }
  }

  /** Re-reads the credential list and each one's token status (the token runs in one batched read). */
  async refresh(): Promise<void> {
    const stored = await this.#storage.listCredentials();
    const none: TokenRuns = { currentId: null, items: [] };
    const runs = await this.#storage.loadTokensOf(stored.map((c) => c.id)).catch(() => stored.map(() => none));
    this.credentials = stored.map((c, i) => ({ ...summary(c), tokenStatus: tokenStatus(runs[i]!, this.#deps.now()) }));
  }

  // ---- credentials ----

  /** `Save credential`: saves the whole configuration under `Credential name`; secrets leave the fields. */
  async save(): Promise<void> {
    this.problem = null;
    const name = this.name.trim();
    if (name === '') {
      this.problem = 'Give the credential a name first (Credential name).';
      return;
    }
    if (!this.#key) {
      this.problem = 'Saved secrets are locked: unlock them with your passphrase before saving.';
      return;
    }
    const { credential: current, state, savedSecrets } = this.#deps.current();
    const { config, secrets: typed } = splitSecrets(state.auth);
    const { request, secrets: typedHeaders } = splitRequestSecrets(state.testRequest);
    const secrets = mergeSecrets(savedSecrets, { ...typed, ...typedHeaders });
    const now = Math.max(this.#deps.now(), (current?.updatedAt ?? 0) + 1);
    const id = current?.id ?? newId('cred');
    const existing = current ? await this.#storage.getCredential(current.id) : undefined;
    const record: StoredCredential = {
      id,
      name,
      description: this.description.trim(),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      auth: config,
      testRequest: request,
      secretFields: Object.keys(secrets),
      secrets: await encryptJson(this.#key, secrets),
    };
    try {
      await this.#storage.putCredential(record, existing ? (current?.updatedAt ?? null) : null);
    } catch (error) {
      this.problem =
        error instanceof StaleWriteError
          ? `${error.message}. Open it again to see the other tab’s version; your edits are still in the form.`
          : `The credential could not be saved: ${message(error)}. Nothing saved before was lost.`;
      return;
    }
    if (!current) {
      // The draft's tokens and exchange log become the new credential's.
      await this.#deps.flushLog();
      await this.#storage.adoptDraft(id);
    }
    // The secrets now live in the vault: the fields are emptied so they never show again.
    await this.events.emit('saved', { credential: summary(record), savedSecrets: secrets, state: { ...state, auth: config, testRequest: request } });
    this.notice = `Saved “${name}”.${Object.keys(secrets).length ? ' Its secrets are encrypted and will not be shown again.' : ''}`;
    await this.refresh();
    this.announce('credentials');
  }

  /** `Open <name>`: fills the form with a saved credential; its secrets are used but never shown. */
  async openCredential(id: string): Promise<void> {
    this.problem = null;
    const stored = await this.#storage.getCredential(id);
    if (!stored) {
      this.problem = 'That credential no longer exists (deleted in another tab?).';
      await this.refresh();
      return;
    }
    await this.#use(stored, { keepForm: false });
    this.notice = `Opened “${stored.name}”.`;
  }

  async #use(stored: StoredCredential, { keepForm }: { keepForm: boolean }): Promise<void> {
    let secrets: SecretValues = {};
    let locked = false;
    if (stored.secrets) {
      if (this.#key) {
        try {
          secrets = (await decryptJson(this.#key, stored.secrets)) as SecretValues;
        } catch {
          this.problem = `The saved secrets of “${stored.name}” could not be decrypted (the key changed?). Type them again and save.`;
        }
      } else {
        locked = true;
      }
    }
    this.name = stored.name;
    this.description = stored.description;
    // On reload the draft holds the latest edits (without secrets); opening takes the saved settings
    // (or the edits set aside when another credential was opened).
    const saved = { auth: stored.auth, testRequest: stored.testRequest };
    await this.events.emit('open', { credential: summary(stored), savedSecrets: secrets, locked, state: saved, saved, keepForm });
  }

  /** `Revert`: the open credential's saved version; its unsaved edits are dropped. */
  async revert(): Promise<void> {
    const open = this.#open;
    const stored = open ? await this.#storage.getCredential(open.id) : undefined;
    if (!stored) return;
    await this.#use(stored, { keepForm: false });
    this.notice = `Reverted “${stored.name}” to its saved version.`;
  }

  /** `New credential`: a blank, unsaved configuration (`Duplicate` is the way to copy one). */
  async newCredential(): Promise<void> {
    this.detach();
    await this.events.emit('open', { credential: null, savedSecrets: {}, locked: false, state: { auth: emptyAuthConfig(), testRequest: emptyTestRequest() }, saved: null });
    this.notice = 'A new, blank configuration (not saved yet). Fill it in, or pick a preset.';
  }

  /** A configuration from outside (a preset, a share link) opened: the form is no longer the saved credential's. */
  detach(): void {
    this.name = '';
    this.description = '';
  }

  /** Renames a saved credential. */
  async rename(id: string, newName: string): Promise<void> {
    const name = newName.trim();
    if (name === '') {
      this.problem = 'A credential needs a name.';
      return;
    }
    await this.#edit(id, (c) => ({ ...c, name }));
    if (this.#open?.id === id) this.name = name;
  }

  /** Copies a saved credential (secrets included, still encrypted) under a new name; tokens are not copied. */
  async duplicate(id: string): Promise<void> {
    const stored = await this.#storage.getCredential(id);
    if (!stored) return;
    const copy: StoredCredential = {
      ...stored,
      id: newId('cred'),
      name: uniqueName(`${stored.name} (copy)`, this.credentials.map((c) => c.name)),
      createdAt: this.#deps.now(),
      updatedAt: this.#deps.now(),
    };
    await this.#write(copy, null, `Duplicated as “${copy.name}”.`);
  }

  /** Deletes a saved credential and its tokens; `Undo delete` puts both back. */
  async remove(id: string): Promise<void> {
    const removed = await this.#storage.deleteCredential(id);
    if (!removed) return;
    this.deleted = removed;
    this.notice = `Deleted “${removed.credential.name}” and its tokens.`;
    if (this.#open?.id === id) {
      const { state } = this.#deps.current();
      const { config } = splitSecrets(state.auth);
      const { request } = splitRequestSecrets(state.testRequest);
      this.detach();
      await this.events.emit('open', { credential: null, savedSecrets: {}, locked: false, state: { ...state, auth: config, testRequest: request }, saved: null });
    }
    await this.refresh();
    this.announce('credentials');
  }

  async undoDelete(): Promise<void> {
    const removed = this.deleted;
    if (!removed) return;
    await this.#storage.undeleteCredential(removed);
    this.deleted = null;
    this.notice = `Restored “${removed.credential.name}”.`;
    await this.refresh();
    this.announce('credentials');
  }

  /** Forgets one saved secret of the open credential (`Clear saved <field>`). */
  async clearSavedSecret(path: string): Promise<void> {
    const { credential: current, savedSecrets } = this.#deps.current();
    if (!current || !this.#key) return;
    const secrets = { ...savedSecrets };
    delete secrets[path];
    const ok = await this.#edit(current.id, async (c) => ({ ...c, secretFields: Object.keys(secrets), secrets: await encryptJson(this.#key!, secrets) }));
    if (ok) await this.events.emit('secrets', { savedSecrets: secrets, locked: false });
  }

  async #edit(id: string, change: (c: StoredCredential) => StoredCredential | Promise<StoredCredential>): Promise<StoredCredential | null> {
    const stored = await this.#storage.getCredential(id);
    if (!stored) return null;
    const next = await change(stored);
    next.updatedAt = Math.max(this.#deps.now(), stored.updatedAt + 1);
    return (await this.#write(next, stored.updatedAt)) ? next : null;
  }

  async #write(record: StoredCredential, basedOn: number | null, notice?: string): Promise<boolean> {
    try {
      await this.#storage.putCredential(record, basedOn);
    } catch (error) {
      this.problem = `“${record.name}” could not be saved: ${message(error)}.`;
      return false;
    }
    if (this.#open?.id === record.id) await this.events.emit('changed', summary(record));
    if (notice) this.notice = notice;
    await this.refresh();
    this.announce('credentials');
    return true;
  }

  // ---- environments and variables ----

  async #loadEnvironments(): Promise<void> {
    const stored = await this.#storage.loadEnvironments();
    this.#environmentsUpdatedAt = stored.updatedAt;
    this.environments = await Promise.all(
      stored.items.map(async (env) => ({ id: env.id, name: env.name, variables: await Promise.all(env.variables.map((v) => this.#openVariable(v))) })),
    );
    this.activeEnvironmentId = stored.activeId;
    this.#applyVariables();
  }

  async #openVariable(v: StoredVariable): Promise<Variable> {
    if (!v.secret) return { name: v.name, value: v.value, secret: false };
    if (!v.sealed || !this.#key) return { name: v.name, value: '', secret: true };
    try {
      return { name: v.name, value: String(await decryptJson(this.#key, v.sealed)), secret: true };
    } catch {
      return { name: v.name, value: '', secret: true };
    }
  }

  #applyVariables(): void {
    const variables = $state.snapshot(this.activeEnvironment?.variables ?? []).filter((v) => VARIABLE_NAME.test(v.name));
    void this.events.emit('variables', { variables, environmentId: this.activeEnvironment?.id ?? null });
  }

  /**
   * A variable was typed: it applies at once, and is saved shortly after (no need for
   * `Save variables`). A name that is not valid yet is skipped until it is.
   */
  variablesEdited(): void {
    this.#applyVariables();
    clearTimeout(this.#variablesTimer);
    this.#variablesTimer = setTimeout(() => void this.saveEnvironments({ quiet: true }), VARIABLES_SAVE_DELAY_MS);
  }

  /** `Add environment`. */
  addEnvironment(name: string): void {
    const clean = uniqueName(name.trim() || 'New environment', this.environments.map((env) => env.name));
    const env: Environment = { id: newId('env'), name: clean, variables: [{ name: '', value: '', secret: false }] };
    this.environments.push(env);
    this.activeEnvironmentId = env.id;
  }

  removeEnvironment(id: string): void {
    this.environments = this.environments.filter((env) => env.id !== id);
    if (this.activeEnvironmentId === id) this.activeEnvironmentId = this.environments[0]?.id ?? null;
  }

  /** `Save variables`: writes every environment; secret values encrypted. Refuses invalid names. */
  async saveEnvironments({ quiet = false }: { quiet?: boolean } = {}): Promise<boolean> {
    clearTimeout(this.#variablesTimer);
    this.problem = null;
    for (const env of this.environments) {
      const bad = env.variables.find((v) => v.name.trim() !== '' && !VARIABLE_NAME.test(v.name.trim()));
      if (bad) {
        this.problem = `“${bad.name}” in ${env.name} is not a valid variable name: use letters, digits, _ - . and start with a letter or _.`;
        return false;
      }
    }
    if (!this.#key && this.environments.some((env) => env.variables.some((v) => v.secret && v.value !== ''))) {
      this.problem = 'Saved secrets are locked: unlock them before saving secret variables.';
      return false;
    }
    const items = await Promise.all(
      this.environments.map(async (env) => ({
        id: env.id,
        name: env.name,
        variables: await Promise.all(
          env.variables
            .filter((v) => v.name.trim() !== '')
            .map(async (v): Promise<StoredVariable> =>
              v.secret ? { name: v.name.trim(), secret: true, value: '', sealed: await encryptJson(this.#key!, v.value) } : { name: v.name.trim(), secret: false, value: v.value },
            ),
        ),
      })),
    );
    const record: StoredEnvironments = { activeId: this.activeEnvironmentId, items, updatedAt: Math.max(this.#deps.now(), this.#environmentsUpdatedAt + 1) };
    try {
      await this.#storage.saveEnvironments(record, this.#environmentsUpdatedAt);
    } catch (error) {
      this.problem =
        error instanceof StaleWriteError
          ? `${error.message}. Reload the page to see the other tab’s variables.`
          : `The variables could not be saved: ${message(error)}.`;
      return false;
    }
    this.#environmentsUpdatedAt = record.updatedAt;
    this.#applyVariables();
    if (!quiet) this.notice = 'Variables saved.';
    this.announce('environments');
    return true;
  }

  /** `Environment`: switches the active environment (and saves the choice). */
  async selectEnvironment(id: string | null): Promise<void> {
    this.activeEnvironmentId = id;
    this.#applyVariables();
    await this.saveEnvironments();
  }

  /** A preset's placeholders: adds the variables it needs to the active environment when missing. */
  async addPresetVariables(variables: readonly Variable[]): Promise<void> {
    if (!this.activeEnvironment) this.addEnvironment('Default');
    const env = this.activeEnvironment!;
    const names = new Set(env.variables.map((v) => v.name));
    const added = variables.filter((v) => !names.has(v.name));
    if (added.length === 0) return;
    env.variables = [...env.variables.filter((v) => v.name !== ''), ...added.map((v) => ({ ...v })), { name: '', value: '', secret: false }];
    if (await this.saveEnvironments()) {
      this.notice = `Added the preset’s variables to ${env.name}: ${added.map((v) => `{{${v.name}}}`).join(', ')}. Set their values under Variables.`;
    }
  }

  // ---- the vault ----

  /** `Set passphrase`: from now on secrets are encrypted under a key derived from `passphrase`. */
  async setPassphrase(passphrase: string): Promise<void> {
    this.problem = null;
    if (passphrase.length < 8) {
      this.problem = 'Use a passphrase of at least 8 characters.';
      return;
    }
    if (!this.#key) {
      this.problem = 'Unlock first.';
      return;
    }
    const { record, key } = await passphraseVault(passphrase);
    await this.#rekey(key, record);
    this.notice = 'Saved secrets are now encrypted under your passphrase. Lock to require it again.';
  }

  /** `Remove passphrase`: back to the key kept in this browser. */
  async removePassphrase(): Promise<void> {
    if (!this.#key) {
      this.problem = 'Unlock first.';
      return;
    }
    const key = await newDeviceKey();
    await this.#rekey(key, { v: 1, mode: 'device', key });
    this.notice = 'The passphrase was removed; secrets are encrypted under this browser’s key.';
  }

  /** Re-encrypts every saved secret under `key`, then stores the new vault record. */
  async #rekey(key: CryptoKey, record: VaultRecord): Promise<void> {
    const oldKey = this.#key!;
    for (const c of await this.#storage.listCredentials()) {
      if (!c.secrets) continue;
      const secrets = await decryptJson(oldKey, c.secrets);
      await this.#storage.putCredential({ ...c, secrets: await encryptJson(key, secrets), updatedAt: c.updatedAt + 1 }, c.updatedAt);
    }
    this.#key = key;
    await this.saveEnvironments();
    await this.#storage.saveVault(record);
    this.#vault = record;
    this.vaultMode = record.mode;
    this.locked = false;
    await this.refresh();
    this.announce('vault');
  }

  /** `Lock`: forgets the key; saved secrets cannot be used until `Unlock`. */
  lock(): void {
    if (this.vaultMode !== 'passphrase') return;
    this.#key = null;
    this.locked = true;
    const open = this.#open;
    if (open && open.secretFields.length > 0) void this.events.emit('secrets', { savedSecrets: {}, locked: true });
    for (const env of this.environments) for (const v of env.variables) if (v.secret) v.value = '';
    this.#applyVariables();
    this.notice = 'Locked: saved secrets need the passphrase again.';
  }

  /** `Unlock`: checks the passphrase and opens the saved secrets again. */
  async unlock(passphrase: string): Promise<void> {
    this.problem = null;
    const vault = this.#vault;
    if (vault?.mode !== 'passphrase') return;
    const key = await unlockVault(vault, passphrase);
    if (!key) {
      this.problem = 'Wrong passphrase. Nothing was unlocked.';
      return;
    }
    this.#key = key;
    this.locked = false;
    await this.#loadEnvironments();
    const open = this.#open;
    const current = open ? await this.#storage.getCredential(open.id) : undefined;
    if (current?.secrets) await this.events.emit('secrets', { savedSecrets: (await decryptJson(key, current.secrets)) as SecretValues, locked: false });
    this.notice = 'Unlocked.';
  }

  // ---- export and import ----

  /**
   * `Export credentials`: every saved credential and environment as JSON. Secrets only when
   * `passphrase` is given, and then encrypted under it.
   */
  async exportFile(includeSecrets: boolean, passphrase: string): Promise<string | null> {
    this.problem = null;
    if (includeSecrets && passphrase.length < 8) {
      this.problem = 'To include secrets, give an export passphrase of at least 8 characters.';
      return null;
    }
    if (includeSecrets && !this.#key) {
      this.problem = 'Saved secrets are locked: unlock them to export them.';
      return null;
    }
    const stored = await this.#storage.listCredentials();
    let encryptedSecrets: CredentialFile['encryptedSecrets'];
    if (includeSecrets) {
      const secrets: ExportedSecrets = { credentials: {}, variables: {} };
      for (const c of stored) if (c.secrets) secrets.credentials[c.id] = (await decryptJson(this.#key!, c.secrets)) as Record<string, string>;
      for (const env of this.environments) {
        const values = Object.fromEntries(env.variables.filter((v) => v.secret && v.value !== '').map((v) => [v.name, v.value]));
        if (Object.keys(values).length) secrets.variables[env.id] = values;
      }
      encryptedSecrets = await encryptPortable(passphrase, secrets);
    }
    const text = encodeCredentialFile({
      exportedAt: new Date(this.#deps.now()).toISOString(),
      credentials: stored.map((c) => ({ id: c.id, name: c.name, description: c.description, auth: c.auth, testRequest: c.testRequest })),
      environments: $state.snapshot(this.environments),
      ...(encryptedSecrets ? { encryptedSecrets } : {}),
    });
    this.notice = `Exported ${stored.length} credential${stored.length === 1 ? '' : 's'}${includeSecrets ? ' with secrets encrypted under the export passphrase' : ' without secrets'}.`;
    return text;
  }

  /**
   * `Import credentials`: adds every credential and environment of an export file, as new ones.
   * The whole file is checked (and its secrets decrypted) before anything is written.
   */
  async importFile(text: string, passphrase: string): Promise<void> {
    this.problem = null;
    this.notice = null;
    let file: CredentialFile;
    let secrets: ExportedSecrets = { credentials: {}, variables: {} };
    try {
      file = parseCredentialFile(text);
      if (file.encryptedSecrets) {
        if (passphrase === '') throw new PlaygroundError('This file has encrypted secrets: enter its passphrase (Import passphrase) and import again. Nothing was changed.', { kind: 'input', code: 'passphrase_needed' });
        try {
          secrets = parseExportedSecrets(await decryptPortable(passphrase, file.encryptedSecrets as Parameters<typeof decryptPortable>[1]));
        } catch (error) {
          throw new PlaygroundError(`The secrets in this file cannot be read: ${message(error)}. Nothing was changed.`, { kind: 'input', code: 'invalid_import' });
        }
      }
      if (!this.#key && Object.keys(secrets.credentials).length + Object.keys(secrets.variables).length > 0) {
        throw new PlaygroundError('Saved secrets are locked: unlock them before importing secrets. Nothing was changed.', { kind: 'input', code: 'secrets_locked' });
      }
    } catch (error) {
      this.problem = message(error);
      return;
    }
    const taken = this.credentials.map((c) => c.name);
    const now = this.#deps.now();
    const records: StoredCredential[] = [];
    for (const c of file.credentials) {
      const values = secrets.credentials[c.id] ?? {};
      const name = uniqueName(c.name, taken);
      taken.push(name);
      const record: StoredCredential = { id: newId('cred'), name, description: c.description, createdAt: now, updatedAt: now, auth: c.auth, testRequest: c.testRequest, secretFields: Object.keys(values) };
      if (Object.keys(values).length) record.secrets = await encryptJson(this.#key!, values);
      records.push(record);
    }
    for (const record of records) await this.#storage.putCredential(record, null);
    const envNames = this.environments.map((env) => env.name);
    for (const env of file.environments) {
      const values = secrets.variables[env.id] ?? {};
      const name = uniqueName(env.name, envNames);
      envNames.push(name);
      this.environments.push({ id: newId('env'), name, variables: env.variables.map((v) => ({ ...v, value: v.secret ? (values[v.name] ?? '') : v.value })) });
    }
    if (file.environments.length) await this.saveEnvironments();
    const withSecrets = records.filter((r) => r.secretFields.length).length;
    this.notice = `Imported ${records.length} credential${records.length === 1 ? '' : 's'}${withSecrets ? ` (${withSecrets} with secrets)` : ''} and ${file.environments.length} environment${file.environments.length === 1 ? '' : 's'}.`;
    await this.refresh();
    this.announce('credentials');
  }

  // ---- other tabs ----

  /**
   * Tells the other tabs what changed here (and, for tokens, updates this tab's tile). `key` names
   * the exchange log written (`log`).
   */
  announce(kind: SyncKind, key?: string): void {
    this.#sync.announce(kind, key);
    if (kind === 'tokens') void this.#updateTokenStatus(this.#open?.id);
  }

  async #updateTokenStatus(id: string | undefined): Promise<void> {
    if (!id || !this.credentials.some((c) => c.id === id)) return;
    const runs = await this.#storage.loadTokens(id).catch((): TokenRuns => ({ currentId: null, items: [] }));
    this.credentials = this.credentials.map((c) => (c.id === id ? { ...c, tokenStatus: tokenStatus(runs, this.#deps.now()) } : c));
  }

  async #onSync({ kind, key }: SyncMessage): Promise<void> {
    if (kind === 'log' && key !== undefined) await this.events.emit('log', key);
    if (kind === 'credentials') {
      await this.refresh();
      const current = this.#open;
      if (current) {
        const stored = this.credentials.find((c) => c.id === current.id);
        if (!stored) this.notice = `“${current.name}” was deleted in another tab; this form is now unsaved.`;
        else if (stored.updatedAt > current.updatedAt) this.notice = `“${current.name}” was changed in another tab. Open it again to load that version.`;
      }
    } else if (kind === 'environments') {
      await this.#loadEnvironments();
    } else if (kind === 'tokens') {
      await this.events.emit('tokens', undefined);
      await this.refresh();
    } else if (kind === 'vault') {
      this.#key = null;
      await this.#openVault();
      await this.#loadEnvironments();
      await this.refresh();
    }
  }
}

function summary(c: StoredCredential): CredentialSummary {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    authType: c.auth.authType,
    host: credentialHost(c.auth, c.testRequest.url),
    secretFields: c.secretFields,
    updatedAt: c.updatedAt,
  };
}

/** "No token", "Token valid for 9 min", "Token expired". */
export function tokenStatus(runs: TokenRuns, now: number): string {
  const run = runs.items.find((item) => item.id === runs.currentId) ?? runs.items[0];
  if (!run) return 'No token';
  const left = secondsLeft(run.token, now);
  if (left === undefined) return 'Token (no expiry given)';
  if (left <= 0) return 'Token expired';
  return left >= 120 ? `Token valid for ${Math.floor(left / 60)} min` : `Token valid for ${left} s`;
}
