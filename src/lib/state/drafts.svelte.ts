/**
 * Keeps what the person is editing: the open configuration written to storage as they type
 * (secrets left out), and the unsaved edits of each saved credential they switched away from, so a
 * switch never drops an edit silently. Also gives a draft restored from a preset its public demo
 * secrets back.
 */
import { applyPreset, findPreset, type Preset } from '../config/presets';
import type { Draft, PlaygroundStorage } from '../store/storage';
import type { Configuration, ConfigurationState } from './configuration.svelte';

const SAVE_DELAY_MS = 250;

export interface DraftsDeps {
  storage: PlaygroundStorage;
  config: Configuration;
  /** The saved credential open now, if any. */
  credentialId: () => string | null;
  onProblem: (what: string, error: unknown) => void;
}

export class Drafts {
  /** Unsaved edits of saved credentials not open now, by credential id (in this tab's memory). */
  #stashed = $state.raw<ReadonlyMap<string, ConfigurationState>>(new Map());
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stop: (() => void) | undefined;
  readonly #deps: DraftsDeps;

  constructor(deps: DraftsDeps) {
    this.#deps = deps;
  }

  /** Whether `id` has unsaved edits (open now, or set aside when another was opened). */
  hasUnsaved(id: string): boolean {
    return this.#stashed.has(id) || (this.#deps.credentialId() === id && this.#deps.config.dirty);
  }

  /** Starts writing the draft whenever the configuration changes. */
  start(): void {
    if (this.#stop) return;
    this.#stop = $effect.root(() => {
      $effect(() => {
        const draft = this.#draft();
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => void this.#write(draft), SAVE_DELAY_MS);
      });
    });
  }

  stop(): void {
    this.#stop?.();
    this.#stop = undefined;
    clearTimeout(this.#timer);
  }

  /** Writes the draft now (before the page leaves, or after a switch). */
  async saveNow(): Promise<void> {
    clearTimeout(this.#timer);
    await this.#write(this.#draft());
  }

  /** Sets the open credential's edits aside before another configuration opens (when it has any). */
  stash(id: string): void {
    if (!this.#deps.config.dirty || this.#deps.credentialId() !== id) return;
    const next = new Map(this.#stashed);
    next.set(id, this.#deps.config.snapshot());
    this.#stashed = next;
  }

  /** Takes back the edits set aside for `id` (they become the open form); undefined when none. */
  take(id: string): ConfigurationState | undefined {
    const state = this.#stashed.get(id);
    if (state) {
      const next = new Map(this.#stashed);
      next.delete(id);
      this.#stashed = next;
    }
    return state;
  }

  /** Presets carry public demo secrets: a draft restored from one gets them back where the field is empty. */
  refillPresetSecrets(presets: readonly Preset[]): void {
    const config = this.#deps.config;
    const preset = findPreset(config.auth.presetId, presets);
    if (!preset) return;
    const filled = applyPreset(preset).auth;
    const auth = config.auth;
    const o = auth.oauth2;
    if (o.clientSecret === '' && o.clientId === filled.oauth2.clientId) o.clientSecret = filled.oauth2.clientSecret;
    if (o.password === '' && o.username === filled.oauth2.username) o.password = filled.oauth2.password;
    if (o.privateKeyJwk === '' && o.clientId === filled.oauth2.clientId) o.privateKeyJwk = filled.oauth2.privateKeyJwk;
    if (auth.apiKey.value === '') auth.apiKey.value = filled.apiKey.value;
    if (auth.basic.username === '') {
      auth.basic.username = filled.basic.username;
      auth.basic.password = filled.basic.password;
    }
  }

  #draft() {
    const { auth, testRequest, origins, choices, confirmed } = this.#deps.config.snapshot();
    return { auth, testRequest, origins, choices, confirmed, credentialId: this.#deps.credentialId() };
  }

  async #write(draft: Draft): Promise<void> {
    await this.#deps.storage.saveDraft(draft).catch((error: unknown) => this.#deps.onProblem('Settings could not be saved', error));
  }
}
