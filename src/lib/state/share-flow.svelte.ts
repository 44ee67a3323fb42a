/**
 * Share links as the user lives them: make one from the current settings; open one, see what it
 * will fill, every host it will send requests to and the variables it uses, and apply it or not.
 * Applying opens a new, unsaved configuration that inherits nothing (no saved secret, token, proxy
 * pairing or choice) and carries the hosts it listed as confirmed: secret variables go nowhere else
 * (see `config/confirmed-hosts.ts`).
 */
import { emptyAuthConfig, emptyTestRequest, type AuthConfig, type TestRequestConfig } from '../config/auth-config';
import { listHosts, referencesIn, secretReferences, urlsOf } from '../config/confirmed-hosts';
import { applyPreset, findPreset } from '../config/presets';
import { applySharedSettings, decodeShareLink, encodeShareLink, type SharedSettings } from '../config/share-link';
import type { Variable } from '../config/variables';
import type { BrowserPort } from './browser';
import type { ConfigurationState } from './configuration.svelte';

export interface IncomingShare {
  shared: SharedSettings;
  /** What the link will fill, as label/value pairs. */
  fields: [string, string][];
  /** Every host the settings would send requests to (variables that are not secret resolved): Apply confirms them. */
  hosts: string[];
  /** URLs whose host is not known before sending (a secret or unknown variable in it); never confirmed. */
  unclear: string[];
  /** The `{{variables}}` the settings refer to, by name. */
  variables: string[];
  /** Those of them that are secret in the active environment. */
  secretVariables: string[];
}

export interface ShareDeps {
  browser: BrowserPort;
  snapshot(): ConfigurationState;
  secrets(): readonly string[];
  /** The active environment's variables. */
  variables(): readonly Variable[];
  /** Opens the settings as a new unsaved configuration. */
  open(state: ConfigurationState): Promise<void>;
}

/** The settings a link fills, laid over its preset (or a blank configuration); nothing of the open one. */
function settingsOf(shared: SharedSettings): { auth: AuthConfig; testRequest: TestRequestConfig } {
  const preset = findPreset(shared.auth.presetId);
  const base = preset ? applyPreset(preset) : { auth: emptyAuthConfig(), testRequest: emptyTestRequest() };
  return applySharedSettings(shared, base);
}

export class ShareFlow {
  #link = $state('');
  #omitted = $state.raw<string[]>([]);
  #incoming = $state.raw<IncomingShare | null>(null);
  #problem = $state<string | undefined>(undefined);
  #applied = $state(false);
  readonly #deps: ShareDeps;

  constructor(deps: ShareDeps) {
    this.#deps = deps;
  }

  /** The link made by `create`, shown in the `Share link` textbox. */
  get link(): string {
    return this.#link;
  }
  /** What was left out of the link because it looked secret. */
  get omitted(): string[] {
    return this.#omitted;
  }
  /** A link the page was opened with, waiting for Apply or Ignore. */
  get incoming(): IncomingShare | null {
    return this.#incoming;
  }
  /** Why the link the page was opened with cannot be used. */
  get problem(): string | undefined {
    return this.#problem;
  }
  /** Set after Apply, to confirm it. */
  get applied(): boolean {
    return this.#applied;
  }

  /** Makes a link from the current settings. */
  create(): void {
    const base = this.#deps.browser.currentUrl();
    base.search = '';
    const { auth, testRequest } = this.#deps.snapshot();
    const { url, omitted } = encodeShareLink(base.href, auth, testRequest, this.#deps.secrets());
    this.#link = url;
    this.#omitted = omitted;
  }

  /** Reads the link in the address bar, then removes it from there (a reload must not ask again). */
  receive(): void {
    const url = this.#deps.browser.currentUrl();
    const decoded = decodeShareLink(url.hash);
    const clean = new URL(url.href);
    clean.hash = '';
    this.#deps.browser.replaceUrl(clean);
    if (!decoded) return;
    this.#applied = false;
    if (decoded.ok) {
      const variables = this.#deps.variables();
      const { hosts, unclear } = listHosts(settingsOf(decoded.shared), variables);
      const used = referencesIn(decoded.shared);
      this.#incoming = { shared: decoded.shared, fields: decoded.fields, hosts, unclear, variables: used, secretVariables: secretReferences(decoded.shared, variables) };
      this.#problem = undefined;
    } else {
      this.#incoming = null;
      this.#problem = decoded.message;
    }
  }

  /**
   * `Apply shared settings`: opens them as a new unsaved configuration, the hosts the confirmation
   * listed confirmed for them. Secrets stay to be typed. Applied without the person seeing the
   * confirmation (`seen: false`, an embed), no host is confirmed: secret variables then go only to
   * URLs the person types.
   */
  async apply({ seen = true }: { seen?: boolean } = {}): Promise<void> {
    const incoming = this.#incoming;
    if (!incoming) return;
    const { auth, testRequest } = settingsOf(incoming.shared);
    this.#incoming = null;
    await this.#deps.open({ auth, testRequest, confirmed: { from: 'share link', hosts: seen ? incoming.hosts : [], urls: urlsOf({ auth, testRequest }) } });
    this.#applied = true;
  }

  /** `Ignore`: keeps the settings as they are. */
  ignore(): void {
    this.#incoming = null;
  }

  dismissProblem(): void {
    this.#problem = undefined;
  }
}
