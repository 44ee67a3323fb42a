/**
 * The token runs of the open configuration: the last tokens obtained (newest first), the one test
 * requests use, their DPoP proof builders. Every change goes to storage and is announced, so the
 * credential's tile and other tabs follow.
 */
import type { DPoPHandle } from 'oauth4webapi';
import type { OAuth2Settings } from '../config/auth-config';
import { secondsLeft, type TokenSet } from '../oauth/token-set';
import { DRAFT_OWNER, newRunId, type PlaygroundStorage, type TokenOwner, type TokenRecord, type TokenRun, type TokenRuns } from '../store/storage';
import { loadProtocol } from './protocol';

/** A token with less than this left is renewed before a test request (when automatic renewal is on). */
export const RENEW_BEFORE_S = 30;

export interface TokenRunsDeps {
  storage: PlaygroundStorage;
  now: () => number;
  /** The runs changed here (storage written). */
  onChange: () => void;
  /** Storage failed; `what` says what was lost. */
  onStorageProblem: (what: string, error: unknown) => void;
}

const NONE: TokenRuns = { currentId: null, items: [] };

export class TokenRunList {
  #runs = $state.raw<TokenRuns>(NONE);
  #owner = $state<TokenOwner>(DRAFT_OWNER);
  /** DPoP proof builders by run: they remember the servers' nonces. */
  #dpop = new Map<string, DPoPHandle>();
  readonly #deps: TokenRunsDeps;

  constructor(deps: TokenRunsDeps) {
    this.#deps = deps;
  }

  get runs(): TokenRuns {
    return this.#runs;
  }

  /** Whose runs these are: a saved credential's id, or the unsaved draft's. */
  get owner(): TokenOwner {
    return this.#owner;
  }

  /** The run test requests use. */
  current = $derived<TokenRun | null>(this.#runs.items.find((run) => run.id === this.#runs.currentId) ?? null);

  /** Shows `owner`'s runs (a credential opened). `runs` when already read. */
  async open(owner: TokenOwner, runs?: TokenRuns): Promise<void> {
    this.#owner = owner;
    this.#runs = NONE;
    this.#runs = runs ?? (await this.#deps.storage.loadTokens(owner).catch(() => NONE));
  }

  /** Reads the runs again (another tab changed them). */
  async reload(): Promise<void> {
    this.#runs = await this.#deps.storage.loadTokens(this.#owner).catch(() => this.#runs);
  }

  /** Keeps a new token as the newest run, used from now on by test requests (unless its ID token was rejected). */
  async add(token: TokenSet, settings: OAuth2Settings, extra: Omit<TokenRecord, 'token' | 'source'>, environmentId: string | null, dpop?: DPoPHandle): Promise<TokenRun> {
    const owner = this.#owner;
    const run: TokenRun = {
      id: newRunId(this.#deps.now()),
      token,
      source: {
        authType: 'oauth2',
        grantType: settings.grantType,
        tokenUrl: settings.tokenUrl.trim(),
        clientId: settings.clientId.trim(),
        clientAuth: settings.clientAuth,
        environmentId,
      },
      ...extra,
    };
    if (dpop) this.#dpop.set(run.id, dpop);
    this.#runs = { currentId: run.id, items: [run, ...this.#runs.items] };
    await this.#write(() => this.#deps.storage.addToken(run, owner), 'The token could not be saved and will be lost on reload');
    return run;
  }

  /** Replaces a run (renewed) and makes it current. */
  async replace(run: TokenRun): Promise<void> {
    this.#runs = { currentId: run.id, items: this.#runs.items.map((item) => (item.id === run.id ? run : item)) };
    await this.#write(() => this.#deps.storage.replaceToken(run, this.#owner), 'The renewed token could not be saved');
  }

  /** `Use these tokens anyway`: a run whose ID token was rejected may be used by test requests. */
  async accept(id: string): Promise<void> {
    const run = this.#runs.items.find((item) => item.id === id);
    if (run?.idTokenRejected) await this.replace({ ...run, accepted: true });
  }

  async select(id: string): Promise<void> {
    this.#runs = { ...this.#runs, currentId: id };
    this.#runs = await this.#deps.storage.selectToken(id, this.#owner).catch(() => this.#runs);
  }

  /** Forgets the current run. */
  async clearCurrent(): Promise<void> {
    const id = this.#runs.currentId;
    if (!id) return;
    const items = this.#runs.items.filter((item) => item.id !== id);
    this.#runs = { items, currentId: items[0]?.id ?? null };
    await this.#write(() => this.#deps.storage.deleteToken(id, this.#owner), 'The token could not be removed from storage');
  }

  /** Forgets every run of this owner. */
  async clearAll(): Promise<void> {
    this.#runs = NONE;
    try {
      await this.#deps.storage.clearTokens(this.#owner);
      this.#deps.onChange();
    } catch (error) {
      this.#deps.onStorageProblem('Tokens could not be cleared', error);
    }
  }

  /** Whether `run` expires within `RENEW_BEFORE_S` seconds (or has expired). */
  expiresSoon(run: TokenRun): boolean {
    const left = secondsLeft(run.token, this.#deps.now());
    return left !== undefined && left < RENEW_BEFORE_S;
  }

  /** The proof builder for a DPoP-bound run (kept per run so nonces are reused). */
  async dpopFor(run: TokenRun): Promise<DPoPHandle | undefined> {
    if (!run.dpopKeyPair) return undefined;
    let handle = this.#dpop.get(run.id);
    if (!handle) {
      handle = (await loadProtocol()).dpopHandle(run.dpopKeyPair);
      this.#dpop.set(run.id, handle);
    }
    return handle;
  }

  async #write(write: () => Promise<TokenRuns>, what: string): Promise<void> {
    try {
      this.#runs = await write();
      this.#deps.onChange();
    } catch (error) {
      this.#deps.onStorageProblem(what, error);
    }
  }
}
