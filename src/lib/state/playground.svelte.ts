/**
 * The playground's state: the configuration being edited, the current token, the last exchanges
 * and errors. Joins the protocol modules (oauth/, http/) and storage (store/) for the UI; components
 * read its fields and call its methods.
 */
import { getContext, setContext } from 'svelte';
import { secretValues, type AuthConfig, type TestRequestConfig } from '../config/auth-config';
import { applyPreset, DEFAULT_PRESET_ID, findPreset, PRESETS, type Preset } from '../config/presets';
import { PlaygroundError } from '../errors/playground-error';
import { createRecordingFetch, type Exchange, type FetchLike } from '../http/exchange';
import { isLoopbackUrl } from '../http/insecure';
import { redactExchange } from '../http/redact';
import { formatBody } from '../http/body';
import type { AttachedAuth, TestResponse } from '../http/test-request';
import { CLIENT_AUTH_DESCRIPTIONS } from '../config/client-auth-descriptions';
import type { ProtocolContext } from '../oauth/context';
import { decodeJwt } from '../oauth/jwt';
import { loadProtocol } from './protocol';
import type { PlaygroundStorage, TokenRecord } from '../store/storage';

/** Until saved credentials exist, the one configuration being edited has this id. */
const DRAFT_ID = 'draft';
const SAVE_DELAY_MS = 250;

export interface PlaygroundDeps {
  storage: PlaygroundStorage;
  fetch: FetchLike;
  /** The exact redirect URI of this page, to show and to register. */
  redirectUri: string;
  now?: () => number;
}

export class Playground {
  auth = $state<AuthConfig>(applyPreset(PRESETS[0]!).auth);
  testRequest = $state<TestRequestConfig>(applyPreset(PRESETS[0]!).testRequest);
  tokenRecord = $state<TokenRecord | null>(null);
  tokenExchanges = $state<Exchange[]>([]);
  tokenError = $state<PlaygroundError | null>(null);
  /** The client authentication method of the last `Get token`, shown with its exchange. */
  tokenAttemptClientAuth = $state<string>('');
  requestExchanges = $state<Exchange[]>([]);
  response = $state<TestResponse | null>(null);
  requestError = $state<PlaygroundError | null>(null);
  busy = $state<'token' | 'request' | null>(null);
  /** Show secrets in recorded exchanges instead of masking them. Off by default. */
  revealSecrets = $state(false);
  /** A problem with storage, in plain words, when there is one. */
  storageProblem = $state<string | undefined>(undefined);
  loaded = $state(false);

  readonly presets: readonly Preset[] = PRESETS;
  readonly redirectUri: string;
  #storage: PlaygroundStorage;
  #fetch: FetchLike;
  #now: () => number;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(deps: PlaygroundDeps) {
    this.#storage = deps.storage;
    this.#fetch = deps.fetch;
    this.#now = deps.now ?? Date.now;
    this.redirectUri = deps.redirectUri;
    this.storageProblem = deps.storage.problem;
  }

  /** The preset the configuration came from, if any. */
  preset = $derived(findPreset(this.auth.presetId));

  /** The sentence saying where the client credentials travel. */
  clientAuthDescription = $derived(CLIENT_AUTH_DESCRIPTIONS[this.auth.oauth2.clientAuth]);

  /** Every secret value known now, for masking exchanges. */
  secrets = $derived.by(() => {
    const token = this.tokenRecord?.token;
    return [...secretValues(this.auth), token?.access_token, token?.refresh_token, token?.id_token].filter(
      (value): value is string => typeof value === 'string' && value !== '',
    );
  });

  /** Exchanges as shown: masked unless the user chose to reveal. */
  shownTokenExchanges = $derived(this.#shown(this.tokenExchanges));
  shownRequestExchanges = $derived(this.#shown(this.requestExchanges));

  /** The test response body as shown: JSON pretty-printed, anything else as text. */
  responseBody = $derived(this.response ? formatBody(this.response.body) : '');

  /** The access token decoded when it is a JWT. */
  decodedAccessToken = $derived(this.tokenRecord ? decodeJwt(this.tokenRecord.token.access_token) : null);

  /** True when the stored token was obtained with other settings than those now entered. */
  tokenIsStale = $derived.by(() => {
    const source = this.tokenRecord?.source;
    if (!source) return false;
    const o = this.auth.oauth2;
    return source.tokenUrl !== o.tokenUrl.trim() || source.clientId !== o.clientId.trim() || source.grantType !== o.grantType;
  });

  /** Warn when plain http is allowed for a host that is not loopback. */
  insecureWarning = $derived.by(() => {
    if (!this.auth.allowInsecureHttp) return null;
    const urls = [this.auth.oauth2.tokenUrl, this.testRequest.url].filter((u) => /^http:/i.test(u.trim()) && !isLoopbackUrl(u.trim()));
    return urls.length ? `Plain http is allowed: credentials to ${urls.map((u) => new URL(u.trim()).host).join(', ')} travel unencrypted.` : null;
  });

  #shown(exchanges: Exchange[]): Exchange[] {
    return this.revealSecrets ? exchanges : exchanges.map((exchange) => redactExchange(exchange, this.secrets));
  }

  /** Restores the last draft and token, or opens the default preset. */
  async load(): Promise<void> {
    try {
      const draft = await this.#storage.loadDraft();
      if (draft) {
        this.auth = draft.auth;
        this.testRequest = draft.testRequest;
        this.#refillPresetSecrets();
      } else {
        this.selectPreset(DEFAULT_PRESET_ID);
      }
      this.tokenRecord = (await this.#storage.loadToken(DRAFT_ID)) ?? null;
    } catch (error) {
      this.storageProblem = `Could not read saved data: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.`;
    }
    this.loaded = true;
  }

  /**
   * Secrets are not stored with the draft. Presets carry public demo secrets, so a draft restored
   * from one gets them back where the field is empty.
   */
  #refillPresetSecrets(): void {
    const preset = findPreset(this.auth.presetId);
    if (!preset) return;
    const filled = applyPreset(preset).auth;
    if (this.auth.oauth2.clientSecret === '' && this.auth.oauth2.clientId === filled.oauth2.clientId) {
      this.auth.oauth2.clientSecret = filled.oauth2.clientSecret;
    }
    if (this.auth.apiKey.value === '') this.auth.apiKey.value = filled.apiKey.value;
    if (this.auth.basic.username === '') {
      this.auth.basic.username = filled.basic.username;
      this.auth.basic.password = filled.basic.password;
    }
  }

  /** Fills the configuration and test request from a preset. */
  selectPreset(id: string): void {
    const preset = findPreset(id);
    if (!preset) return;
    const { auth, testRequest } = applyPreset(preset);
    auth.allowInsecureHttp = this.auth.allowInsecureHttp;
    this.auth = auth;
    this.testRequest = testRequest;
    this.tokenError = null;
    this.requestError = null;
  }

  /** Saves the draft (without secrets) shortly after the last change. */
  scheduleSave(): void {
    if (!this.loaded) return;
    clearTimeout(this.#saveTimer);
    const draft = { auth: $state.snapshot(this.auth), testRequest: $state.snapshot(this.testRequest) };
    this.#saveTimer = setTimeout(() => {
      this.#storage.saveDraft(draft).catch((error: unknown) => {
        this.storageProblem = `Settings could not be saved: ${error instanceof Error ? error.message : String(error)}.`;
      });
    }, SAVE_DELAY_MS);
  }

  #context(label: string, into: Exchange[]): ProtocolContext {
    return {
      fetch: createRecordingFetch({ fetch: this.#fetch, label, onExchange: (exchange) => into.push(exchange) }),
      allowInsecureHttp: this.auth.allowInsecureHttp,
      now: this.#now,
    };
  }

  /** `Get token`: runs the configured grant. A failure keeps the previous token. */
  async getToken(): Promise<void> {
    if (this.busy) return;
    this.busy = 'token';
    this.tokenError = null;
    this.tokenExchanges = [];
    const settings = $state.snapshot(this.auth.oauth2);
    this.tokenAttemptClientAuth = settings.clientAuth;
    try {
      const { requestToken } = await loadProtocol();
      const token = await requestToken(settings, this.#context('Token request', this.tokenExchanges));
      const record: TokenRecord = {
        token,
        source: {
          authType: 'oauth2',
          grantType: settings.grantType,
          tokenUrl: settings.tokenUrl.trim(),
          clientId: settings.clientId.trim(),
          clientAuth: settings.clientAuth,
        },
      };
      this.tokenRecord = record;
      await this.#storage.saveToken(DRAFT_ID, record).catch((error: unknown) => {
        this.storageProblem = `The token could not be saved and will be lost on reload: ${error instanceof Error ? error.message : String(error)}.`;
      });
    } catch (error) {
      this.tokenError = await describe(error, 'Token request');
    } finally {
      this.busy = null;
    }
  }

  /** Forgets the current token, here and in storage. */
  async clearToken(): Promise<void> {
    this.tokenRecord = null;
    await this.#storage.deleteToken(DRAFT_ID).catch(() => undefined);
  }

  /** The credentials the test request carries, from the auth type. */
  #attachedAuth(): AttachedAuth {
    const a = this.auth;
    switch (a.authType) {
      case 'oauth2': {
        const token = this.tokenRecord?.token.access_token;
        if (!token) throw new PlaygroundError('There is no token yet.', { kind: 'input', code: 'no_token', hint: 'Click Get token first.' });
        return { kind: 'bearer', token };
      }
      case 'bearer':
        if (a.bearer.token.trim() === '') throw new PlaygroundError('The Token field is empty.', { kind: 'input', code: 'missing_field', hint: 'Paste an access token.' });
        return { kind: 'bearer', token: a.bearer.token.trim() };
      case 'basic':
        if (a.basic.username === '' && a.basic.password === '') {
          throw new PlaygroundError('Username and Password are both empty.', {
            kind: 'input',
            code: 'missing_field',
            hint: 'Enter a Username (for an API key sent as Basic user name, put the key there and leave Password empty).',
          });
        }
        return { kind: 'basic', username: a.basic.username, password: a.basic.password };
      case 'api_key':
        if (a.apiKey.value === '') throw new PlaygroundError('The API key is empty.', { kind: 'input', code: 'missing_field', hint: 'Enter the API key.' });
        return { kind: 'api_key', placement: a.apiKey.placement, name: a.apiKey.name, value: a.apiKey.value };
    }
  }

  /** `Send`: the test request with the current auth attached. */
  async sendTestRequest(): Promise<void> {
    if (this.busy) return;
    this.busy = 'request';
    this.requestError = null;
    this.requestExchanges = [];
    try {
      const { prepareTestRequest, sendTestRequest } = await loadProtocol();
      const auth = this.#attachedAuth();
      const prepared = prepareTestRequest($state.snapshot(this.testRequest), auth);
      this.response = await sendTestRequest(prepared, auth, this.#context('Test request', this.requestExchanges));
    } catch (error) {
      this.response = null;
      this.requestError = await describe(error, 'Test request');
    } finally {
      this.busy = null;
    }
  }
}

/** `error` as a `PlaygroundError`, even when the protocol code itself could not be loaded. */
async function describe(error: unknown, what: string): Promise<PlaygroundError> {
  try {
    return (await loadProtocol()).describeError(error, what);
  } catch (loadError) {
    return new PlaygroundError(`${what} failed: part of this app could not be loaded (${String(loadError)}).`, {
      kind: 'network',
      code: 'app_code_unavailable',
      hint: 'Check your connection and reload the page.',
      cause: error,
    });
  }
}

const KEY = Symbol('playground');

export function setPlayground(playground: Playground): Playground {
  return setContext(KEY, playground);
}

export function getPlayground(): Playground {
  return getContext<Playground>(KEY);
}
