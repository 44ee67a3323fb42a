/**
 * Where every request of the page goes through: the recording fetch (each exchange shown with its
 * attempt and written to the log), the local proxy route when it is on, `Cancel`, and the issuer
 * metadata read on demand when a needed endpoint is empty.
 */
import type { OAuth2Settings } from '../config/auth-config';
import { withSavedSecrets } from '../config/credential';
import type { ProviderField } from '../config/provenance';
import type { Exchange, FetchLike } from '../http/exchange';
import type { ProtocolContext } from '../oauth/context';
import type { Configuration } from './configuration.svelte';
import type { ExchangeLog } from './exchange-log.svelte';
import { loadProtocol } from './protocol';
import type { SecretScope } from './secret-scope.svelte';
import type { TaskRunner } from './task-runner.svelte';

let exchangeModule: typeof import('../http/exchange') | undefined;

export interface RequestsDeps {
  fetch: FetchLike;
  now: () => number;
  config: Configuration;
  scope: SecretScope;
  tasks: TaskRunner;
  log: () => ExchangeLog | null;
}

export class Requests {
  /** The metadata helpers, loaded by the first metadata read. */
  metadata = $state.raw<typeof import('../oauth/metadata') | null>(null);
  readonly #deps: RequestsDeps;
  /** Issuers whose metadata was read on demand this session (once each). */
  #metadataRead = new Map<string, Promise<Partial<OAuth2Settings>>>();

  constructor(deps: RequestsDeps) {
    this.#deps = deps;
  }

  /** The metadata helpers, loaded once. */
  async metadataHelpers(): Promise<typeof import('../oauth/metadata')> {
    return (this.metadata ??= await import('../oauth/metadata'));
  }

  /**
   * A protocol context whose exchanges are recorded into `into` under `label`; `labels` names the
   * exchanges with other URLs (the JWKS fetched while checking an ID token). Responses over the
   * recording cap are refused unless `anySize` (test requests). Requests made while a cancellable
   * task runs stop on `Cancel`.
   */
  context(label: string, into: Exchange[], labels: Record<string, string> = {}, { anySize = false } = {}): ProtocolContext {
    const onExchange = (exchange: Exchange) => {
      const labelled = { ...exchange, label: labels[exchange.request.url] ?? exchange.label };
      into.push(labelled);
      this.#deps.log()?.record(labelled);
    };
    const routed = this.#routedFetch();
    const signal = this.#deps.tasks.signal;
    // The recording fetch loads with the first request (it is not needed to open the page).
    const fetch: FetchLike = async (input, init) => {
      const { createRecordingFetch, withCancel } = (exchangeModule ??= await import('../http/exchange'));
      const base = signal ? withCancel(routed, signal) : routed;
      return createRecordingFetch({ fetch: base, label, onExchange, refuseOversized: !anySize })(input, init);
    };
    return { fetch, allowInsecureHttp: this.#deps.config.auth.allowInsecureHttp, now: this.#deps.now };
  }

  /**
   * The browser's fetch, or (with "Send through local proxy" on) the proxy route, loaded on first
   * use. The pairing token is the form's, or the open credential's saved one when the field is empty.
   */
  #routedFetch(): FetchLike {
    const { proxy } = withSavedSecrets({ proxy: $state.snapshot(this.#deps.config.auth.proxy) }, this.#deps.scope.savedSecrets);
    if (!proxy.enabled) return this.#deps.fetch;
    return async (input, init) => (await import('../http/proxy')).viaProxy(this.#deps.fetch, proxy)(input, init);
  }

  /**
   * `settings` with the `needed` endpoints read from the issuer's metadata when they are empty
   * (once per issuer, recorded into `into` as "Discovery (on demand)"); the form gets them too,
   * marked as discovered, while it still talks to that issuer.
   */
  async withEndpoints(settings: OAuth2Settings, needed: readonly (ProviderField & keyof OAuth2Settings)[], into: Exchange[]): Promise<OAuth2Settings> {
    const issuer = settings.issuer.trim();
    if (issuer === '' || needed.every((field) => settings[field] !== '')) return settings;
    let reading = this.#metadataRead.get(issuer);
    if (!reading) {
      reading = (async () => {
        const { discover } = await loadProtocol();
        const { endpointsFrom } = await this.metadataHelpers();
        return endpointsFrom((await discover(issuer, this.context('Discovery (on demand)', into))).metadata);
      })();
      this.#metadataRead.set(issuer, reading);
      reading.catch(() => this.#metadataRead.delete(issuer));
    }
    const endpoints = await reading;
    const { config, scope } = this.#deps;
    if (scope.bestEffort(config.auth.oauth2.issuer).trim() === issuer) config.applyDiscovered(endpoints, issuer, { onlyEmpty: true });
    const filled = { ...settings };
    for (const field of needed) if (filled[field] === '' && typeof endpoints[field] === 'string') (filled as unknown as Record<string, unknown>)[field] = endpoints[field];
    return filled;
  }
}
