/**
 * What the Exchange log's buttons do: export HAR, build the support report, gather what the code
 * snippets need. Loaded with the log panel, never at startup.
 */
import { ERROR_KIND_TITLES, type PlaygroundError } from '../errors/playground-error';
import type { Exchange } from '../http/exchange';
import { toHar } from '../http/har';
import { isFailedExchange, supportReport } from '../http/report';
import { knownSecrets, namedSecrets as namedSecretsFrom, type SecretSources } from '../http/secret-sources';
import type { NamedSecret } from '../http/snippets';
import type { ExchangeLog } from './exchange-log.svelte';
import type { Playground } from './playground.svelte';

/** Labels of the exchanges a token snippet reproduces, newest wins. */
const TOKEN_LABELS = new Set(['Token request', 'Refresh request']);

function stamp(now: number): string {
  return new Date(now).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** Saves `text` as a file through the browser's download. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The log as a HAR 1.2 file, secrets masked (always: an exported file leaves this browser). */
export function harFile(pg: Playground, log: ExchangeLog): { name: string; text: string } {
  const har = toHar(log.masked(), { comment: 'Exported from OAuth Playground. Secrets, tokens, codes and passwords are masked: first characters and length at most.' });
  return { name: `oauth-playground-${stamp(pg.now())}.har`, text: JSON.stringify(har, null, 2) };
}

function errorFor(pg: Playground, exchanges: readonly Exchange[]): PlaygroundError | null {
  const last = [...exchanges].reverse().find(isFailedExchange);
  const [token, operation, test] = [pg.attempt.error ?? pg.discovery.error, pg.operation.error, pg.test.error];
  const candidates = last?.label === 'Test request' ? [test, token, operation] : [token, operation, test];
  return candidates.find((error) => error !== null) ?? null;
}

/** The support report (Markdown), masked: the exchanges by the log, everything else by `supportReport` with every known secret. */
export function reportText(pg: Playground, log: ExchangeLog): string {
  const exchanges = log.masked();
  const error = errorFor(pg, exchanges);
  return supportReport({
    auth: $state.snapshot(pg.auth),
    testRequest: $state.snapshot(pg.testRequest),
    exchanges,
    secrets: [...new Set([...pg.secrets, ...knownSecrets(secretSources(pg))])],
    error: error && {
      title: ERROR_KIND_TITLES[error.kind],
      message: error.message,
      code: error.code,
      hint: error.hint,
      error: error.error,
      error_description: error.error_description,
      status: error.status,
    },
    generatedAt: pg.now(),
    appUrl: pg.redirectUri,
    userAgent: navigator.userAgent,
  });
}

/** The newest token and test exchanges of this session (restored ones are masked: no snippet from those). */
export function snippetSources(log: ExchangeLog): { label: string; exchange: Exchange }[] {
  const live = log.entries.filter((entry) => !entry.masked && entry.kind !== 'navigation');
  const newest = (match: (e: Exchange) => boolean) => [...live].reverse().find(match);
  const token = newest((e) => TOKEN_LABELS.has(e.label));
  const test = newest((e) => e.label === 'Test request');
  return [
    ...(token ? [{ label: 'Token request', exchange: token }] : []),
    ...(test ? [{ label: 'Test request', exchange: test }] : []),
  ];
}

/**
 * The secrets a snippet must not show, each with the variable that stands for it: from every source
 * a request resolves from (typed fields, saved secrets, secret variables, tokens), see `namedSecretsFrom`.
 */
export function namedSecrets(pg: Playground): NamedSecret[] {
  return namedSecretsFrom(secretSources(pg));
}

function secretSources(pg: Playground): SecretSources {
  return { auth: pg.auth, testRequest: pg.testRequest, savedSecrets: pg.scope.savedSecrets, variables: pg.scope.variables, tokenRuns: pg.tokens.runs.items };
}
