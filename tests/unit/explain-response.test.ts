/**
 * The explanation of a refused request starts from what the server said (status, whether a body
 * came, its content type, `error` and `error_description`), labels a guess as one, and is the same
 * text in the alert (`describeError`) and in the exchange log (`explainExchange`).
 */
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/lib/http/exchange-record';
import { explainExchange } from '../../src/lib/http/explain-exchange';
import { describeError } from '../../src/lib/oauth/describe-error';
import { jsonResponse, rejectionOf, respond } from './support/canned-fetch';

const as: oauth.AuthorizationServer = { issuer: 'https://auth.example.com', token_endpoint: 'https://auth.example.com/token' };
const client: oauth.Client = { client_id: 'c' };

/** A canned token-endpoint answer, as the alert sees it (through oauth4webapi) and as the log records it. */
interface Canned {
  status: number;
  body: string;
  headers: Record<string, string>;
}

const responseFor = ({ status, body, headers }: Canned) => respond(body === '' ? null : body, status, headers);

async function alertHint(canned: Canned): Promise<string | undefined> {
  const raw = await rejectionOf(oauth.processClientCredentialsResponse(as, client, responseFor(canned)));
  return (await describeError(raw, 'Token request')).hint;
}

/** The exchange as the recording fetch logs it: the headers the `Response` has (a string body gets text/plain). */
function logged(canned: Canned): Exchange {
  const { status, body } = canned;
  return {
    id: 'x1',
    label: 'Token request',
    startedAt: 0,
    durationMs: 1,
    request: { method: 'POST', url: 'https://auth.example.com/token', headers: [['content-type', 'application/x-www-form-urlencoded;charset=UTF-8']], body: 'grant_type=client_credentials' },
    response: { status, statusText: '', headers: [...responseFor(canned).headers.entries()], body, truncated: false },
  };
}

const json = (value: unknown) => JSON.stringify(value);
const CT_JSON = { 'content-type': 'application/json' };

// Regression (issue 15): a 403 with an empty body was explained as "often an HTML login or error page"
// (the alert) while the log said "The credentials were accepted but do not allow this": both wrong
// (nothing came, and nothing says the credentials were accepted), and they contradicted each other.
describe('a 403 with an empty body (issue 15)', () => {
  const forbidden: Canned = { status: 403, body: '', headers: {} };

  it('says no body came, claims nothing the server did not say, and labels the guess', async () => {
    const hint = await alertHint(forbidden);
    expect(hint).toMatch(/^The server answered HTTP 403 with no body\./);
    expect(hint).not.toMatch(/HTML|login or error page/);
    expect(hint).not.toMatch(/were accepted/);
    expect(hint).toMatch(/A guess: /);
    expect(hint).toMatch(/wrong client ID or secret/);
  });

  it('the log entry says the same thing', async () => {
    expect(explainExchange(logged(forbidden))?.text).toBe(await alertHint(forbidden));
  });
});

// Regression (issue 15): some servers (Keycloak among them) answer `unauthorized_client` for bad
// credentials; it was explained as a grant-type problem only.
it('unauthorized_client mentions the grant type and the client credentials alike (issue 15)', async () => {
  const hint = await alertHint({ status: 400, body: json({ error: 'unauthorized_client', error_description: 'Invalid client or Invalid client credentials' }), headers: CT_JSON });
  expect(hint).toMatch(/^The server answered HTTP 400 with an application\/json body: error “unauthorized_client”, error_description “Invalid client or Invalid client credentials”\./);
  expect(hint).toMatch(/grant type/);
  expect(hint).toMatch(/Client ID and secret/);
});

describe('the alert and the log entry say the same thing', () => {
  const cases: [string, Canned][] = [
    ['401 invalid_client with a Basic challenge', { status: 401, body: json({ error: 'invalid_client', error_description: 'client authentication failed' }), headers: { ...CT_JSON, 'www-authenticate': 'Basic realm="as"' } }],
    ['401 challenge only', { status: 401, body: '', headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="jwt expired"' } }],
    ['400 invalid_scope', { status: 400, body: json({ error: 'invalid_scope' }), headers: CT_JSON }],
    ['400 JSON without error', { status: 400, body: json({ message: 'bad' }), headers: CT_JSON }],
    ['403 text/html', { status: 403, body: '<h1>Forbidden</h1>', headers: { 'content-type': 'text/html' } }],
    ['404 text/plain', { status: 404, body: 'nope', headers: {} }],
    ['502 text/plain', { status: 502, body: 'bad gateway', headers: { 'content-type': 'text/plain' } }],
    ['429 unknown vendor code', { status: 429, body: json({ error: 'vendor_quota' }), headers: CT_JSON }],
  ];
  it.each(cases)('%s', async (_, canned) => {
    const hint = await alertHint(canned);
    expect(hint).toMatch(new RegExp(`^The server answered HTTP ${canned.status} `));
    expect(explainExchange(logged(canned))?.text).toBe(hint);
  });
});

describe('facts first, then meaning, a guess labelled', () => {
  it('names the content type and the error from WWW-Authenticate', async () => {
    const hint = await alertHint({ status: 401, body: '', headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="jwt expired"' } });
    expect(hint).toMatch(/^The server answered HTTP 401 with no body; WWW-Authenticate: error “invalid_token”, error_description “jwt expired”\. The access token is expired/);
  });

  it('an HTML body is called a likely login or error page only when it is HTML', async () => {
    expect(await alertHint({ status: 403, body: '<h1>Forbidden</h1>', headers: { 'content-type': 'text/html; charset=utf-8' } })).toMatch(
      /^The server answered HTTP 403 with a text\/html body, no OAuth error\..*A guess: .*HTML login or error page/,
    );
    expect(await alertHint({ status: 502, body: 'bad gateway', headers: { 'content-type': 'text/plain' } })).not.toMatch(/HTML/);
  });

  it('a known error code is explained without a guess', async () => {
    const hint = await alertHint({ status: 400, body: json({ error: 'invalid_scope' }), headers: CT_JSON });
    expect(hint).not.toMatch(/guess/i);
  });

  it('a 200 that is not JSON says what came', async () => {
    const raw = await rejectionOf(oauth.processClientCredentialsResponse(as, client, respond('<html></html>', 200, { 'content-type': 'text/html' })));
    expect((await describeError(raw, 'Token request')).hint).toMatch(/^The server answered HTTP 200 with a text\/html body, not JSON\..*HTML login or error page/);
  });

  it('a ResponseBodyError whose body was consumed is still explained from the parsed body', async () => {
    const raw = await rejectionOf(oauth.processClientCredentialsResponse(as, client, jsonResponse({ error: 'invalid_grant', error_description: 'expired' }, 400)));
    expect((await describeError(raw, 'Token request')).hint).toMatch(/^The server answered HTTP 400 with an application\/json body: error “invalid_grant”, error_description “expired”\. The grant/);
  });
});
