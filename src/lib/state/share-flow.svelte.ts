/**
 * Share links as the user lives them: make one from the current settings; open one, see what it
 * will fill, and apply it or not. Nothing is overwritten without the user's yes.
 */
import { applySharedSettings, decodeShareLink, encodeShareLink, type SharedSettings } from '../config/share-link';
import { applyPreset, findPreset } from '../config/presets';
import { emptyAuthConfig, emptyTestRequest } from '../config/auth-config';
import type { BrowserPort } from './browser';
import type { Playground } from './playground.svelte';

export interface IncomingShare {
  shared: SharedSettings;
  /** What the link will fill, as label/value pairs. */
  fields: [string, string][];
}

export class ShareFlow {
  /** The link made by `create`, shown in the `Share link` textbox. */
  link = $state('');
  /** What was left out of the link because it looked secret. */
  omitted = $state<string[]>([]);
  /** A link the page was opened with, waiting for Apply or Ignore. */
  incoming = $state<IncomingShare | null>(null);
  /** Why the link the page was opened with cannot be used. */
  problem = $state<string | undefined>(undefined);
  /** Set after Apply, to confirm it. */
  applied = $state(false);
  #pg: Playground;
  #browser: BrowserPort;

  constructor(pg: Playground, browser: BrowserPort) {
    this.#pg = pg;
    this.#browser = browser;
  }

  /** Makes a link from the current settings. */
  create(): void {
    const pg = this.#pg;
    const base = this.#browser.currentUrl();
    base.search = '';
    const { url, omitted } = encodeShareLink(base.href, $state.snapshot(pg.auth), $state.snapshot(pg.testRequest), pg.secrets);
    this.link = url;
    this.omitted = omitted;
  }

  /** Reads the link in the address bar, then removes it from there (a reload must not ask again). */
  receive(): void {
    const url = this.#browser.currentUrl();
    const decoded = decodeShareLink(url.hash);
    const clean = new URL(url.href);
    clean.hash = '';
    this.#browser.replaceUrl(clean);
    if (!decoded) return;
    this.applied = false;
    if (decoded.ok) {
      this.incoming = { shared: decoded.shared, fields: decoded.fields };
      this.problem = undefined;
    } else {
      this.incoming = null;
      this.problem = decoded.message;
    }
  }

  /** `Apply shared settings`: replaces the settings being edited. Secrets stay to be typed. */
  apply(): void {
    if (!this.incoming) return;
    const preset = findPreset(this.incoming.shared.auth.presetId);
    const base = preset ? applyPreset(preset) : { auth: emptyAuthConfig(), testRequest: emptyTestRequest() };
    base.auth.allowInsecureHttp = this.#pg.auth.allowInsecureHttp;
    const { auth, testRequest } = applySharedSettings(this.incoming.shared, base);
    this.#pg.replaceSettings(auth, testRequest);
    this.incoming = null;
    this.applied = true;
  }

  /** `Ignore`: keeps the settings as they are. */
  ignore(): void {
    this.incoming = null;
  }

  dismissProblem(): void {
    this.problem = undefined;
  }
}
