/**
 * Share links as the user lives them: make one from the current settings; open one, see what it
 * will fill and every host it will send requests to, and apply it or not. Applying opens a new,
 * unsaved configuration that inherits nothing: no saved secret, token, proxy pairing or choice.
 */
import { emptyAuthConfig, emptyTestRequest, type AuthConfig, type TestRequestConfig } from '../config/auth-config';
import { applyPreset, findPreset } from '../config/presets';
import { applySharedSettings, decodeShareLink, encodeShareLink, type SharedSettings } from '../config/share-link';
import type { BrowserPort } from './browser';
import type { ConfigurationState } from './configuration.svelte';

export interface IncomingShare {
  shared: SharedSettings;
  /** What the link will fill, as label/value pairs. */
  fields: [string, string][];
  /** Every host the settings would send requests to. */
  hosts: string[];
  /** The `{{variables}}` the settings refer to, by name. */
  variables: string[];
}

export interface ShareDeps {
  browser: BrowserPort;
  snapshot(): ConfigurationState;
  secrets(): readonly string[];
  /** Opens the settings as a new unsaved configuration. */
  open(state: ConfigurationState): Promise<void>;
}

/** The settings a link fills, laid over its preset (or a blank configuration); nothing of the open one. */
function settingsOf(shared: SharedSettings): { auth: AuthConfig; testRequest: TestRequestConfig } {
  const preset = findPreset(shared.auth.presetId);
  const base = preset ? applyPreset(preset) : { auth: emptyAuthConfig(), testRequest: emptyTestRequest() };
  return applySharedSettings(shared, base);
}

/** The hosts of every URL in the settings (variables unresolved). */
export function hostsOf(auth: AuthConfig, testRequest: TestRequestConfig): string[] {
  const o = auth.oauth2;
  const urls = [o.issuer, o.authorizationUrl, o.tokenUrl, o.deviceAuthorizationUrl, o.revocationUrl, o.introspectionUrl, o.userinfoUrl, o.parUrl, o.jwksUri, testRequest.url];
  const hosts = new Set<string>();
  for (const url of urls) {
    const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(url.trim());
    if (match) hosts.add(match[1]!);
  }
  return [...hosts];
}

/** The variable names referred to anywhere in the settings. */
export function variablesOf(value: unknown): string[] {
  const names = new Set<string>();
  for (const match of JSON.stringify(value).matchAll(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g)) names.add(match[1]!);
  return [...names];
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
      const { auth, testRequest } = settingsOf(decoded.shared);
      this.#incoming = { shared: decoded.shared, fields: decoded.fields, hosts: hostsOf(auth, testRequest), variables: variablesOf(decoded.shared) };
      this.#problem = undefined;
    } else {
      this.#incoming = null;
      this.#problem = decoded.message;
    }
  }

  /** `Apply shared settings`: opens them as a new unsaved configuration. Secrets stay to be typed. */
  async apply(): Promise<void> {
    if (!this.#incoming) return;
    const { auth, testRequest } = settingsOf(this.#incoming.shared);
    this.#incoming = null;
    await this.#deps.open({ auth, testRequest });
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
