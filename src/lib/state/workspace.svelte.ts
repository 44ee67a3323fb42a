/**
 * Which configuration is open (a saved credential, or a new unsaved one) and the switches between
 * them: a switch sets the open credential's unsaved edits aside (never drops them), gives a
 * credential opened again its own edits back, and shows each configuration's own secrets, tokens and
 * log. Nothing of the previous configuration is used after a switch.
 */
import type { AuthConfig, TestRequestConfig } from '../config/auth-config';
import type { CredentialSummary, SecretValues } from '../config/credential';
import type { Preset } from '../config/presets';
import { DRAFT_OWNER } from '../store/storage';
import type { Configuration, ConfigurationState } from './configuration.svelte';
import type { LibraryEvents } from './credential-library.svelte';
import type { Drafts } from './drafts.svelte';
import type { ExchangeLog } from './exchange-log.svelte';
import type { SecretScope } from './secret-scope.svelte';
import type { TokenRunList } from './token-runs.svelte';

/** How a configuration opens: a saved credential (with its secrets), or a new unsaved one. */
export interface OpenOptions {
  credential: CredentialSummary | null;
  savedSecrets?: SecretValues;
  locked?: boolean;
  state: ConfigurationState;
  /** The saved version to compare with; `state` itself when omitted for a credential. */
  savedVersion?: { auth: AuthConfig; testRequest: TestRequestConfig };
}

export interface WorkspaceDeps {
  config: Configuration;
  scope: SecretScope;
  tokens: TokenRunList;
  drafts: Drafts;
  log: () => ExchangeLog | null;
  /** The form is no longer the saved credential's (the library clears its name fields). */
  detached: () => void;
  /** Another configuration opened: what the last one's actions showed goes. */
  switched: () => void;
}

export class Workspace {
  #credential = $state.raw<CredentialSummary | null>(null);
  readonly #deps: WorkspaceDeps;

  constructor(deps: WorkspaceDeps) {
    this.#deps = deps;
  }

  /** The saved credential being edited; null while the configuration is not saved. */
  get credential(): CredentialSummary | null {
    return this.#credential;
  }

  /** Whether the saved credential `id` has unsaved edits (open now, or set aside). */
  hasUnsavedEdits(id: string): boolean {
    return this.#deps.drafts.hasUnsaved(id);
  }

  /** Fills a new, unsaved configuration from a preset (leaving a saved credential, whose edits are kept). */
  async openPreset(preset: Preset): Promise<void> {
    const { config, drafts } = this.#deps;
    const open = this.#credential;
    if (open) drafts.stash(open.id);
    config.loadPreset(preset);
    if (!open) return this.#deps.switched();
    // At once, before anything is awaited: the name fields are the new configuration's from now on.
    this.#deps.detached();
    await this.open({ credential: null, state: config.snapshot() });
  }

  /** Switches to `credential` (or, with null, to a new unsaved configuration) with `state` in the form. */
  async open({ credential, savedSecrets = {}, locked = false, state, savedVersion }: OpenOptions): Promise<void> {
    const { config, scope, tokens, drafts, log } = this.#deps;
    this.#credential = credential;
    scope.useSavedSecrets(savedSecrets, locked);
    config.load(state, { saved: credential !== null && savedVersion === undefined });
    if (credential && savedVersion) config.compareWith(savedVersion);
    this.#deps.switched();
    await tokens.open(credential?.id ?? DRAFT_OWNER);
    await log()?.load(credential?.id ?? DRAFT_OWNER);
    await drafts.saveNow();
  }

  /** What the library opens (a tile, New credential, a deletion): edits of the open credential are set aside first. */
  async openFromLibrary({ credential, savedSecrets, locked, state, saved, keepForm }: LibraryEvents['open']): Promise<void> {
    const { config, drafts } = this.#deps;
    const open = this.#credential;
    if (open && open.id !== credential?.id) drafts.stash(open.id);
    const stashed = credential && !keepForm ? drafts.take(credential.id) : undefined;
    const use = keepForm ? config.snapshot() : (stashed ?? state);
    await this.open({ credential, savedSecrets, locked, state: use, ...(saved ? { savedVersion: saved } : {}) });
  }

  /**
   * Settings from outside (a share link, an import) as a new unsaved configuration that inherits
   * nothing: no saved secret, token, proxy pairing or choice of the one open now.
   */
  async openFresh(state: ConfigurationState): Promise<void> {
    if (this.#credential) this.#deps.drafts.stash(this.#credential.id);
    this.#deps.detached();
    await this.open({ credential: null, state });
    await this.#deps.tokens.clearAll();
  }

  /** The library saved the open configuration: its secrets left the fields for the vault. */
  async saved({ credential, savedSecrets, state }: LibraryEvents['saved']): Promise<void> {
    const { config, scope, tokens, drafts, log } = this.#deps;
    const first = this.#credential === null;
    this.#credential = credential;
    scope.useSavedSecrets(savedSecrets);
    config.load(state, { saved: true });
    if (first) {
      await tokens.open(credential.id);
      await log()?.load(credential.id);
    }
    await drafts.saveNow();
  }

  /** The open credential's summary changed (renamed, a saved secret cleared). */
  changed(credential: CredentialSummary): void {
    if (this.#credential?.id === credential.id) this.#credential = credential;
  }
}
