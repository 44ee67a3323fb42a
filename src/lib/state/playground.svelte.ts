/**
 * The playground's state: the configuration being edited, the token runs, the last exchanges and
 * errors. Joins the protocol modules (loaded lazily through `loadProtocol`) and storage for the UI;
 * components read its fields and call its methods. The interactive flows live in their own classes.
 */
import { getContext, setContext } from 'svelte';
import type { AuthorizationServer, DPoPHandle } from 'oauth4webapi';
import { secretValues, type AuthConfig, type OAuth2Settings, type TestRequestConfig } from '../config/auth-config';
import { withSavedSecrets, type CredentialSummary, type SecretValues } from '../config/credential';
import { previewText, resolveConfig, resolveText, secretVariableValues, variableValues, type Variable } from '../config/variables';
import { CLIENT_AUTH_DESCRIPTIONS } from '../config/client-auth-descriptions';
import { takePairing } from '../config/proxy';
import { applyPreset, DEFAULT_PRESET_ID, findPreset, loadAllPresets, PRESETS, type Preset } from '../config/presets';
import { PlaygroundError } from '../errors/playground-error';
import { formatBody } from '../http/body';
import type { Exchange, FetchLike } from '../http/exchange';
import { isLoopbackUrl } from '../http/insecure';
import type { TestResponse } from '../http/test-request';
import type { ProtocolContext } from '../oauth/context';
import { decodeJwt } from '../oauth/jwt';
import { secondsLeft, type TokenSet } from '../oauth/token-set';
import { DRAFT_OWNER, newRunId, type Draft, type PlaygroundStorage, type TokenRecord, type TokenRun, type TokenRuns } from '../store/storage';
import { callbackParameters } from '../oauth/callback';
import type { AuthorizationFlow } from './authorization-flow.svelte';
import type { BrowserPort, PopupWindow } from './browser';
import type { CredentialLibrary } from './credential-library.svelte';
import type { DeviceFlow } from './device-flow.svelte';
import type { ExchangeLog } from './exchange-log.svelte';
import type { ShareFlow } from './share-flow.svelte';
import { describe, loadProtocol } from './protocol';

const SAVE_DELAY_MS = 250;
const actions = () => import('./actions.svelte');
let exchangeModule: typeof import('../http/exchange') | undefined;
/** How long work runs before the page shows it as busy (see `Playground.busyShown`). */
export const BUSY_SHOWN_AFTER_MS = 150;
/** A token with less than this left is renewed before a test request (when automatic renewal is on). */
export const RENEW_BEFORE_S = 30;

export interface PlaygroundDeps {
  storage: PlaygroundStorage;
  fetch: FetchLike;
  browser: BrowserPort;
  /** The exact redirect URI of this page, to show and to register. */
  redirectUri: string;
  /**
   * Keep `Get token` disabled until `load()` has finished entirely (an embed applies its preset
   * right after); by default it is usable as soon as the restored settings show.
   */
  holdUntilLoaded?: boolean;
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
  #busy = $state<'token' | 'discover' | 'operation' | null>(null);
  #busyTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Whether the work in progress has lasted `BUSY_SHOWN_AFTER_MS`: only then do buttons show as
   * disabled and `Working…` and `Cancel` appear. A quick answer thus replaces the last one without
   * the page flickering (and without drawing a busy state while the request is in flight).
   */
  busyShown = $state(false);

  /** What the auth side is doing; one thing at a time (starting another is refused meanwhile). */
  get busy(): 'token' | 'discover' | 'operation' | null {
    return this.#busy;
  }

  set busy(value: 'token' | 'discover' | 'operation' | null) {
    this.#busy = value;
    if (value === null) {
      clearTimeout(this.#busyTimer);
      this.#busyTimer = undefined;
      this.busyShown = false;
    } else if (!this.busyShown && this.#busyTimer === undefined) {
      this.#busyTimer = setTimeout(() => {
        this.#busyTimer = undefined;
        this.busyShown = this.#busy !== null;
      }, BUSY_SHOWN_AFTER_MS);
    }
  }
  /** A test request is in flight. */
  sending = $state(false);
  /** A request the user may cancel is in flight (Get token, Renew, Discover, Revoke, Introspect, UserInfo). */
  cancellable = $state(false);
  /** Show secrets in recorded exchanges instead of masking them. Off by default. */
  revealSecrets = $state(false);
  /** A problem with storage, in plain words, when there is one. */
  storageProblem = $state<string | undefined>(undefined);
  loaded = $state(false);
  /** The saved credential being edited; null while the configuration is not saved. */
  credential = $state<CredentialSummary | null>(null);
  /** Saved secret values of that credential, decrypted: in memory only, never bound to a field. */
  savedSecrets = $state.raw<SecretValues>({});
  /** The credential has saved secrets, but they are locked behind the passphrase. */
  secretsLocked = $state(false);
  /** The active environment's variables (secret values decrypted, in memory only). */
  variables = $state.raw<Variable[]>([]);
  /** The active environment's id, recorded with each token so another environment never sends it. */
  environmentId = $state<string | null>(null);
  /** Saved credentials, environments and the vault, loaded after the first paint. */
  library = $state<CredentialLibrary | null>(null);
  /** Said when a token was renewed without the user clicking. */
  renewNote = $state<string | null>(null);

  /** The local demo presets at first; the provider templates join them after the first paint. */
  presets = $state.raw<readonly Preset[]>(PRESETS);
  readonly redirectUri: string;
  /** The interactive flows, loaded on first use (they are not needed to open the page). */
  authorization = $state<AuthorizationFlow | null>(null);
  device = $state<DeviceFlow | null>(null);
  // ---- Exchange log and share links (issue 5) ----
  /**
   * Every exchange of this credential, in order (token, test, discovery, the authorization redirect...).
   * Loaded with the page but outside the startup chunk; null until then (or if it cannot load).
   */
  log = $state.raw<ExchangeLog | null>(null);
  /** Share links, loaded on first use or when the page is opened from one. */
  share = $state<ShareFlow | null>(null);
  /** Embedded in another page (`?embed=1`): authorization always in a popup. */
  embedded = $state(false);
  /** The link locked the settings (`lock=1`): shown, not editable; Get token and Send still work. */
  locked = $state(false);
  // ----
  readonly storage: PlaygroundStorage;
  readonly now: () => number;
  #fetch: FetchLike;
  #browser: BrowserPort;
  readonly #holdUntilLoaded: boolean;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Aborts the cancellable request in flight; every request of `context()` listens to it meanwhile. */
  #abort: AbortController | null = null;
  /** DPoP proof builders by token run: they remember the servers' nonces. */
  #dpopHandles = new Map<string, DPoPHandle>();
  /** Select fields the user changed by hand: Discover does not override those. */
  readonly chosen = new Set<'clientAuth' | 'codeChallengeMethod'>();

  constructor(deps: PlaygroundDeps) {
    this.storage = deps.storage;
    this.#fetch = deps.fetch;
    this.now = deps.now ?? Date.now;
    this.redirectUri = deps.redirectUri;
    this.storageProblem = deps.storage.problem;
    this.#browser = deps.browser;
    this.#holdUntilLoaded = deps.holdUntilLoaded ?? false;
  }

  // ---- Exchange log and share links (issue 5) ----
  async #openLog(owner: string): Promise<void> {
    try {
      const { ExchangeLog } = await import('./exchange-log.svelte');
      const log = new ExchangeLog(this.storage, () => this.secrets, 'draft', (key) => this.library?.announce('log', key));
      await log.load(owner);
      this.log = log;
    } catch (error) {
      this.storageProblem ??= `The exchange log is unavailable: ${error instanceof Error ? error.message : String(error)}.`;
    }
  }

  async #shareFlow(): Promise<ShareFlow> {
    const { ShareFlow } = await import('./share-flow.svelte');
    this.share ??= new ShareFlow(this, this.#browser);
    return this.share;
  }

  /** When the address bar holds a share link (on load, or pasted into this tab): asks what to do with it. */
  async receiveShareLink(): Promise<void> {
    if (this.#browser.currentUrl().hash.startsWith('#share=')) (await this.#shareFlow()).receive();
  }

  /** `Share link`: a URL with the non-secret settings. */
  async createShareLink(): Promise<void> {
    (await this.#shareFlow()).create();
  }

  /** Replaces the settings being edited (from a share link), as choosing a preset does. */
  replaceSettings(auth: AuthConfig, testRequest: TestRequestConfig): void {
    this.#replace(auth, testRequest);
    this.#refillPresetSecrets();
  }
  // ----

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

  /** Whose token runs are shown and used: the saved credential's, or the unsaved draft's. */
  tokenOwner = $derived(this.credential?.id ?? DRAFT_OWNER);

  async #credentialLibrary(): Promise<CredentialLibrary> {
    const { CredentialLibrary } = await import('./credential-library.svelte');
    this.library ??= new CredentialLibrary(this);
    return this.library;
  }

  preset = $derived(findPreset(this.auth.presetId, this.presets));
  clientAuthDescription = $derived(CLIENT_AUTH_DESCRIPTIONS[this.auth.oauth2.clientAuth]);

  /** The run the test request uses. */
  tokenRecord = $derived<TokenRun | null>(this.tokenRuns.items.find((run) => run.id === this.tokenRuns.currentId) ?? null);

  #secrets: string[] = [];
  /**
   * Every secret value known now, for redaction. The same array while its content is the same (the
   * token runs are set twice per new token, before and after storage): what masks with it is not redone.
   */
  secrets = $derived.by(() => {
    const runs = this.tokenRuns.items.flatMap((run) => [run.token.access_token, run.token.refresh_token, run.token.id_token]);
    const saved = Object.values(this.savedSecrets);
    const next = [...secretValues(this.auth), ...saved, ...secretVariableValues(this.variables), ...runs].filter(
      (value): value is string => typeof value === 'string' && value !== '',
    );
    if (next.length !== this.#secrets.length || next.some((value, i) => value !== this.#secrets[i])) this.#secrets = next;
    return this.#secrets;
  });

  responseBody = $derived(this.response ? formatBody(this.response.body) : '');
  decodedAccessToken = $derived(this.tokenRecord ? decodeJwt(this.tokenRecord.token.access_token) : null);

  tokenIsStale = $derived.by(() => {
    const source = this.tokenRecord?.source;
    if (!source) return false;
    // only the two fields compared are resolved (an unknown variable stays as typed)
    const values = variableValues(this.variables);
    const current = (text: string) => resolveText(text, values).trim();
    return source.tokenUrl !== current(this.auth.oauth2.tokenUrl) || source.clientId !== current(this.auth.oauth2.clientId);
  });

  /** The metadata helpers, loaded by Discover. */
  metadata = $state.raw<typeof import('../oauth/metadata') | null>(null);
  serverCapabilities = $derived(this.discovery && this.metadata ? this.metadata.capabilities(this.discovery.metadata) : null);
  settingsWarnings = $derived(this.discovery && this.metadata ? this.metadata.settingsWarnings(this.auth.oauth2, this.discovery.metadata) : []);

  insecureWarning = $derived.by(() => {
    if (!this.auth.allowInsecureHttp) return null;
    const urls = [this.auth.oauth2.tokenUrl, this.testRequest.url].filter((u) => /^http:/i.test(u.trim()) && !isLoopbackUrl(u.trim()));
    return urls.length ? `Plain http is allowed: credentials to ${urls.map((u) => new URL(u.trim()).host).join(', ')} travel unencrypted.` : null;
  });

  /** Restores the last draft and tokens (or opens the default preset), then finishes a flow the URL brings back. */
  async load(): Promise<void> {
    // The proxy's pairing link: the token leaves the address bar at once, before anything else runs.
    const pairing = takePairing(this.#browser.currentUrl());
    if (pairing) this.#browser.replaceUrl(pairing.cleaned);
    let draft: Draft | undefined;
    try {
      draft = await this.storage.loadDraft();
    } catch (error) {
      this.storageProblem = `Could not read saved data: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.`;
    }
    if (draft) {
      this.auth = draft.auth;
      this.testRequest = draft.testRequest;
    } else {
      this.selectPreset(DEFAULT_PRESET_ID);
    }
    // The form shows the restored settings: Get token may be used now; flows wait for the rest.
    if (!this.#holdUntilLoaded) this.loaded = true;
    this.#ready = this.#loadRest(draft, pairing);
    await this.#ready;
    await this.receiveShareLink();
    if (callbackParameters(this.#browser.currentUrl())) await (await this.#authorizationFlow()).handleReturn();
  }

  /** With `holdUntilLoaded`: the embed has applied its settings, `Get token` may be used. */
  release(): void {
    this.loaded = true;
  }

  /** Resolves once saved credentials, variables, tokens and the log are loaded; every flow waits for it. */
  #ready: Promise<void> = Promise.resolve();

  async #loadRest(draft: Draft | undefined, pairing: ReturnType<typeof takePairing>): Promise<void> {
    try {
      // Saved credentials, variables and their secrets are needed before a flow can run; the
      // provider presets, the tokens and the exchange log load alongside.
      const owner = draft?.credentialId ?? DRAFT_OWNER;
      const [presets, , runs] = await Promise.all([
        loadAllPresets(),
        this.#credentialLibrary().then((library) => library.open(draft?.credentialId ?? null)),
        this.storage.loadTokens(owner),
        this.#openLog(owner),
      ]);
      this.presets = presets;
      // A saved credential brings its own secrets (never put back into the fields).
      if (draft && !draft.credentialId) this.#refillPresetSecrets();
      // The draft's credential may be gone (deleted in another tab): then the draft's own are used.
      this.tokenRuns = this.tokenOwner === owner ? runs : await this.storage.loadTokens(this.tokenOwner);
      if (this.tokenOwner !== owner) await this.log?.load(this.tokenOwner);
    } catch (error) {
      this.storageProblem = `Could not read saved data: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.`;
    }
    if (pairing) Object.assign(this.auth.proxy, { token: pairing.token }, pairing.proxyUrl ? { url: pairing.proxyUrl } : {});
  }

  /** Presets carry public demo secrets: a draft restored from one gets them back where the field is empty. */
  #refillPresetSecrets(): void {
    const preset = findPreset(this.auth.presetId, this.presets);
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
    const preset = findPreset(id, this.presets);
    if (!preset) return;
    const { auth, testRequest } = applyPreset(preset);
    auth.allowInsecureHttp = this.auth.allowInsecureHttp;
    auth.proxy = { ...this.auth.proxy, enabled: false };
    // A preset fills a new, unsaved credential.
    if (this.credential) void this.useConfiguration(null, {}, auth, testRequest);
    this.#replace(auth, testRequest);
    if (preset.variables?.length) void this.library?.addPresetVariables(preset.variables);
  }

  /** New settings in the form: what Discover found and the last errors no longer apply. */
  #replace(auth: AuthConfig, testRequest: TestRequestConfig): void {
    this.auth = auth;
    this.testRequest = testRequest;
    this.discovery = null;
    this.discoveryNotes = [];
    this.chosen.clear();
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
    this.chosen.add(field);
  }

  /** Saves the draft now (before the page leaves for an authorization server). */
  async saveNow(): Promise<void> {
    clearTimeout(this.#saveTimer);
    const draft = { auth: $state.snapshot(this.auth), testRequest: $state.snapshot(this.testRequest), credentialId: this.credential?.id ?? null };
    await this.storage.saveDraft(draft).catch((error: unknown) => this.storageFailed('Settings could not be saved', error));
  }

  scheduleSave(): void {
    if (!this.loaded) return;
    clearTimeout(this.#saveTimer);
    const draft = { auth: $state.snapshot(this.auth), testRequest: $state.snapshot(this.testRequest), credentialId: this.credential?.id ?? null };
    this.#saveTimer = setTimeout(() => {
      this.storage.saveDraft(draft).catch((error: unknown) => this.storageFailed('Settings could not be saved', error));
    }, SAVE_DELAY_MS);
  }

  /**
   * Switches to a saved credential (or, with null, to a new unsaved one): its settings fill the
   * form, its secrets stay out of the fields, its own tokens are shown. Nothing of the previous
   * credential, token included, is used after this.
   */
  async useConfiguration(
    credential: CredentialSummary | null,
    savedSecrets: SecretValues,
    auth: AuthConfig,
    testRequest: TestRequestConfig,
    locked = false,
  ): Promise<void> {
    this.credential = credential;
    this.savedSecrets = savedSecrets;
    this.secretsLocked = locked;
    this.#replace(auth, testRequest);
    this.tokenExchanges = [];
    this.requestExchanges = [];
    this.response = null;
    this.operation = null;
    this.operationError = null;
    this.renewNote = null;
    this.tokenRuns = { currentId: null, items: [] };
    this.tokenRuns = await this.storage.loadTokens(this.tokenOwner).catch(() => this.tokenRuns);
    // Each credential keeps its own exchange log.
    await this.log?.load(this.tokenOwner);
  }

  /** `text` with its variables resolved for display (secret values masked). */
  previewText(text: string): string {
    return previewText(text, this.variables);
  }

  /** Reloads the token runs (another tab changed them). */
  async reloadTokens(): Promise<void> {
    this.tokenRuns = await this.storage.loadTokens(this.tokenOwner).catch(() => this.tokenRuns);
  }

  /** Forgets every token of this credential. */
  async clearAllTokens(): Promise<void> {
    this.tokenRuns = { currentId: null, items: [] };
    await this.storage.clearTokens(this.tokenOwner).catch((error: unknown) => this.storageFailed('Tokens could not be cleared', error));
    this.library?.announce('tokens');
  }

  /**
   * The configuration a flow runs with: saved secrets where the field is empty, every `{{name}}`
   * resolved from the active environment.
   * @throws PlaygroundError `unknown_variable`, or `secrets_locked` while saved secrets are locked.
   */
  effectiveAuth(): AuthConfig {
    this.#assertUnlocked();
    // resolveConfig copies every object and array: the result shares nothing with the form's state
    return resolveConfig(withSavedSecrets(this.auth, this.savedSecrets), this.variables, 'settings');
  }

  #assertUnlocked(): void {
    if (this.secretsLocked) {
      throw new PlaygroundError('The saved secrets of this credential are locked.', {
        kind: 'input',
        code: 'secrets_locked',
        hint: 'Unlock them with your passphrase (Saved credentials), or type the secret again.',
      });
    }
  }

  /** Says in the page that storage failed, and what that means. */
  storageFailed(what: string, error: unknown): void {
    this.storageProblem = `${what}: ${error instanceof Error ? error.message : String(error)}.`;
  }

  /** `Cancel`: abandons the request in flight; what was there before stays. */
  cancelRequest(): void {
    this.#abort?.abort();
  }

  /** Starts a request `Cancel` can abandon. */
  beginCancellable(): void {
    this.#abort = new AbortController();
    this.cancellable = true;
  }

  endCancellable(): void {
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
    const onExchange = (exchange: Exchange) => {
      const labelled = { ...exchange, label: labels[exchange.request.url] ?? exchange.label };
      into.push(labelled);
      this.log?.record(labelled);
    };
    const routed = this.#routedFetch();
    const signal = this.#abort?.signal;
    // The recording fetch loads with the first request (it is not needed to open the page).
    const fetch: FetchLike = async (input, init) => {
      const { createRecordingFetch, withCancel } = (exchangeModule ??= await import('../http/exchange'));
      const base = signal ? withCancel(routed, signal) : routed;
      return createRecordingFetch({ fetch: base, label, onExchange, refuseOversized: !anySize })(input, init);
    };
    return {
      fetch,
      allowInsecureHttp: this.auth.allowInsecureHttp,
      now: this.now,
    };
  }

  /** The browser's fetch, or (with "Send through local proxy" on) the proxy route, loaded on first use. */
  #routedFetch(): FetchLike {
    const proxy = $state.snapshot(this.auth.proxy);
    if (!proxy.enabled) return this.#fetch;
    return async (input, init) => (await import('../http/proxy')).viaProxy(this.#fetch, proxy)(input, init);
  }

  /**
   * The OAuth settings as they are now, detached from the UI, with saved secrets and variables.
   * @throws PlaygroundError when a variable is unknown or saved secrets are locked.
   */
  settingsSnapshot(): OAuth2Settings {
    // only the OAuth part: copying and resolving the whole configuration would delay the request
    this.#assertUnlocked();
    const { oauth2 } = withSavedSecrets({ oauth2: this.auth.oauth2 }, this.savedSecrets);
    return resolveConfig(oauth2, this.variables, 'settings');
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

  /**
   * Within the click on `Get token`: the empty popup an authorization in a popup will use (see
   * `BrowserPort.openEmptyPopup`); null when the browser blocked it, undefined when none is needed.
   */
  #openAuthorizationPopup(): PopupWindow | null | undefined {
    const o = this.auth.oauth2;
    if (this.busy || o.grantType !== 'authorization_code' || (o.authorizeVia !== 'popup' && !this.embedded)) return undefined;
    return this.#browser.openEmptyPopup();
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
    const owner = this.tokenOwner;
    const run: TokenRun = {
      id: newRunId(this.now()),
      token,
      source: {
        authType: 'oauth2',
        grantType: settings.grantType,
        tokenUrl: settings.tokenUrl.trim(),
        clientId: settings.clientId.trim(),
        clientAuth: settings.clientAuth,
        environmentId: this.environmentId,
      },
      ...extra,
    };
    if (dpop) this.#dpopHandles.set(run.id, dpop);
    this.tokenRuns = { currentId: run.id, items: [run, ...this.tokenRuns.items] };
    try {
      this.tokenRuns = await this.storage.addToken(run, owner);
      this.library?.announce('tokens');
    } catch (error) {
      this.storageFailed('The token could not be saved and will be lost on reload', error);
    }
  }

  /** `Get token`: runs the chosen grant. A failure keeps every token already there. */
  async getToken(): Promise<void> {
    // Before any await: a popup opened after one is blocked, or is not one the user asked for.
    const popup = this.#openAuthorizationPopup();
    await this.#ready;
    const grant = this.auth.oauth2.grantType;
    if (grant === 'authorization_code') return (await this.#authorizationFlow()).start(popup);
    popup?.close();
    if (grant === 'urn:ietf:params:oauth:grant-type:device_code') return (await this.#deviceFlow()).start();
    if (grant === 'refresh_token') return this.renewToken();
    if (!this.beginTokenAttempt()) return;
    this.beginCancellable();
    try {
      const settings = this.settingsSnapshot();
      const { requestToken } = await loadProtocol();
      const { dpopKeyPair, dpop } = await this.newDpop(settings);
      const token = await requestToken(settings, { ...this.context('Token request', this.tokenExchanges), ...(dpop ? { dpop } : {}) });
      await this.addTokenRun(token, settings, dpopKeyPair ? { dpopKeyPair } : {}, dpop);
    } catch (error) {
      this.tokenError = await describe(error, 'Token request');
    } finally {
      this.endCancellable();
      this.busy = null;
    }
  }

  /**
   * Renews the current token: with its refresh token when it has one (showing rotation), otherwise
   * by asking again with client credentials.
   */
  async renewToken(): Promise<void> {
    await this.#ready;
    return (await actions()).renewToken(this);
  }

  /** `Discover`: fills endpoints from the issuer's metadata and picks methods where the user has not. */
  async discover(): Promise<void> {
    await this.#ready;
    return (await actions()).discover(this);
  }

  /** Revoke, Introspect or UserInfo on the current token; the result is shown under it. */
  async tokenOperation(kind: 'revoke' | 'introspect' | 'userinfo'): Promise<void> {
    await this.#ready;
    return (await actions()).tokenOperation(this, kind);
  }

  /** `Send`: the test request with the current auth attached (renewing the token when due). */
  async sendTestRequest(): Promise<void> {
    // The last response goes at once: it must not pass for this request's while the code loads.
    if (!this.sending) this.response = null;
    await this.#ready;
    return (await actions()).sendTestRequest(this);
  }

  /** Whether `run` expires within `RENEW_BEFORE_S` seconds (or has expired). */
  expiresSoon(run: TokenRun): boolean {
    const left = secondsLeft(run.token, this.now());
    return left !== undefined && left < RENEW_BEFORE_S;
  }

  async selectTokenRun(id: string): Promise<void> {
    this.tokenRuns = { ...this.tokenRuns, currentId: id };
    this.tokenRuns = await this.storage.selectToken(id, this.tokenOwner).catch(() => this.tokenRuns);
  }

  /** Forgets the current token, here and in storage. */
  async clearToken(): Promise<void> {
    const id = this.tokenRuns.currentId;
    if (!id) return;
    const items = this.tokenRuns.items.filter((item) => item.id !== id);
    this.tokenRuns = { items, currentId: items[0]?.id ?? null };
    this.tokenRuns = await this.storage.deleteToken(id, this.tokenOwner).catch(() => this.tokenRuns);
    this.library?.announce('tokens');
  }

}

const KEY = Symbol('playground');

export function setPlayground(playground: Playground): Playground {
  return setContext(KEY, playground);
}

export function getPlayground(): Playground {
  return getContext<Playground>(KEY);
}
