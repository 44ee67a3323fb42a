/**
 * The playground's state: the configuration being edited, the token runs, the last exchanges and
 * errors. Joins the protocol modules (loaded lazily through `loadProtocol`) and storage for the UI;
 * components read its fields and call its methods. The interactive flows live in their own classes.
 */
import { getContext, setContext } from 'svelte';
import type { AuthorizationServer, DPoPHandle } from 'oauth4webapi';
import { secretValues, type AuthConfig, type OAuth2Settings, type TestRequestConfig } from '../config/auth-config';
import { CLIENT_AUTH_DESCRIPTIONS } from '../config/client-auth-descriptions';
import { applyPreset, DEFAULT_PRESET_ID, findPreset, PRESETS, type Preset } from '../config/presets';
import { PlaygroundError } from '../errors/playground-error';
import { formatBody } from '../http/body';
import { createRecordingFetch, withCancel, type Exchange, type FetchLike } from '../http/exchange';
import { isLoopbackUrl } from '../http/insecure';
import { redactExchange } from '../http/redact';
import type { AttachedAuth, TestResponse } from '../http/test-request';
import type { ProtocolContext } from '../oauth/context';
import { decodeJwt } from '../oauth/jwt';
import { capabilities, endpointsFrom, settingsWarnings, suggestedMethods } from '../oauth/metadata';
import type { TokenSet } from '../oauth/token-set';
import { newRunId, type PlaygroundStorage, type TokenRecord, type TokenRun, type TokenRuns } from '../store/storage';
import { callbackParameters } from '../oauth/callback';
import type { AuthorizationFlow } from './authorization-flow.svelte';
import type { BrowserPort } from './browser';
import type { DeviceFlow } from './device-flow.svelte';
import { describe, loadProtocol } from './protocol';

const SAVE_DELAY_MS = 250;

export interface PlaygroundDeps {
  storage: PlaygroundStorage;
  fetch: FetchLike;
  browser: BrowserPort;
  /** The exact redirect URI of this page, to show and to register. */
  redirectUri: string;
  now?: () => number;
}

/** The outcome of Revoke, Introspect or UserInfo, shown under the token. */
export interface OperationResult {
  title: string;
  result: unknown;
}

export class Playground {
  auth = $state<AuthConfig>(applyPreset(PRESETS[0]!).auth);
  testRequest = $state<TestRequestConfig>(applyPreset(PRESETS[0]!).testRequest);
  tokenRuns = $state<TokenRuns>({ currentId: null, items: [] });
  tokenExchanges = $state<Exchange[]>([]);
  tokenError = $state<PlaygroundError | null>(null);
  /** The client authentication method of the last `Get token`, shown with its exchange. */
  tokenAttemptClientAuth = $state<string>('');
  /** After a refresh: the refresh token before and after, to show rotation. */
  rotation = $state<{ before: string; after: string } | null>(null);
  discovery = $state<{ metadata: AuthorizationServer; source: string } | null>(null);
  /** What Discover chose on the user's behalf, said plainly. */
  discoveryNotes = $state<string[]>([]);
  /** The public half of a client key generated here, to register with the provider. */
  publicClientJwk = $state('');
  operation = $state<OperationResult | null>(null);
  operationError = $state<PlaygroundError | null>(null);
  requestExchanges = $state<Exchange[]>([]);
  response = $state<TestResponse | null>(null);
  requestError = $state<PlaygroundError | null>(null);
  /** What the auth side is doing; one thing at a time. */
  busy = $state<'token' | 'discover' | 'operation' | null>(null);
  /** A test request is in flight. */
  sending = $state(false);
  /** A request the user may cancel is in flight (Get token, Renew, Discover, Revoke, Introspect, UserInfo). */
  cancellable = $state(false);
  /** Show secrets in recorded exchanges instead of masking them. Off by default. */
  revealSecrets = $state(false);
  /** A problem with storage, in plain words, when there is one. */
  storageProblem = $state<string | undefined>(undefined);
  loaded = $state(false);

  readonly presets: readonly Preset[] = PRESETS;
  readonly redirectUri: string;
  /** The interactive flows, loaded on first use (they are not needed to open the page). */
  authorization = $state<AuthorizationFlow | null>(null);
  device = $state<DeviceFlow | null>(null);
  readonly storage: PlaygroundStorage;
  readonly now: () => number;
  #fetch: FetchLike;
  #browser: BrowserPort;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Aborts the cancellable request in flight; every request of `context()` listens to it meanwhile. */
  #abort: AbortController | null = null;
  /** DPoP proof builders by token run: they remember the servers' nonces. */
  #dpopHandles = new Map<string, DPoPHandle>();
  /** Select fields the user changed by hand: Discover does not override those. */
  #chosen = new Set<'clientAuth' | 'codeChallengeMethod'>();

  constructor(deps: PlaygroundDeps) {
    this.storage = deps.storage;
    this.#fetch = deps.fetch;
    this.now = deps.now ?? Date.now;
    this.redirectUri = deps.redirectUri;
    this.storageProblem = deps.storage.problem;
    this.#browser = deps.browser;
  }

  async #authorizationFlow(): Promise<AuthorizationFlow> {
    const { AuthorizationFlow } = await import('./authorization-flow.svelte');
    this.authorization ??= new AuthorizationFlow(this, this.#browser);
    return this.authorization;
  }

  async #deviceFlow(): Promise<DeviceFlow> {
    const { DeviceFlow } = await import('./device-flow.svelte');
    this.device ??= new DeviceFlow(this);
    return this.device;
  }

  preset = $derived(findPreset(this.auth.presetId));
  clientAuthDescription = $derived(CLIENT_AUTH_DESCRIPTIONS[this.auth.oauth2.clientAuth]);

  /** The run the test request uses. */
  tokenRecord = $derived<TokenRun | null>(this.tokenRuns.items.find((run) => run.id === this.tokenRuns.currentId) ?? null);

  secrets = $derived.by(() => {
    const runs = this.tokenRuns.items.flatMap((run) => [run.token.access_token, run.token.refresh_token, run.token.id_token]);
    return [...secretValues(this.auth), ...runs].filter((value): value is string => typeof value === 'string' && value !== '');
  });

  shownTokenExchanges = $derived(this.#shown(this.tokenExchanges));
  shownRequestExchanges = $derived(this.#shown(this.requestExchanges));
  responseBody = $derived(this.response ? formatBody(this.response.body) : '');
  decodedAccessToken = $derived(this.tokenRecord ? decodeJwt(this.tokenRecord.token.access_token) : null);

  tokenIsStale = $derived.by(() => {
    const source = this.tokenRecord?.source;
    if (!source) return false;
    const o = this.auth.oauth2;
    return source.tokenUrl !== o.tokenUrl.trim() || source.clientId !== o.clientId.trim();
  });

  serverCapabilities = $derived(this.discovery ? capabilities(this.discovery.metadata) : null);
  settingsWarnings = $derived(this.discovery ? settingsWarnings(this.auth.oauth2, this.discovery.metadata) : []);

  insecureWarning = $derived.by(() => {
    if (!this.auth.allowInsecureHttp) return null;
    const urls = [this.auth.oauth2.tokenUrl, this.testRequest.url].filter((u) => /^http:/i.test(u.trim()) && !isLoopbackUrl(u.trim()));
    return urls.length ? `Plain http is allowed: credentials to ${urls.map((u) => new URL(u.trim()).host).join(', ')} travel unencrypted.` : null;
  });

  #shown(exchanges: Exchange[]): Exchange[] {
    return this.revealSecrets ? exchanges : exchanges.map((exchange) => redactExchange(exchange, this.secrets));
  }

  /** Restores the last draft and tokens (or opens the default preset), then finishes a flow the URL brings back. */
  async load(): Promise<void> {
    try {
      const draft = await this.storage.loadDraft();
      if (draft) {
        this.auth = draft.auth;
        this.testRequest = draft.testRequest;
        this.#refillPresetSecrets();
      } else {
        this.selectPreset(DEFAULT_PRESET_ID);
      }
      this.tokenRuns = await this.storage.loadTokens();
    } catch (error) {
      this.storageProblem = `Could not read saved data: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.`;
    }
    this.loaded = true;
    if (callbackParameters(this.#browser.currentUrl())) await (await this.#authorizationFlow()).handleReturn();
  }

  /** Presets carry public demo secrets: a draft restored from one gets them back where the field is empty. */
  #refillPresetSecrets(): void {
    const preset = findPreset(this.auth.presetId);
    if (!preset) return;
    const filled = applyPreset(preset).auth;
    const o = this.auth.oauth2;
    if (o.clientSecret === '' && o.clientId === filled.oauth2.clientId) o.clientSecret = filled.oauth2.clientSecret;
    if (o.password === '' && o.username === filled.oauth2.username) o.password = filled.oauth2.password;
    if (o.privateKeyJwk === '' && o.clientId === filled.oauth2.clientId) o.privateKeyJwk = filled.oauth2.privateKeyJwk;
    if (this.auth.apiKey.value === '') this.auth.apiKey.value = filled.apiKey.value;
    if (this.auth.basic.username === '') {
      this.auth.basic.username = filled.basic.username;
      this.auth.basic.password = filled.basic.password;
    }
  }

  selectPreset(id: string): void {
    const preset = findPreset(id);
    if (!preset) return;
    const { auth, testRequest } = applyPreset(preset);
    auth.allowInsecureHttp = this.auth.allowInsecureHttp;
    this.auth = auth;
    this.testRequest = testRequest;
    this.discovery = null;
    this.discoveryNotes = [];
    this.#chosen.clear();
    this.tokenError = null;
    this.requestError = null;
  }

  /** Generates a private_key_jwt key pair: the private JWK fills the field, the public one is shown to register. */
  async generateClientKey(): Promise<void> {
    const { generateClientKeyPair } = await loadProtocol();
    const { privateJwk, publicJwk } = await generateClientKeyPair();
    this.auth.oauth2.privateKeyJwk = privateJwk;
    this.publicClientJwk = publicJwk;
  }

  /** The user picked a value by hand: Discover will not replace it. */
  markChosen(field: 'clientAuth' | 'codeChallengeMethod'): void {
    this.#chosen.add(field);
  }

  /** Saves the draft now (before the page leaves for an authorization server). */
  async saveNow(): Promise<void> {
    clearTimeout(this.#saveTimer);
    const draft = { auth: $state.snapshot(this.auth), testRequest: $state.snapshot(this.testRequest) };
    await this.storage.saveDraft(draft).catch((error: unknown) => this.#storageFailed('Settings could not be saved', error));
  }

  scheduleSave(): void {
    if (!this.loaded) return;
    clearTimeout(this.#saveTimer);
    const draft = { auth: $state.snapshot(this.auth), testRequest: $state.snapshot(this.testRequest) };
    this.#saveTimer = setTimeout(() => {
      this.storage.saveDraft(draft).catch((error: unknown) => this.#storageFailed('Settings could not be saved', error));
    }, SAVE_DELAY_MS);
  }

  #storageFailed(what: string, error: unknown): void {
    this.storageProblem = `${what}: ${error instanceof Error ? error.message : String(error)}.`;
  }

  /** `Cancel`: abandons the request in flight; what was there before stays. */
  cancelRequest(): void {
    this.#abort?.abort();
  }

  #beginCancellable(): void {
    this.#abort = new AbortController();
    this.cancellable = true;
  }

  #endCancellable(): void {
    this.#abort = null;
    this.cancellable = false;
  }

  /**
   * A protocol context whose exchanges are recorded into `into` under `label`; `labels` names the
   * exchanges with other URLs (the JWKS fetched while checking an ID token). Responses over the
   * recording cap are refused unless `anySize` (test requests). Requests made while a cancellable
   * operation runs stop on `Cancel`.
   */
  context(label: string, into: Exchange[], labels: Record<string, string> = {}, { anySize = false } = {}): ProtocolContext {
    const onExchange = (exchange: Exchange) => into.push({ ...exchange, label: labels[exchange.request.url] ?? exchange.label });
    const fetch = this.#abort ? withCancel(this.#fetch, this.#abort.signal) : this.#fetch;
    return {
      fetch: createRecordingFetch({ fetch, label, onExchange, refuseOversized: !anySize }),
      allowInsecureHttp: this.auth.allowInsecureHttp,
      now: this.now,
    };
  }

  /** The OAuth settings as they are now, detached from the UI. */
  settingsSnapshot(): OAuth2Settings {
    return $state.snapshot(this.auth.oauth2);
  }

  /**
   * A new DPoP key and proof builder when the settings ask for DPoP; the key goes with the token run.
   * Needs the protocol layer loaded.
   */
  async newDpop(settings: OAuth2Settings): Promise<{ dpopKeyPair?: CryptoKeyPair; dpop?: DPoPHandle }> {
    if (!settings.dpop) return {};
    const { generateDpopKeyPair, dpopHandle } = await loadProtocol();
    const dpopKeyPair = await generateDpopKeyPair();
    return { dpopKeyPair, dpop: dpopHandle(dpopKeyPair) };
  }

  /** The proof builder for a DPoP-bound run (kept per run so nonces are reused). */
  async dpopFor(run: TokenRun): Promise<DPoPHandle | undefined> {
    if (!run.dpopKeyPair) return undefined;
    let handle = this.#dpopHandles.get(run.id);
    if (!handle) {
      handle = (await loadProtocol()).dpopHandle(run.dpopKeyPair);
      this.#dpopHandles.set(run.id, handle);
    }
    return handle;
  }

  /** Starts a token attempt: clears the last error and exchanges. Returns false when busy. */
  beginTokenAttempt(): boolean {
    if (this.busy) return false;
    this.busy = 'token';
    this.tokenError = null;
    this.rotation = null;
    this.tokenExchanges = [];
    this.tokenAttemptClientAuth = this.auth.oauth2.clientAuth;
    return true;
  }

  /** Keeps a new token as the newest run, used from now on by test requests. */
  async addTokenRun(
    token: TokenSet,
    settings: OAuth2Settings,
    extra: Pick<TokenRecord, 'idTokenClaims' | 'idTokenSignature' | 'dpopKeyPair'> = {},
    dpop?: DPoPHandle,
  ): Promise<void> {
    const run: TokenRun = {
      id: newRunId(this.now()),
      token,
      source: { authType: 'oauth2', grantType: settings.grantType, tokenUrl: settings.tokenUrl.trim(), clientId: settings.clientId.trim(), clientAuth: settings.clientAuth },
      ...extra,
    };
    if (dpop) this.#dpopHandles.set(run.id, dpop);
    this.tokenRuns = { currentId: run.id, items: [run, ...this.tokenRuns.items] };
    try {
      this.tokenRuns = await this.storage.addToken(run);
    } catch (error) {
      this.#storageFailed('The token could not be saved and will be lost on reload', error);
    }
  }

  /** `Get token`: runs the chosen grant. A failure keeps every token already there. */
  async getToken(): Promise<void> {
    const grant = this.auth.oauth2.grantType;
    if (grant === 'authorization_code') return (await this.#authorizationFlow()).start();
    if (grant === 'urn:ietf:params:oauth:grant-type:device_code') return (await this.#deviceFlow()).start();
    if (grant === 'refresh_token') return this.renewToken();
    if (!this.beginTokenAttempt()) return;
    this.#beginCancellable();
    const settings = this.settingsSnapshot();
    try {
      const { requestToken } = await loadProtocol();
      const { dpopKeyPair, dpop } = await this.newDpop(settings);
      const token = await requestToken(settings, { ...this.context('Token request', this.tokenExchanges), ...(dpop ? { dpop } : {}) });
      await this.addTokenRun(token, settings, dpopKeyPair ? { dpopKeyPair } : {}, dpop);
    } catch (error) {
      this.tokenError = await describe(error, 'Token request');
    } finally {
      this.#endCancellable();
      this.busy = null;
    }
  }

  /**
   * Renews the current token: with its refresh token when it has one (showing rotation), otherwise
   * by asking again with client credentials.
   */
  async renewToken(): Promise<void> {
    const run = this.tokenRecord;
    const refreshToken = run?.token.refresh_token;
    if (!refreshToken) {
      if (run?.source.grantType === 'client_credentials' && this.auth.oauth2.grantType === 'client_credentials') return this.getToken();
      this.tokenError = new PlaygroundError('There is no refresh token to use.', {
        kind: 'input',
        code: 'no_refresh_token',
        hint: 'Get a token with a grant that issues refresh tokens (authorization_code or password, often with the offline_access scope).',
      });
      return;
    }
    if (!this.beginTokenAttempt()) return;
    this.#beginCancellable();
    const settings = this.settingsSnapshot();
    try {
      const { refreshTokens } = await loadProtocol();
      const dpop = await this.dpopFor(run);
      const token = await refreshTokens(settings, refreshToken, { ...this.context('Refresh request', this.tokenExchanges), ...(dpop ? { dpop } : {}) });
      this.rotation = { before: refreshToken, after: token.refresh_token ?? refreshToken };
      const renewed: TokenRun = { ...$state.snapshot(run), token };
      this.tokenRuns = { ...this.tokenRuns, items: this.tokenRuns.items.map((item) => (item.id === run.id ? renewed : item)) };
      this.tokenRuns = await this.storage.replaceToken(renewed).catch((error: unknown) => {
        this.#storageFailed('The renewed token could not be saved', error);
        return this.tokenRuns;
      });
    } catch (error) {
      this.tokenError = await describe(error, 'Refresh');
    } finally {
      this.#endCancellable();
      this.busy = null;
    }
  }

  async selectTokenRun(id: string): Promise<void> {
    this.tokenRuns = { ...this.tokenRuns, currentId: id };
    this.tokenRuns = await this.storage.selectToken(id).catch(() => this.tokenRuns);
  }

  /** Forgets the current token, here and in storage. */
  async clearToken(): Promise<void> {
    const id = this.tokenRuns.currentId;
    if (!id) return;
    const items = this.tokenRuns.items.filter((item) => item.id !== id);
    this.tokenRuns = { items, currentId: items[0]?.id ?? null };
    this.tokenRuns = await this.storage.deleteToken(id).catch(() => this.tokenRuns);
  }

  /** `Discover`: fills endpoints from the issuer's metadata and picks methods where the user has not. */
  async discover(): Promise<void> {
    if (this.busy) return;
    this.busy = 'discover';
    this.#beginCancellable();
    this.tokenError = null;
    this.tokenExchanges = [];
    try {
      const { discover } = await loadProtocol();
      const found = await discover(this.auth.oauth2.issuer, this.context('Discovery', this.tokenExchanges));
      Object.assign(this.auth.oauth2, endpointsFrom(found.metadata));
      const notes = [`Endpoints filled from ${found.source === 'openid-configuration' ? '/.well-known/openid-configuration' : '/.well-known/oauth-authorization-server'}.`];
      const suggestion = suggestedMethods(found.metadata, this.auth.oauth2.clientSecret !== '');
      if (suggestion.clientAuth && !this.#chosen.has('clientAuth') && suggestion.clientAuth !== this.auth.oauth2.clientAuth) {
        this.auth.oauth2.clientAuth = suggestion.clientAuth;
        notes.push(`Client authentication set to ${suggestion.clientAuth}, which the server advertises.`);
      }
      if (suggestion.codeChallengeMethod && !this.#chosen.has('codeChallengeMethod') && suggestion.codeChallengeMethod !== this.auth.oauth2.codeChallengeMethod) {
        this.auth.oauth2.codeChallengeMethod = suggestion.codeChallengeMethod;
        notes.push(`Code challenge method set to ${suggestion.codeChallengeMethod}, which the server advertises.`);
      }
      this.discovery = { metadata: found.metadata, source: found.source };
      this.discoveryNotes = notes;
    } catch (error) {
      this.tokenError = await describe(error, 'Discovery');
    } finally {
      this.#endCancellable();
      this.busy = null;
    }
  }

  /** Revoke, Introspect or UserInfo on the current token; the result is shown under it. */
  async tokenOperation(kind: 'revoke' | 'introspect' | 'userinfo'): Promise<void> {
    const run = this.tokenRecord;
    if (!run || this.busy) return;
    this.busy = 'operation';
    this.#beginCancellable();
    this.operation = null;
    this.operationError = null;
    this.tokenExchanges = [];
    const settings = this.settingsSnapshot();
    const labels = { revoke: 'Revocation', introspect: 'Introspection', userinfo: 'UserInfo' } as const;
    try {
      const protocol = await loadProtocol();
      const ctx = this.context(`${labels[kind]} request`, this.tokenExchanges);
      const token = run.token.access_token;
      if (kind === 'revoke') {
        await protocol.revokeToken(settings, token, 'access_token', ctx);
        this.operation = { title: 'Revocation', result: 'The server accepted the revocation (HTTP 200). Introspect to see the token is no longer active.' };
      } else if (kind === 'introspect') {
        this.operation = { title: 'Introspection', result: await protocol.introspectToken(settings, token, 'access_token', ctx) };
      } else {
        const sub = typeof run.idTokenClaims?.sub === 'string' ? run.idTokenClaims.sub : undefined;
        const dpop = await this.dpopFor(run);
        this.operation = { title: 'UserInfo', result: await protocol.fetchUserInfo(settings, token, sub, { ...ctx, ...(dpop ? { dpop } : {}) }) };
      }
    } catch (error) {
      this.operationError = await describe(error, labels[kind]);
    } finally {
      this.#endCancellable();
      this.busy = null;
    }
  }

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
    if (this.sending) return;
    this.sending = true;
    this.requestError = null;
    this.response = null;
    this.requestExchanges = [];
    try {
      const { prepareTestRequest, sendTestRequest } = await loadProtocol();
      const auth = this.#attachedAuth();
      const prepared = prepareTestRequest($state.snapshot(this.testRequest), auth);
      const run = this.auth.authType === 'oauth2' ? this.tokenRecord : null;
      const dpop = run && run.token.token_type === 'dpop' ? await this.dpopFor(run) : undefined;
      this.response = await sendTestRequest(prepared, auth, { ...this.context('Test request', this.requestExchanges, {}, { anySize: true }), ...(dpop ? { dpop } : {}) });
    } catch (error) {
      this.response = null;
      this.requestError = await describe(error, 'Test request');
    } finally {
      this.sending = false;
    }
  }
}

const KEY = Symbol('playground');

export function setPlayground(playground: Playground): Playground {
  return setContext(KEY, playground);
}

export function getPlayground(): Playground {
  return getContext<Playground>(KEY);
}
