/**
 * A report for a support ticket, in Markdown: the configuration (no secrets), the steps, the
 * failing exchange and what it means. Pure: the caller passes redacted exchanges (`redactExchange`)
 * and the known secrets; everything else is redacted here through the same module (`redact.ts`), so
 * a URL reads the same in the Configuration and the Steps sections.
 */
import { filledRows, type AuthConfig, type TestRequestConfig } from '../config/auth-config';
import { FAILURE_WORDS, type Exchange } from './exchange-record';
import { redactUrl, scrub } from './redact';
import { looksSecretName } from './secret-names';

/** The error shown to the user, as far as the report needs it. */
export interface ReportError {
  title: string;
  message: string;
  code: string;
  hint?: string | undefined;
  error?: string | undefined;
  error_description?: string | undefined;
  status?: number | undefined;
}

export interface ReportInput {
  auth: AuthConfig;
  testRequest?: TestRequestConfig;
  /** Already redacted, oldest first. */
  exchanges: readonly Exchange[];
  /** Every secret value known (the same list the exchanges were redacted with): masked wherever it appears. */
  secrets?: readonly string[];
  error?: ReportError | null;
  generatedAt: number;
  /** The app's own address and the browser, for context. */
  appUrl?: string;
  userAgent?: string;
}

/** Longest body shown in the report; the HAR export has the whole. */
export const REPORT_BODY_LIMIT = 4000;

/** A fence longer than any run of backticks in `text`, so the text cannot close it. */
function fence(text: string, info = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${info}\n${text}\n${marks}`;
}

/** Inline code that survives backticks and line breaks in `text`. */
function code(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${longest ? ' ' : ''}${flat}${longest ? ' ' : ''}${marks}`;
}

/** Keeps a value out of the report when its name looks secret; masks known secrets in the others. */
function shown(name: string, value: string, secrets: readonly string[]): string {
  return looksSecretName(name) ? '(not included)' : scrub(value, secrets);
}

function configLines(auth: AuthConfig, testRequest: TestRequestConfig | undefined, secrets: readonly string[]): string[] {
  const text = (value: string) => scrub(value, secrets);
  const url = (value: string) => redactUrl(value, secrets);
  const lines = [`- Auth type: ${code(auth.authType)}`];
  if (auth.presetId) lines.push(`- Preset: ${code(text(auth.presetId))}`);
  if (auth.authType === 'oauth2') {
    const o = auth.oauth2;
    const fields: [string, string][] = [
      ['Grant type', o.grantType],
      ['Issuer', url(o.issuer)],
      ['Authorization URL', url(o.authorizationUrl)],
      ['Token URL', url(o.tokenUrl)],
      ['Client ID', text(o.clientId)],
      ['Client authentication', o.clientAuth],
      ['Basic encoding', o.clientAuth === 'client_secret_basic' ? o.basicEncoding : ''],
      ['Scope', text(o.scope)],
    ];
    if (o.grantType === 'authorization_code') fields.push(['Code challenge method', o.codeChallengeMethod], ['Authorize in', o.authorizeVia]);
    if (o.grantType === 'custom') fields.push(['Custom grant_type', text(o.customGrantType)]);
    if (o.grantType === 'urn:ietf:params:oauth:grant-type:token-exchange') {
      fields.push(['Subject token type', o.subjectTokenType], ['Actor token type', o.actorToken ? o.actorTokenType : ''], ['Audience', text(o.audience)], ['Resource', url(o.resource)], ['Requested token type', o.requestedTokenType]);
    }
    if (o.usePar) fields.push(['PAR', 'on']);
    if (o.dpop) fields.push(['DPoP', 'on']);
    for (const [label, value] of fields) if (value) lines.push(`- ${label}: ${code(value)}`);
    lines.push(`- Client secret: ${o.clientSecret ? 'set (not included)' : 'empty'}`);
    if (o.grantType === 'urn:ietf:params:oauth:grant-type:token-exchange') lines.push(`- Subject token: ${o.subjectToken ? 'set (not included)' : 'empty'}`);
    if (o.grantType === 'urn:ietf:params:oauth:grant-type:jwt-bearer') lines.push(`- Assertion: ${o.assertion ? 'set (not included)' : 'empty'}`);
    for (const [label, rows] of [['Extra token parameter', o.extraParams], ['Extra token header', o.extraHeaders], ['Extra authorization parameter', o.authParams]] as const) {
      for (const row of filledRows(rows)) lines.push(`- ${label} ${code(text(row.key))}: ${code(shown(row.key, row.value, secrets))}`);
    }
  } else if (auth.authType === 'api_key') {
    lines.push(`- API key sent in the ${auth.apiKey.placement} ${code(text(auth.apiKey.name))} (value not included)`);
  } else if (auth.authType === 'basic') {
    lines.push('- Basic auth (user name and password not included)');
  } else {
    lines.push('- Bearer token (not included)');
  }
  if (auth.allowInsecureHttp) lines.push('- Plain http to non-loopback hosts: allowed');
  if (testRequest?.url) lines.push(`- Test request: ${code(`${testRequest.mode === 'graphql' ? 'POST (GraphQL)' : testRequest.method} ${url(testRequest.url)}`)}`);
  return lines;
}

function outcome(exchange: Exchange): string {
  if (exchange.response) return `${exchange.response.status} ${exchange.response.statusText}`.trim();
  if (exchange.kind === 'navigation') return 'browser left for the server; no return recorded';
  return FAILURE_WORDS[exchange.failure ?? 'network'];
}

/** Whether `exchange` failed: no response, or an HTTP error status. */
export function isFailedExchange(exchange: Exchange): boolean {
  return exchange.kind !== 'navigation' ? !exchange.response || exchange.response.status >= 400 : false;
}

function cut(text: string): string {
  return text.length > REPORT_BODY_LIMIT ? `${text.slice(0, REPORT_BODY_LIMIT)}\n… (${text.length - REPORT_BODY_LIMIT} more characters in the HAR export)` : text;
}

function exchangeText(exchange: Exchange): string {
  const { request, response } = exchange;
  const head = [`${request.method} ${request.url}`, ...request.headers.map(([n, v]) => `${n}: ${v}`)].join('\n');
  const sent = request.body !== null ? `${head}\n\n${cut(request.body)}` : head;
  if (!response) return `${sent}\n\n(no response: ${outcome(exchange)})`;
  const got = [`HTTP ${response.status} ${response.statusText}`, ...response.headers.map(([n, v]) => `${n}: ${v}`)].join('\n');
  return `${sent}\n\n${got}\n\n${cut(response.body)}`;
}

/** The report as Markdown, ready to paste into a ticket. */
export function supportReport(input: ReportInput): string {
  const { exchanges, error, secrets = [] } = input;
  const text = (value: string) => scrub(value, secrets);
  const out = ['# OAuth Playground report', '', `Generated ${new Date(input.generatedAt).toISOString()}.${input.appUrl ? ` App: ${redactUrl(input.appUrl, secrets)}` : ''}`];
  if (input.userAgent) out.push(`Browser: ${code(input.userAgent)}`);
  out.push('', 'Secrets, tokens, codes and passwords are masked (first characters and length at most).', '', '## Configuration', '', ...configLines(input.auth, input.testRequest, secrets));
  out.push('', '## Steps', '');
  if (exchanges.length === 0) out.push('No requests recorded.');
  exchanges.forEach((exchange, i) => {
    const time = new Date(exchange.startedAt).toISOString().slice(11, 23);
    out.push(`${i + 1}. ${time} ${exchange.label}: ${code(`${exchange.request.method} ${exchange.request.url}`)} → ${outcome(exchange)} (${Math.round(exchange.durationMs)} ms)`);
  });
  const failing = [...exchanges].reverse().find(isFailedExchange);
  if (failing) out.push('', '## Failing exchange', '', `${failing.label}:`, '', fence(exchangeText(failing), 'http'));
  if (error) {
    out.push('', '## What went wrong', '', `**${error.title}.** ${text(error.message)}`);
    const facts: string[] = [];
    if (error.status) facts.push(`- HTTP status: ${error.status}`);
    if (error.error) facts.push(`- error: ${code(text(error.error))}`);
    if (error.error_description) facts.push(`- error_description: ${text(error.error_description).replace(/\s*\n\s*/g, ' ')}`);
    facts.push(`- code: ${code(error.code)}`);
    out.push('', ...facts);
    if (error.hint) out.push('', `**What to check:** ${text(error.hint)}`);
  }
  return `${out.join('\n')}\n`;
}
