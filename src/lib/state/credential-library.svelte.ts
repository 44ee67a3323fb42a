/**
 * Saved credentials, environments of variables and the vault that encrypts their secrets. Loaded
 * after the first paint; joins storage and the vault for the credentials sidebar, and keeps other
 * tabs in step through a BroadcastChannel.
 */
import { matchesSearch, mergeSecrets, splitRequestSecrets, splitSecrets, uniqueName, type CredentialSummary, type SecretValues } from '../config/credential';
import type { Variable } from '../config/variables';
import { libraryStorage, StaleWriteError, type LibraryStorage, type RemovedCredential, type StoredCredential } from '../store/library-storage';
import { emptyAuthConfig, emptyTestRequest } from '../config/auth-config';
import type { PlaygroundStorage, TokenRuns } from '../store/storage';
import { decryptJson, encryptJson, type VaultRecord } from '../store/vault';
import { Emitter } from './events';
import { Environments } from './library/environments.svelte';
import { messageOf, newId } from './library/ids';
import { sealClearRows } from './library/seal-clear-rows';
import { exportCredentials, planImport, withoutRiskySettings, type ImportPlan } from './library/transfer';
import { VaultKeeper } from './library/vault-keeper.svelte';
import { summary, tokenStatus } from './library/tiles';
import type { CredentialTile, LibraryDeps, LibraryEvents } from './library/types';
import { TabSync, type SyncKind, type SyncMessage } from './tab-sync';

export type { CredentialTile, LibraryDeps, LibraryEvents } from './library/types';
export { tokenStatus } from './library/tiles';

export { SYNC_CHANNEL } from './tab-sync';

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

  readonly events = new Emitter<LibraryEvents>();
  /** The key saved secrets are encrypted under. */
  readonly vault: VaultKeeper;
  /** The environments of variables. */
  readonly variables: Environments;
  readonly #deps: LibraryDeps;
  readonly #storage: PlaygroundStorage & LibraryStorage;
  readonly #sync: TabSync;

  constructor(deps: LibraryDeps) {
    this.#deps = deps;
    this.#storage = { ...deps.storage, ...libraryStorage(deps.storage.backend) };
    this.#sync = new TabSync((message) => void this.#onSync(message));
    this.vault = new VaultKeeper(this.#storage);
    this.variables = new Environments({
      storage: this.#storage,
      now: deps.now,
      key: () => this.vault.key,
      assertIntact: () => this.vault.assertIntact(),
      apply: (variables, environmentId) => void this.events.emit('variables', { variables, environmentId }),
      announce: () => this.announce('environments'),
      report: ({ problem, notice }) => {
        if (problem !== undefined) this.problem = problem;
        if (notice !== undefined) this.notice = notice;
      },
    });
  }

  /** The saved credential open now. */
  get #open(): CredentialSummary | null {
    return this.#deps.current().credential;
  }

  shown = $derived.by(() => this.credentials.filter((c) => matchesSearch(c, this.search)));

  /** Opens the vault, lists credentials, loads variables and reopens the credential the draft was editing. */
  async open(credentialId: string | null): Promise<void> {
    await this.#openVault();
    // The list is not needed to run a flow: it fills in while the rest loads.
    void this.refresh().catch((error: unknown) => (this.problem = `The saved credentials could not be listed: ${messageOf(error)}.`));
    await this.variables.load();
    // before the draft's credential opens, so that it opens with its sealed copy
    await this.#sealClearRows();
    if (credentialId) {
      const stored = await this.#storage.getCredential(credentialId);
      // The draft holds the latest edits; the credential gives its name and saved secrets.
      if (stored) await this.#use(stored, { keepForm: true });
    }
  }

  /** The vault key was gone at start-up (`#openVault`): saved secrets of before cannot be decrypted. */
  #vaultLost = false;

  async #openVault(): Promise<void> {
    const hadSecrets = (await this.#storage.listCredentials()).some((c) => c.secretFields.length > 0);
    if (await this.vault.open(hadSecrets)) {
      this.#vaultLost = true;
      this.problem = 'The key that encrypted your saved secrets is no longer in this browser’s storage (site data cleared?): they cannot be decrypted. Open each credential, type its secrets again and save.';
    }
  }

  /** Records from before secret-looking rows were sealed are sealed now (once the key is there). */
  async #sealClearRows(): Promise<void> {
    if (!this.vault.key || (await sealClearRows(this.#storage, this.vault.key, this.#deps.now()).catch(() => 0)) === 0) return;
    await this.refresh();
    this.announce('credentials');
    // the open credential's copy is the new one (a save based on the old one would be refused)
    const open = this.#open;
    const stored = open ? await this.#storage.getCredential(open.id) : undefined;
    if (stored) await this.events.emit('changed', summary(stored));
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
    if (!this.vault.key) {
      this.problem = 'Saved secrets are locked: unlock them with your passphrase before saving.';
      return;
    }
    const { credential: current, state, savedSecrets } = this.#deps.current();
    const { config, secrets: typed } = splitSecrets(state.auth);
    const { request, secrets: typedHeaders } = splitRequestSecrets(state.testRequest);
    const secrets = mergeSecrets(savedSecrets, { ...typed, ...typedHeaders });
    const now = Math.max(this.#deps.now(), (current?.updatedAt ?? 0) + 1);
    if (Object.keys(secrets).length > 0) {
      try {
        await this.vault.assertIntact();
      } catch (error) {
        this.problem = messageOf(error);
        return;
      }
    }
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
      secrets: await encryptJson(this.vault.key, secrets),
      // settings from a link or an import stay theirs: saving confirms no new host
      ...(state.confirmed ? { confirmed: state.confirmed } : {}),
    };
    try {
      await this.#storage.putCredential(record, existing ? (current?.updatedAt ?? null) : null);
    } catch (error) {
      this.problem =
        error instanceof StaleWriteError
          ? `${error.message}. Open it again to see the other tab’s version; your edits are still in the form.`
          : `The credential could not be saved: ${messageOf(error)}. Nothing saved before was lost.`;
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
      if (this.vault.key) {
        try {
          secrets = (await decryptJson(this.vault.key, stored.secrets)) as SecretValues;
        } catch {
          // after a lost vault key the start-up message already says why, for every credential
          if (!this.#vaultLost) this.problem = `The saved secrets of “${stored.name}” could not be decrypted (the key changed?). Type them again and save.`;
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
    await this.events.emit('open', { credential: summary(stored), savedSecrets: secrets, locked, state: { ...saved, confirmed: stored.confirmed }, saved, keepForm });
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
    if (!current || !this.vault.key) return;
    const secrets = { ...savedSecrets };
    try {
      await this.vault.assertIntact();
    } catch (error) {
      this.problem = messageOf(error);
      return;
    }
    delete secrets[path];
    const ok = await this.#edit(current.id, async (c) => ({ ...c, secretFields: Object.keys(secrets), secrets: await encryptJson(this.vault.key!, secrets) }));
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
      this.problem = `“${record.name}” could not be saved: ${messageOf(error)}.`;
      return false;
    }
    if (this.#open?.id === record.id) await this.events.emit('changed', summary(record));
    if (notice) this.notice = notice;
    await this.refresh();
    this.announce('credentials');
    return true;
  }

  // ---- environments and variables ----

  /** `Environment`: switches the active environment (and saves the choice). */
  selectEnvironment(id: string | null): Promise<void> {
    return this.variables.select(id);
  }

  /** A preset's placeholders: adds the variables it needs to the active environment when missing. */
  addPresetVariables(variables: readonly Variable[]): Promise<void> {
    return this.variables.addPresetVariables(variables);
  }

  // ---- the vault ----

  /** `Set passphrase`: from now on secrets are encrypted under a key derived from `passphrase`. */
  async setPassphrase(passphrase: string): Promise<void> {
    this.problem = null;
    if (passphrase.length < 8) {
      this.problem = 'Use a passphrase of at least 8 characters.';
      return;
    }
    if (await this.#rekey(() => this.vault.passphraseVault(passphrase))) this.notice = 'Saved secrets are now encrypted under your passphrase. Lock to require it again.';
  }

  /** `Remove passphrase`: back to the key kept in this browser. */
  async removePassphrase(): Promise<void> {
    this.problem = null;
    if (await this.#rekey(() => this.vault.deviceVault())) this.notice = 'The passphrase was removed; secrets are encrypted under this browser’s key.';
  }

  /** Re-encrypts every saved secret under a new key (see `VaultKeeper.rekey`), then the variables. */
  async #rekey(next: () => Promise<{ record: VaultRecord; key: CryptoKey }>): Promise<boolean> {
    try {
      await this.vault.rekey(next, this.#storage);
    } catch (error) {
      this.problem = messageOf(error);
      return false;
    }
    await this.variables.save();
    await this.refresh();
    this.announce('vault');
    return true;
  }

  /** `Lock`: forgets the key; saved secrets cannot be used until `Unlock`. */
  lock(): void {
    if (!this.vault.lock()) return;
    const open = this.#open;
    if (open && open.secretFields.length > 0) void this.events.emit('secrets', { savedSecrets: {}, locked: true });
    this.variables.forgetSecrets();
    this.notice = 'Locked: saved secrets need the passphrase again.';
  }

  /** `Unlock`: checks the passphrase and opens the saved secrets again. */
  async unlock(passphrase: string): Promise<void> {
    this.problem = null;
    if (this.vault.mode !== 'passphrase') return;
    const key = await this.vault.unlock(passphrase);
    if (!key) {
      this.problem = 'Wrong passphrase. Nothing was unlocked.';
      return;
    }
    await this.#sealClearRows();
    await this.variables.load();
    const open = this.#open;
    const current = open ? await this.#storage.getCredential(open.id) : undefined;
    if (current?.secrets) await this.events.emit('secrets', { savedSecrets: (await decryptJson(key, current.secrets)) as SecretValues, locked: false });
    this.notice = 'Unlocked.';
  }

  // ---- export and import ----

  /**
   * `Export credentials`: every saved credential and environment as JSON. Secrets only when
   * `includeSecrets`, and then encrypted under `passphrase`.
   */
  async exportFile(includeSecrets: boolean, passphrase: string): Promise<string | null> {
    this.problem = null;
    try {
      const { text, count } = await exportCredentials({
        storage: this.#storage,
        key: this.vault.key,
        environments: $state.snapshot(this.variables.list),
        environmentSecrets: includeSecrets ? this.variables.secretValues() : {},
        now: this.#deps.now(),
        passphrase: includeSecrets ? passphrase : null,
      });
      this.notice = `Exported ${count} credential${count === 1 ? '' : 's'}${includeSecrets ? ' with secrets encrypted under the export passphrase' : ' without secrets'}.`;
      return text;
    } catch (error) {
      this.problem = messageOf(error);
      return null;
    }
  }

  /** A read import file waiting for `Import these credentials` or `Cancel import`. */
  importing = $state.raw<ImportPlan | null>(null);

  /**
   * `Import file`: reads an export file whole (its secrets decrypted) and shows what it would add:
   * names, hosts, variables. Nothing is written before `confirmImport`.
   */
  async importFile(text: string, passphrase: string): Promise<void> {
    this.problem = null;
    this.notice = null;
    this.importing = null;
    try {
      const variables = $state.snapshot(this.variables.active?.variables ?? []);
      const plan = await planImport(text, passphrase, this.vault.key, this.credentials.map((c) => c.name), this.#deps.now(), variables);
      if (plan.credentials.some((c) => c.secrets) || plan.environments.some((env) => env.variables.some((v) => v.secret && v.value !== ''))) await this.vault.assertIntact();
      this.importing = plan;
    } catch (error) {
      this.problem = messageOf(error);
    }
  }

  /**
   * `Import these credentials`: adds every credential and environment of the file, as new ones; the
   * hosts shown are confirmed. A proxy or plain http the review listed is kept only with `keepRisky`.
   */
  async confirmImport({ keepRisky = false } = {}): Promise<void> {
    const plan = this.importing;
    if (!plan) return;
    this.importing = null;
    const credentials = keepRisky ? plan.credentials : withoutRiskySettings(plan.credentials);
    for (const record of credentials) await this.#storage.putCredential(record, null);
    this.variables.addAll(plan.environments);
    if (plan.environments.length) await this.variables.save();
    const records = credentials;
    const withSecrets = records.filter((r) => r.secretFields.length).length;
    this.notice = `Imported ${records.length} credential${records.length === 1 ? '' : 's'}${withSecrets ? ` (${withSecrets} with secrets)` : ''} and ${plan.environments.length} environment${plan.environments.length === 1 ? '' : 's'}.`;
    await this.refresh();
    this.announce('credentials');
  }

  /** `Cancel import`: nothing is written. */
  cancelImport(): void {
    this.importing = null;
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
      await this.variables.load();
    } else if (kind === 'tokens') {
      await this.events.emit('tokens', undefined);
      await this.refresh();
    } else if (kind === 'vault') {
      await this.vault.reload();
      await this.variables.load();
      await this.refresh();
    }
  }
}
