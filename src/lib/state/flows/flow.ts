/**
 * One interface for every grant `Get token` runs, and the narrow port a flow works through: the
 * resolved settings, a protocol context that records exchanges, the token runs, the task runner,
 * the log and the browser. A flow never sees the whole playground.
 */
import type { DPoPHandle } from 'oauth4webapi';
import type { GrantType, OAuth2Settings } from '../../config/auth-config';
import type { PlaygroundError } from '../../errors/playground-error';
import type { ProtocolContext } from '../../oauth/context';
import type { TokenSet } from '../../oauth/token-set';
import type { PlaygroundStorage, TokenRecord, TokenRun } from '../../store/storage';
import type { BrowserPort, PopupWindow } from '../browser';
import type { ExchangeLog } from '../exchange-log.svelte';
import type { TaskRunner } from '../task-runner.svelte';
import type { TokenRunList } from '../token-runs.svelte';

export interface FlowPort {
  readonly storage: PlaygroundStorage;
  readonly browser: BrowserPort;
  readonly tasks: TaskRunner;
  readonly tokens: TokenRunList;
  /** The exact redirect URI of this page. */
  readonly redirectUri: string;
  /** Inside a docs page's frame: authorization always in a popup. */
  embedded(): boolean;
  log(): ExchangeLog | null;
  now(): number;
  /**
   * The OAuth settings as they are now, detached from the form, with saved secrets and variables.
   * @throws PlaygroundError when a variable is unknown or saved secrets are locked.
   */
  settings(): OAuth2Settings;
  /**
   * `settings` with the endpoints `needed` filled from the issuer's metadata when they are empty
   * and an issuer is known (read once, on demand, and logged like any exchange).
   */
  withEndpoints(settings: OAuth2Settings, needed: readonly ('jwksUri' | 'userinfoUrl' | 'revocationUrl' | 'introspectionUrl' | 'deviceAuthorizationUrl')[]): Promise<OAuth2Settings>;
  /** A protocol context whose exchanges are recorded with the attempt under `label`. */
  context(label: string, labels?: Record<string, string>): ProtocolContext;
  /** A DPoP key and proof builder when the settings ask for DPoP. */
  newDpop(settings: OAuth2Settings): Promise<{ dpopKeyPair?: CryptoKeyPair; dpop?: DPoPHandle }>;
  /** Starts a token attempt (the last error and exchanges go); false while something runs. */
  beginAttempt(options?: { cancellable?: boolean }): boolean;
  /** Keeps a new token as the newest run. */
  keepToken(token: TokenSet, settings: OAuth2Settings, extra?: Omit<TokenRecord, 'token' | 'source'>, dpop?: DPoPHandle): Promise<TokenRun>;
  /** Shows the attempt's failure. */
  fail(error: PlaygroundError): void;
  /** After a refresh: the refresh token before and after, to show rotation. */
  rotated(before: string, after: string): void;
  /** The grant chosen in the form (unresolved). */
  formGrant(): GrantType;
  /** The client secret a flow used after the page came back: kept in this tab's memory for Renew and the rest. */
  rememberClientSecret(secret: string): void;
  /** The private key of the open configuration (never stored with a pending flow). */
  privateKeyJwk(): string;
  /** Writes the draft and the log now (the page is about to leave). */
  flush(): Promise<void>;
}

/** A grant `Get token` runs. */
export interface Flow {
  readonly grant: GrantType;
  /** `popup` is the window opened within the click (null: blocked), for flows that sign in. */
  start(port: FlowPort, popup?: PopupWindow | null): Promise<void>;
  /** Picks up after a full-page redirect brought the page back. */
  resume?(port: FlowPort): Promise<void>;
  /** Gives up (Cancel). */
  cancel?(port: FlowPort): void;
}
