/**
 * The playground: joins the configuration being edited, the secrets and variables it resolves
 * from, its token runs, the task runner and what each action showed, for the UI. It owns no flow:
 * `Get token` looks the grant's flow up and hands it a narrow port (`flows/flow.ts`). The library
 * of saved credentials talks to it through typed events (`events.ts`).
 */
import { getContext, setContext } from 'svelte';
import type { AuthConfig, GrantType, TestRequestConfig } from '../config/auth-config';
import type { CredentialSummary } from '../config/credential';
import { DEFAULT_PRESET_ID, findPreset, loadPreset, PRESETS, type Preset } from '../config/presets';
import type { Variable } from '../config/variables';
import type { Exchange, FetchLike } from '../http/exchange';
import { isLoopbackUrl } from '../http/insecure';
import { callbackParameters } from '../oauth/callback';
import type { ProtocolContext } from '../oauth/context';
import { DRAFT_OWNER, type Draft, type PlaygroundStorage } from '../store/storage';
import type { BrowserPort, PopupWindow } from './browser';
import { Configuration, type ChoiceField, type ConfigurationState } from './configuration.svelte';
import type { CredentialLibrary } from './credential-library.svelte';
import type { ExchangeLog } from './exchange-log.svelte';
import type { Flow } from './flows/flow';
import type { AuthorizationCodeFlow } from './flows/authorization-code.svelte';
import type { DeviceFlow } from './flows/device.svelte';
import { DiscoveryResult, OperationOutcome, TestOutcome, TokenAttempt } from './outcomes.svelte';
import { loadProtocol } from './protocol';
import { SecretScope } from './secret-scope.svelte';
import { Links } from './links.svelte';
import { TaskRunner } from './task-runner.svelte';
import type { Editing } from './editing';
import type { JwtTool } from './jwt-tool.svelte';
import type { Runtime } from './runtime';
import { TokenRunList } from './token-runs.svelte';

export { BUSY_SHOWN_AFTER_MS } from './task-runner.svelte';
export { RENEW_BEFORE_S } from './token-runs.svelte';
export type { OperationResult } from './outcomes.svelte';

/** How long typing in the Issuer or Token URL pauses before values of another provider are cleared. */
const PROVIDER_CHECK_DELAY_MS = 600;

export interface PlaygroundDeps {
  storage: PlaygroundStorage;
  fetch: FetchLike;
  browser: BrowserPort;
  /** The exact redirect URI of this page, to show and to register. */
  redirectUri: string;
  /**
   * Keep `Get token` disabled until `load()` has finished entirely and `release()` is called (an
   * embedded share link is applied after it); by default it is usable as soon as the restored
   * settings show.
   */
  holdUntilLoaded?: boolean;
  /** Embedded in another page (`?embed=1`) from the start: see `embedded`. */
  embedded?: boolean;
  now?: () => number;
}

export class Playground {
  readonly config = new Configuration();
  readonly scope = new SecretScope();
  readonly tasks = new TaskRunner();
  readonly attempt = new TokenAttempt();
  readonly discovery = new DiscoveryResult();
  readonly operation = new OperationOutcome();
  readonly test = new TestOutcome();
  readonly tokens: TokenRunList;
  readonly links: Links;
  readonly storage: PlaygroundStorage;
  readonly redirectUri: string;
  readonly now: () => number;

  #storageProblem = $state<string | undefined>(undefined);
  #loaded = $state(false);
  #settled = $state(false);
  #library = $state.raw<CredentialLibrary | null>(null);
  #log = $state.raw<ExchangeLog | null>(null);
  #presets = $state.raw<readonly Preset[]>(PRESETS);
  #flows = $state.raw<{ authorization?: AuthorizationCodeFlow; device?: DeviceFlow }>({});
  #publicClientJwk = $state('');
  #embedded = $state(false);
  #locked = $state(false);
  /** Show secrets in recorded exchanges instead of masking them. Off by default. */
  revealSecrets = $state(false);

  readonly #browser: BrowserPort;
  readonly #fetch: FetchLike;
  readonly #holdUntilLoaded: boolean;
  /** Resolves once saved credentials, variables, tokens and the log are loaded; every flow waits for it. */
  #ready: Promise<void> = Promise.resolve();
  #providerTimer: ReturnType<typeof setTimeout> | undefined;
  /** A preset's variables chosen before the saved variables loaded: added once they have. */
  #presetVariables: Variable[] | null = null;

  constructor(deps: PlaygroundDeps) {
    this.storage = deps.storage;
    this.now = deps.now ?? Date.now;
    this.redirectUri = deps.redirectUri;
    this.#storageProblem = deps.storage.problem;
    this.#browser = deps.browser;
    this.#fetch = deps.fetch;
    this.#holdUntilLoaded = deps.holdUntilLoaded ?? false;
    this.#embedded = deps.embedded ?? false;
    this.links = new Links({ browser: deps.browser, config: this.config, secrets: () => this.secrets, variables: () => this.scope.variables, openFresh: (state) => this.openFresh(state) });
    this.tokens = new TokenRunList({
      storage: deps.storage,
      now: this.now,
      onChange: () => this.#library?.announce('tokens'),
      onStorageProblem: (what, error) => this.storageFailed(what, error),
    });
  }

  // ---- what the page reads ----

  get auth(): AuthConfig {
    return this.config.auth;
  }
  get testRequest(): TestRequestConfig {
    return this.config.testRequest;
  }
  /** The saved credential being edited; null while the configuration is not saved. */
  get credential(): CredentialSummary | null {
    return this.#editing?.workspace.credential ?? null;
  }
  get storageProblem(): string | undefined {
    return this.#storageProblem;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  /**
   * `Get token` has been drawn usable (or held) and the rest loads now: saved data, and in the page
   * what the first click does not need (the result pane, the Advanced options). Right after
   * `loaded`, unless `load`'s `beforeRest` makes it wait.
   */
  get settled(): boolean {
    return this.#settled;
  }
  /** Saved credentials, environments and the vault, loaded after the first paint. */
  get library(): CredentialLibrary | null {
    return this.#library;
  }
  /** Every exchange of this credential, in order; null until loaded (or if it cannot load). */
  get log(): ExchangeLog | null {
    return this.#log;
  }
  /** The local demo presets at first; the provider templates join them after the first paint. */
  get presets(): readonly Preset[] {
    return this.#presets;
  }
  get authorization(): AuthorizationCodeFlow | null {
    return this.#flows.authorization ?? null;
  }
  get device(): DeviceFlow | null {
    return this.#flows.device ?? null;
  }
  /** The public half of a client key generated here, to register with the provider. */
  get publicClientJwk(): string {
    return this.#publicClientJwk;
  }
  /** Embedded in another page (`?embed=1`): authorization always in a popup. */
  get embedded(): boolean {
    return this.#embedded;
  }
  /** The link locked the settings (`lock=1`): shown, not editable; Get token and Send still work. */
  get locked(): boolean {
    return this.#locked;
  }

  preset = $derived(findPreset(this.config.auth.presetId, this.#presets));

  #secrets: string[] = [];
  /**
   * Every secret value known now, for redaction. The same array while its content is the same
   * (what masks with it is then not redone).
   */
  secrets = $derived.by(() => {
    const runs = this.tokens.runs.items.flatMap((run) => [run.token.access_token, run.token.refresh_token, run.token.id_token]);
    const next = [...this.scope.secretValues(this.config.auth), ...runs].filter((value): value is string => typeof value === 'string' && value !== '');
    if (next.length !== this.#secrets.length || next.some((value, i) => value !== this.#secrets[i])) this.#secrets = next;
    return this.#secrets;
  });

  serverCapabilities = $derived.by(() => {
    const metadata = this.#runtimeNow?.requests.metadata;
    return this.discovery.found && metadata ? metadata.capabilities(this.discovery.found.metadata) : null;
  });
  settingsWarnings = $derived.by(() => {
    const metadata = this.#runtimeNow?.requests.metadata;
    return this.discovery.found && metadata ? metadata.settingsWarnings(this.config.auth.oauth2, this.discovery.found.metadata) : [];
  });

  insecureWarning = $derived.by(() => {
    const auth = this.config.auth;
    if (!auth.allowInsecureHttp) return null;
    const urls = [auth.oauth2.tokenUrl, this.config.testRequest.url].filter((u) => /^http:/i.test(u.trim()) && !isLoopbackUrl(u.trim()));
    return urls.length ? `Plain http is allowed: credentials to ${urls.map((u) => new URL(u.trim()).host).join(', ')} travel unencrypted.` : null;
  });

  // ---- loading ----

  /**
   * Restores the last draft and tokens (or opens the default preset), then finishes a flow the URL
   * brings back. `opening` runs once the restored settings show and before `Get token` is usable
   * (an embed applies its link's preset and lock); `beforeRest` after it and before the rest loads
   * (an embed lets its page draw `Get token` first, then starts its events). Flows wait for both.
   */
  async load({ opening, beforeRest }: { opening?: () => Promise<void>; beforeRest?: () => Promise<void> } = {}): Promise<void> {
    // The proxy's pairing link: the token leaves the address bar at once, before anything else runs.
    this.links.takePairing();
    let draft: Draft | undefined;
    try {
      draft = await this.storage.loadDraft();
    } catch (error) {
      this.#storageProblem = `Could not read saved data: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.`;
    }
    if (draft) this.config.load(draft);
    else this.selectPreset(DEFAULT_PRESET_ID);
    await opening?.();
    // The form shows the restored settings: Get token may be used now; flows wait for the rest.
    if (!this.#holdUntilLoaded) this.#loaded = true;
    this.#ready = (beforeRest?.() ?? Promise.resolve()).then(() => {
      this.#settled = true;
      return this.#loadRest(draft);
    });
    await this.#ready;
    (await this.#loadEditing()).drafts.start();
    await this.links.receiveShare();
    if (callbackParameters(this.#browser.currentUrl())) {
      const flow = await this.#flow('authorization_code');
      await flow.resume?.((await this.#runtime()).port);
    }
    // Abandoned redirect flows (verifier, sealed secret) do not stay forever; after the return above,
    // so a late response is still told apart from an unknown one.
    await this.storage.purgeExpiredPending(this.now()).catch(() => 0);
  }

  /** With `holdUntilLoaded`: the embed has applied its settings, `Get token` may be used. */
  release(): void {
    this.#loaded = true;
  }

  /** The rest (presets, saved credentials, tokens, the log): see `saved-data.ts`. */
  async #loadRest(draft: Draft | undefined): Promise<void> {
    try {
      const { loadSavedData } = await import('./saved-data');
      await loadSavedData(
        {
          storage: this.storage,
          now: this.now,
          config: this.config,
          scope: this.scope,
          tokens: this.tokens,
          secrets: () => this.secrets,
          editing: () => this.#loadEditing(),
          library: () => this.#library,
          log: () => this.#log,
          credentialId: () => this.credential?.id ?? null,
          takePresetVariables: () => {
            const variables = this.#presetVariables;
            this.#presetVariables = null;
            return variables;
          },
          loaded: ({ presets, library, log }) => {
            if (presets) this.#presets = presets;
            if (library) this.#library ??= library;
            if (log) this.#log = log;
          },
          problem: (message, first) => {
            if (!first || !this.#storageProblem) this.#storageProblem = message;
          },
        },
        draft,
      );
    } catch (error) {
      this.storageFailed('Could not load saved data', error);
    }
  }

  // ---- the configuration ----

  /** Fills a new, unsaved configuration from a preset (leaving a saved credential, whose edits are kept). */
  selectPreset(id: string): void {
    const preset = findPreset(id, this.#presets);
    if (!preset) return;
    // Before the editing code has loaded (the default preset at start-up) no credential is open.
    if (this.#editing) void this.#editing.workspace.openPreset(preset);
    else {
      this.config.loadPreset(preset);
      this.#forgetResults();
    }
    // Before the saved variables have loaded, the preset's wait for them.
    this.#presetVariables = this.#library ? null : (preset.variables ?? null);
    if (this.#library && preset.variables?.length) void this.#library.addPresetVariables(preset.variables);
  }

  /**
   * `selectPreset` for an id that may be among the presets not loaded yet (a link's `preset=`):
   * loads the one file that holds it first. False when there is no such preset.
   */
  async openPreset(id: string): Promise<boolean> {
    const preset = findPreset(id, this.#presets) ?? (await loadPreset(id));
    if (!preset) return false;
    if (!this.#presets.includes(preset)) this.#presets = [...this.#presets, preset];
    this.selectPreset(id);
    return true;
  }

  /** Opens settings from outside (a share link, an import) as a new configuration that inherits nothing. */
  openFresh(state: ConfigurationState): Promise<void> {
    return this.#loadEditing().then(({ workspace }) => workspace.openFresh(state));
  }

  /** `Revert`: the saved version of the open credential, the edits dropped. */
  async revert(): Promise<void> {
    await this.#library?.revert();
  }

  /** New settings in the form: what Discover found and the last errors no longer apply. */
  #forgetResults(): void {
    this.discovery.reset();
    this.attempt.reset();
    this.test.reset();
  }

  /** The person picked a value by hand: Discover will not replace it. */
  markChosen(field: ChoiceField): void {
    this.config.markChosen(field);
  }

  /** After the Issuer or Token URL changed: values of the previous provider are cleared (and said). */
  async providerChanged(): Promise<void> {
    clearTimeout(this.#providerTimer);
    if ((await this.config.reconcile()).length > 0) this.discovery.reset();
  }

  /**
   * The Issuer or Token URL is being typed, or was left: checked once the typing pauses. Never at
   * once: the page must not move under a click that left the field (Discover, Get token), and those
   * check first themselves.
   */
  providerEdited(field?: 'issuer' | 'tokenUrl'): void {
    if (field) this.config.typed(field);
    clearTimeout(this.#providerTimer);
    this.#providerTimer = setTimeout(() => void this.providerChanged(), PROVIDER_CHECK_DELAY_MS);
  }

  /** Generates a private_key_jwt key pair: the private JWK fills the field, the public one is shown to register. */
  async generateClientKey(): Promise<void> {
    const { generateClientKeyPair } = await loadProtocol();
    const { privateJwk, publicJwk } = await generateClientKeyPair();
    this.config.auth.oauth2.privateKeyJwk = privateJwk;
    this.#publicClientJwk = publicJwk;
  }

  /** Says in the page that storage failed, and what that means. */
  storageFailed(what: string, error: unknown): void {
    this.#storageProblem = `${what}: ${error instanceof Error ? error.message : String(error)}.`;
  }

  /** Embed mode: authorization in a popup; `lock` shows the settings without letting them change. */
  embed({ popup, lock }: { popup: boolean; lock: boolean }): void {
    this.#locked = lock;
    if (!popup) return;
    this.#embedded = true;
    this.config.auth.oauth2.authorizeVia = 'popup';
  }

  // ---- running things ----

  /** `Get token`: runs the chosen grant's flow. A failure keeps every token already there. */
  async getToken(): Promise<void> {
    // Before any await: a popup opened after one is blocked, or is not one the user asked for.
    const popup = this.#openAuthorizationPopup();
    await this.#ready;
    await this.providerChanged();
    const { port } = await this.#runtime();
    await (await this.#flow(this.config.auth.oauth2.grantType)).start(port, popup);
  }

  /** The flow of `grant`; the ones with a view the page shows (code, device) are kept for it. */
  async #flow(grant: GrantType): Promise<Flow> {
    const flow = await (await this.#runtime()).loadFlow(grant);
    if (grant === 'authorization_code' && !this.#flows.authorization) this.#flows = { ...this.#flows, authorization: flow as AuthorizationCodeFlow };
    if (grant === 'urn:ietf:params:oauth:grant-type:device_code' && !this.#flows.device) this.#flows = { ...this.#flows, device: flow as DeviceFlow };
    return flow;
  }

  /** `Cancel`: abandons the work in flight (the popup, device polling, a request). */
  cancelRequest(): void {
    const port = this.#runtimeNow?.port;
    const grant = this.config.auth.oauth2.grantType;
    if (port && this.tasks.busy === 'token' && grant === 'authorization_code' && this.authorization?.view?.step === 'waiting') this.authorization.cancel(port);
    else if (port && this.tasks.busy === 'token' && this.device?.view?.status === 'waiting') this.device.cancel(port);
    else this.tasks.cancel();
  }

  /** Renews the current token: with its refresh token, or by asking again with client credentials. */
  async renewToken(): Promise<void> {
    // What the person saw when clicking: another tab may renew it while the code loads.
    const seen = this.tokens.current;
    await this.#ready;
    const { port, renew } = await this.#runtime();
    await renew(port, seen);
  }

  #jwtTool = $state.raw<JwtTool | null>(null);
  #jwtToolOpen = $state(false);

  /** The JWT tool, while it is open (its code loads on first use). */
  get jwtTool(): JwtTool | null {
    return this.#jwtToolOpen ? this.#jwtTool : null;
  }

  /** `JWT tool` (Menu) or `Open … in JWT tool` (a token): opens the tool, with `token` pasted in when given. */
  async openJwtTool(token = '', defaults: { audience?: string } = {}): Promise<void> {
    const { JwtTool } = await import('./jwt-tool.svelte');
    this.#jwtTool ??= new JwtTool({ context: async () => (await this.#runtime()).requests.context('JWT tool', []) });
    this.#jwtTool.open(token, { issuer: this.scope.bestEffort(this.config.auth.oauth2.issuer).trim(), ...defaults });
    this.#jwtToolOpen = true;
  }

  /** Hides the JWT tool; what was pasted stays for the next opening (in this tab only). */
  closeJwtTool(): void {
    this.#jwtToolOpen = false;
  }

  /** `Use these tokens anyway`: test requests may use the current run although its ID token was rejected. */
  async acceptRejectedTokens(): Promise<void> {
    const run = this.tokens.current;
    if (!run) return;
    await this.tokens.accept(run.id);
    this.attempt.reset();
  }

  /** `Discover`: fills endpoints from the issuer's metadata; suggests methods, never overrides a choice. */
  async discover(): Promise<void> {
    await this.#ready;
    await this.providerChanged();
    return (await this.#runtime()).discover();
  }

  /** Revoke, Introspect or UserInfo on the current token; the result is shown under it. */
  async tokenOperation(kind: 'revoke' | 'introspect' | 'userinfo'): Promise<void> {
    await this.#ready;
    return (await this.#runtime()).tokenOperation(kind);
  }

  /** `Send`: the test request with the current auth attached (renewing the token when due). */
  async sendTestRequest(): Promise<void> {
    // The last response goes at once: it must not pass for this request's while the code loads.
    if (!this.test.sending) this.test.clearResponse();
    await this.#ready;
    return (await this.#runtime()).sendTestRequest();
  }

  /**
   * Within the click on `Get token`: the empty popup an authorization in a popup will use (see
   * `BrowserPort.openEmptyPopup`); null when the browser blocked it, undefined when none is needed.
   */
  #openAuthorizationPopup(): PopupWindow | null | undefined {
    const o = this.config.auth.oauth2;
    if (this.tasks.busy || o.grantType !== 'authorization_code' || (o.authorizeVia !== 'popup' && !this.#embedded)) return undefined;
    return this.#browser.openEmptyPopup();
  }


  /** Whether the saved credential `id` has unsaved edits (open now, or set aside). */
  hasUnsavedEdits(id: string): boolean {
    return this.#editing?.workspace.hasUnsavedEdits(id) ?? false;
  }

  #editing = $state.raw<Editing | null>(null);
  #editingLoading: Promise<Editing> | undefined;

  /** Drafts and Workspace, loaded with the saved credentials (see `editing.ts`). */
  #loadEditing(): Promise<Editing> {
    this.#editingLoading ??= import('./editing').then(({ createEditing }) => {
      const editing = createEditing({
        storage: this.storage,
        config: this.config,
        scope: this.scope,
        tokens: this.tokens,
        log: () => this.#log,
        onProblem: (what, error) => this.storageFailed(what, error),
        detached: () => this.#library?.detach(),
        switched: () => this.#forgetResults(),
      });
      this.#editing = editing;
      return editing;
    });
    return this.#editingLoading;
  }

  #runtimeNow = $state.raw<Runtime | null>(null);
  #runtimeLoading: Promise<Runtime> | undefined;

  /** The request context, flow port and flows, loaded with the first action (see `runtime.ts`). */
  #runtime(): Promise<Runtime> {
    this.#runtimeLoading ??= import('./runtime').then(({ createRuntime }) => {
      const runtime = createRuntime({
        fetch: this.#fetch,
        storage: this.storage,
        browser: this.#browser,
        redirectUri: this.redirectUri,
        now: this.now,
        config: this.config,
        scope: this.scope,
        tasks: this.tasks,
        tokens: this.tokens,
        attempt: this.attempt,
        discovery: this.discovery,
        operation: this.operation,
        test: this.test,
        saveDraft: async () => (await this.#loadEditing()).drafts.saveNow(),
        log: () => this.#log,
        embedded: () => this.#embedded,
      });
      this.#runtimeNow = runtime;
      return runtime;
    });
    return this.#runtimeLoading;
  }

}

const KEY = Symbol('playground');

export function setPlayground(playground: Playground): Playground {
  return setContext(KEY, playground);
}

export function getPlayground(): Playground {
  return getContext<Playground>(KEY);
}
