/**
 * Links that bring settings into the page: a share link (asks, then opens as a new unsaved
 * configuration) and the local proxy's pairing link (asks, naming the proxy, before its token goes
 * into the form). Neither changes anything by itself.
 */
import { DEFAULT_PROXY_URL, takePairing } from '../config/proxy';
import type { Variable } from '../config/variables';
import type { BrowserPort } from './browser';
import type { Configuration, ConfigurationState } from './configuration.svelte';
import type { ShareFlow } from './share-flow.svelte';

export interface LinksDeps {
  browser: BrowserPort;
  config: Configuration;
  secrets: () => readonly string[];
  /** The active environment's variables (a share link's confirmation names the secret ones it uses). */
  variables: () => readonly Variable[];
  /** Opens settings as a new unsaved configuration that inherits nothing. */
  openFresh: (state: ConfigurationState) => Promise<void>;
}

export class Links {
  #share = $state.raw<ShareFlow | null>(null);
  #pairing = $state.raw<{ token: string; proxyUrl: string } | null>(null);
  readonly #deps: LinksDeps;

  constructor(deps: LinksDeps) {
    this.#deps = deps;
  }

  /** Share links, loaded on first use or when the page is opened from one. */
  get share(): ShareFlow | null {
    return this.#share;
  }

  /** A pairing link the page was opened with, waiting for `Pair with this proxy` or `Ignore pairing`. */
  get pairing(): { proxyUrl: string } | null {
    return this.#pairing && { proxyUrl: this.#pairing.proxyUrl };
  }

  /**
   * Takes a pairing link out of the address bar at once (its token must not stay there); it waits
   * to be accepted. Called first thing on load, and when the fragment changes.
   */
  takePairing(): void {
    const pairing = takePairing(this.#deps.browser.currentUrl());
    if (!pairing) return;
    this.#deps.browser.replaceUrl(pairing.cleaned);
    this.#pairing = { token: pairing.token, proxyUrl: pairing.proxyUrl ?? (this.#deps.config.auth.proxy.url || DEFAULT_PROXY_URL) };
  }

  /** `Pair with this proxy`: the token and proxy URL go into the form (of a saved credential too, as an unsaved change). */
  acceptPairing(): void {
    const pairing = this.#pairing;
    if (!pairing) return;
    Object.assign(this.#deps.config.auth.proxy, { token: pairing.token, url: pairing.proxyUrl });
    this.#pairing = null;
  }

  /** `Ignore pairing`: nothing changes; the token is forgotten. */
  ignorePairing(): void {
    this.#pairing = null;
  }

  async #shareFlow(): Promise<ShareFlow> {
    const { ShareFlow } = await import('./share-flow.svelte');
    const { browser, config, secrets, variables, openFresh } = this.#deps;
    this.#share ??= new ShareFlow({ browser, snapshot: () => config.snapshot(), secrets, variables, open: openFresh });
    return this.#share;
  }

  /** A link pasted into this tab's address bar (the fragment changed): a pairing link or a share link. */
  async receive(): Promise<void> {
    this.takePairing();
    await this.receiveShare();
  }

  /** When the address bar holds a share link: asks what to do with it. */
  async receiveShare(): Promise<void> {
    if (this.#deps.browser.currentUrl().hash.startsWith('#share=')) (await this.#shareFlow()).receive();
  }

  /** `Share link`: a URL with the non-secret settings. */
  async createShare(): Promise<void> {
    (await this.#shareFlow()).create();
  }
}
