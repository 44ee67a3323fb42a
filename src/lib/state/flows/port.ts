/** The flow port, built from the state classes a flow may use and nothing more. */
import type { DPoPHandle } from 'oauth4webapi';
import type { OAuth2Settings } from '../../config/auth-config';
import { explainedError } from '../../http/explain-exchange';
import type { TokenSet } from '../../oauth/token-set';
import type { PlaygroundStorage, TokenRecord } from '../../store/storage';
import type { BrowserPort } from '../browser';
import type { Configuration } from '../configuration.svelte';
import type { ExchangeLog } from '../exchange-log.svelte';
import type { TokenAttempt } from '../outcomes.svelte';
import { loadProtocol } from '../protocol';
import type { Requests } from '../requests.svelte';
import { resolveAuth, resolveSettings } from '../resolve';
import type { SecretScope } from '../secret-scope.svelte';
import type { TaskRunner } from '../task-runner.svelte';
import type { TokenRunList } from '../token-runs.svelte';
import type { FlowPort } from './flow';

export interface FlowPortParts {
  storage: PlaygroundStorage;
  browser: BrowserPort;
  redirectUri: string;
  now: () => number;
  config: Configuration;
  scope: SecretScope;
  tasks: TaskRunner;
  tokens: TokenRunList;
  attempt: TokenAttempt;
  requests: Requests;
  /** Writes the draft now. */
  saveDraft: () => Promise<void>;
  log: () => ExchangeLog | null;
  embedded: () => boolean;
}

export function flowPort(p: FlowPortParts): FlowPort {
  return {
    storage: p.storage,
    browser: p.browser,
    tasks: p.tasks,
    tokens: p.tokens,
    redirectUri: p.redirectUri,
    embedded: p.embedded,
    log: p.log,
    now: () => p.now(),
    settings: () => resolveSettings(p),
    withEndpoints: (settings, needed) => p.requests.withEndpoints(settings, needed, p.attempt.exchanges),
    context: (label, labels) => p.requests.context(label, p.attempt.exchanges, labels),
    newDpop: async (settings) => {
      if (!settings.dpop) return {};
      const { generateDpopKeyPair, dpopHandle } = await loadProtocol();
      const dpopKeyPair = await generateDpopKeyPair();
      return { dpopKeyPair, dpop: dpopHandle(dpopKeyPair) };
    },
    beginAttempt: ({ cancellable = false } = {}) => {
      if (!p.tasks.begin('token', { cancellable })) return false;
      p.attempt.begin(p.config.auth.oauth2.clientAuth);
      return true;
    },
    keepToken: (token: TokenSet, settings: OAuth2Settings, extra: Omit<TokenRecord, 'token' | 'source'> = {}, dpop?: DPoPHandle) =>
      p.tokens.add(token, settings, extra, p.scope.environmentId, dpop),
    // The alert says what the failed exchange's log entry says (and may offer the other Basic encoding).
    fail: (error) => p.attempt.fail(explainedError(error, p.attempt.exchanges, p.config.auth.oauth2.basicEncoding)),
    rotated: (before, after) => p.attempt.rotated(before, after),
    formGrant: () => p.config.auth.oauth2.grantType,
    rememberClientSecret: (secret) => {
      const o = p.config.auth.oauth2;
      // Only into an empty field, and never over a saved secret (which the credential already supplies).
      if (o.clientSecret === '' && (p.scope.savedSecrets['oauth2.clientSecret'] ?? '') === '') o.clientSecret = secret;
    },
    privateKeyJwk: () => resolveAuth(p, p.config.auth).oauth2.privateKeyJwk,
    flush: async () => {
      await p.saveDraft();
      await p.log()?.flush();
    },
  };
}
