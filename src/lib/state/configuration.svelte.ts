/**
 * The configuration being edited: the auth settings and the test request the form binds to, where
 * each provider value came from (typed, a preset, a discovery document), which choices the person
 * or a saved credential made, and whether it differs from its saved version. Changes other than
 * typing go through its methods.
 */
import { emptyAuthConfig, emptyTestRequest, testRequestWithoutSecrets, withoutSecrets, type AuthConfig, type ClientAuthMethod, type CodeChallengeMethod, type OAuth2Settings, type TestRequestConfig } from '../config/auth-config';
import type { ConfirmedHosts } from '../config/confirmed-hosts';
import { applyPreset, type Preset } from '../config/presets';
import {
  CLEARED_ON_PROVIDER_CHANGE,
  staleTestUrlNote,
  ENDPOINT_FIELDS,
  otherHostNote,
  originsFrom,
  sourceOf,
  staleFields,
  type EndpointField,
  type Origins,
  type ProviderField,
  type Source,
} from '../config/provenance';

/** Select fields a person (or a saved credential) may have chosen: Discover suggests, never overrides them. */
export type ChoiceField = 'clientAuth' | 'codeChallengeMethod';
/** Who made a choice: the person in this form, or the saved credential it came from. */
export type ChoiceBy = 'person' | 'saved';

/** What the configuration is, as stored with the draft. */
export interface ConfigurationState {
  auth: AuthConfig;
  testRequest: TestRequestConfig;
  origins?: Origins;
  choices?: Partial<Record<ChoiceField, ChoiceBy>>;
  /** Settings from a share link or an import: the hosts the person confirmed (`config/confirmed-hosts.ts`). */
  confirmed?: ConfirmedHosts | undefined;
}

/** The settings as compared for "Unsaved changes": what saving would store, plus any secret typed. */
const comparable = (auth: AuthConfig, testRequest: TestRequestConfig) => JSON.stringify([auth, testRequest]);

export class Configuration {
  #auth = $state<AuthConfig>(emptyAuthConfig());
  #testRequest = $state<TestRequestConfig>(emptyTestRequest());
  #origins = $state.raw<Origins>({});
  #choices = $state.raw<Partial<Record<ChoiceField, ChoiceBy>>>({});
  #confirmed = $state.raw<ConfirmedHosts | undefined>(undefined);
  /** The saved version this configuration is compared with; null while it is not saved. */
  #baseline = $state.raw<string | null>(null);
  /** What the last provider change cleared, in plain words. */
  #providerNote = $state<string | null>(null);

  /** The settings the form binds to (typing changes them in place). */
  get auth(): AuthConfig {
    return this.#auth;
  }

  get testRequest(): TestRequestConfig {
    return this.#testRequest;
  }

  get origins(): Origins {
    return this.#origins;
  }

  get choices(): Partial<Record<ChoiceField, ChoiceBy>> {
    return this.#choices;
  }

  /** For settings from a share link or an import: the hosts the person confirmed. Undefined for their own. */
  get confirmed(): ConfirmedHosts | undefined {
    return this.#confirmed;
  }

  /** "Cleared JWKS URI, …: they came from the preset “Local demo”…", after the provider changed. */
  get providerNote(): string | null {
    return this.#providerNote;
  }

  /** Whether the settings differ from the saved credential's (always false while unsaved). */
  dirty = $derived.by(() => this.#baseline !== null && comparable(this.#auth, this.#testRequest) !== this.#baseline);

  /** A note per URL field that points at another host than the Issuer's. */
  hostNotes = $derived.by(() => {
    const notes: Partial<Record<EndpointField, string>> = {};
    for (const field of ENDPOINT_FIELDS) {
      const note = otherHostNote(this.#origins, this.#auth, this.#testRequest, field);
      if (note) notes[field] = note;
    }
    return notes;
  });

  /** A note for a Request URL that came with another provider's preset. */
  testUrlNote = $derived.by(() => staleTestUrlNote(this.#origins, this.#auth, this.#testRequest));

  /** Where the value now in `field` came from, in words: "typed", "from the preset “…”", "discovered from …". */
  sourceLabel(field: ProviderField): string {
    const value = field === 'testUrl' ? this.#testRequest.url : String(this.#auth.oauth2[field]);
    const source = sourceOf(this.#origins, field, value);
    if (source === 'typed') return 'typed';
    return source.kind === 'preset' ? `from the preset “${source.name}”` : `discovered from ${source.issuer}`;
  }

  /**
   * Replaces everything: a preset, a saved credential, a share link, a draft restored. `saved`
   * marks it as the saved credential's version (dirty tracking compares with it).
   */
  load(state: ConfigurationState, { saved = false }: { saved?: boolean } = {}): void {
    this.#auth = structuredClone(state.auth);
    this.#testRequest = structuredClone(state.testRequest);
    this.#origins = state.origins ?? {};
    this.#choices = state.choices ?? {};
    this.#confirmed = state.confirmed;
    this.#providerNote = null;
    if (saved) this.markSaved();
    else this.#baseline = null;
  }

  /** A preset's settings, every value recorded as the preset's. Keeps the http and proxy switches. */
  loadPreset(preset: Preset): void {
    const { auth, testRequest } = applyPreset(preset);
    auth.allowInsecureHttp = this.#auth.allowInsecureHttp;
    auth.proxy = { ...this.#auth.proxy, enabled: false };
    const source: Source = { kind: 'preset', presetId: preset.id, name: preset.name };
    this.load({ auth, testRequest, origins: originsFrom(auth, testRequest, source) });
  }

  /** A blank configuration (`New credential`). */
  loadBlank(): void {
    this.load({ auth: emptyAuthConfig(), testRequest: emptyTestRequest() });
  }

  /** The current settings become the saved version ("Unsaved changes" clears). */
  markSaved(): void {
    this.#baseline = comparable(withoutSecrets($state.snapshot(this.#auth)), testRequestWithoutSecrets($state.snapshot(this.#testRequest)));
    const choices = { ...this.#choices };
    for (const field of Object.keys(choices) as ChoiceField[]) choices[field] = 'saved';
    this.#choices = { clientAuth: 'saved', codeChallengeMethod: 'saved', ...choices };
  }

  /** Takes the saved version's settings as the one to compare with, keeping the form as it is (a reload). */
  compareWith(saved: { auth: AuthConfig; testRequest: TestRequestConfig }): void {
    this.#baseline = comparable(withoutSecrets(saved.auth), testRequestWithoutSecrets(saved.testRequest));
    this.#choices = { clientAuth: 'saved', codeChallengeMethod: 'saved', ...this.#choices };
  }


  /** The person typed into `field`: its value is theirs now, even where it equals what a preset gave. */
  typed(field: ProviderField): void {
    if (!this.#origins[field]) return;
    const { [field]: _gone, ...rest } = this.#origins;
    this.#origins = rest;
  }

  /** The person picked a value by hand. */
  markChosen(field: ChoiceField): void {
    this.#choices = { ...this.#choices, [field]: 'person' };
  }

  /** Endpoints read from `issuer`'s metadata: every one is filled and recorded as discovered. */
  applyDiscovered(endpoints: Partial<OAuth2Settings>, issuer: string, { onlyEmpty = false }: { onlyEmpty?: boolean } = {}): ProviderField[] {
    const o = this.#auth.oauth2;
    const filled: ProviderField[] = [];
    const fields = [...ENDPOINT_FIELDS, 'issuer', 'issParameterSupported'] as const;
    for (const field of fields) {
      const value = endpoints[field];
      if (value === undefined || (onlyEmpty && field !== 'issParameterSupported' && o[field] !== '')) continue;
      if (onlyEmpty && field === 'issuer') continue;
      (o as unknown as Record<string, unknown>)[field] = value;
      if (value !== '' && value !== false) filled.push(field);
    }
    const source: Source = { kind: 'discovered', issuer };
    this.#origins = { ...this.#origins, ...originsFrom(this.#auth, this.#testRequest, source, filled) };
    return filled;
  }

  /** Sets a choice on the configuration's behalf (Discover's pick on a fresh configuration). */
  choose<F extends ChoiceField>(field: F, value: F extends 'clientAuth' ? ClientAuthMethod : CodeChallengeMethod): void {
    (this.#auth.oauth2 as unknown as Record<string, string>)[field] = value;
  }

  /**
   * After the Issuer or the Token URL changed: clears every value that came from another provider
   * (and says which), and forgets the preset. Returns the cleared fields.
   */
  async reconcile(): Promise<ProviderField[]> {
    const stale = staleFields(this.#origins, this.#auth, this.#testRequest, CLEARED_ON_PROVIDER_CHANGE);
    if (stale.length === 0) return [];
    const was = this.#origins;
    const origins = { ...this.#origins };
    for (const field of stale) {
      if (field === 'testUrl') continue;
      if (field === 'issParameterSupported') this.#auth.oauth2.issParameterSupported = false;
      else this.#auth.oauth2[field] = '';
      delete origins[field];
    }
    this.#origins = origins;
    // The preset no longer describes these settings.
    this.#auth.presetId = null;
    // The values go at once; the words for them load with the first change.
    const { providerChangeNote } = await import('../config/provider-change');
    this.#providerNote = providerChangeNote(stale, was);
    return stale;
  }

  dismissProviderNote(): void {
    this.#providerNote = null;
  }

  /** A plain copy of the configuration, for storage and share links. */
  snapshot(): Required<Omit<ConfigurationState, 'confirmed'>> & Pick<ConfigurationState, 'confirmed'> {
    return { auth: $state.snapshot(this.#auth), testRequest: $state.snapshot(this.#testRequest), origins: this.#origins, choices: this.#choices, confirmed: this.#confirmed };
  }
}
