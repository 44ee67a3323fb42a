/**
 * Issue 15: the encoding of client_secret_basic credentials. oauth4webapi form-encodes the client ID
 * and secret before Base64 (RFC 6749 §2.3.1), so `peer-confidential` goes out as `peer%2Dconfidential`,
 * which many servers do not decode, while `curl -u` sends them as typed. The choice is part of the
 * configuration; a refusal says when the encoding may be why, and offers the other one.
 */
import fc from 'fast-check';
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { emptyAuthConfig, emptyTestRequest } from '../../src/lib/config/auth-config';
import { encodeCredentialFile, parseCredentialFile } from '../../src/lib/config/credential-file';
import { parseAuthConfig } from '../../src/lib/config/schema';
import { decodeShareLink, describeShared, encodeShareLink } from '../../src/lib/config/share-link';
import { PlaygroundError } from '../../src/lib/errors/playground-error';
import { formUrlEncode, readBasic } from '../../src/lib/http/basic-credentials';
import type { Exchange } from '../../src/lib/http/exchange-record';
import { explainedError, explainExchange } from '../../src/lib/http/explain-exchange';
import { clientAuthFor } from '../../src/lib/oauth/client-auth';
import { requestClientCredentialsToken } from '../../src/lib/oauth/client-credentials';
import { introspectToken } from '../../src/lib/oauth/token-operations';
import { cannedFetch, contextWith, jsonResponse } from './support/canned-fetch';
import { oauth2Settings } from './support/settings';

const as: oauth.AuthorizationServer = { issuer: 'https://auth.example.com', token_endpoint: 'https://auth.example.com/token' };
const ID = 'peer-confidential';
const SECRET = 's3cr:t+x ü%41';
/** The header `curl -u 'id:secret'` sends: base64 of the UTF-8 bytes, nothing encoded. */
const curlU = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`, 'utf8').toString('base64')}`;

async function headerOf(auth: oauth.ClientAuth, clientId = ID): Promise<string | null> {
  const headers = new Headers();
  await auth(as, { client_id: clientId }, new URLSearchParams(), headers);
  return headers.get('authorization');
}

describe('encoding the credentials', () => {
  it('formUrlEncode writes exactly what oauth4webapi’s ClientSecretBasic writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), async (id, secret) => {
        const sent = atob((await headerOf(oauth.ClientSecretBasic(secret), id))!.slice('Basic '.length));
        expect(sent).toBe(`${formUrlEncode(id)}:${formUrlEncode(secret)}`);
      }),
      { numRuns: 300 },
    );
  });

  it('form-encoded (RFC 6749) is the default: `-` goes out as %2D', async () => {
    expect(emptyAuthConfig().oauth2.basicEncoding).toBe('form_encoded');
    expect(await headerOf(clientAuthFor('client_secret_basic', 'a-b'))).toBe(`Basic ${btoa('peer%2Dconfidential:a%2Db')}`);
  });

  it('as typed sends what curl -u sends: the UTF-8 bytes of id:secret', async () => {
    expect(await headerOf(clientAuthFor('client_secret_basic', SECRET, 'as_typed'))).toBe(curlU(ID, SECRET));
  });

  it('a token request and an introspection request go out as typed when asked', async () => {
    const fetch = cannedFetch((request) =>
      request.url.endsWith('/introspect') ? jsonResponse({ active: true }) : jsonResponse({ access_token: 'at', token_type: 'Bearer', expires_in: 60 }),
    );
    const settings = oauth2Settings({ clientId: ID, clientSecret: SECRET, basicEncoding: 'as_typed', introspectionUrl: 'https://auth.example.com/introspect' });
    await requestClientCredentialsToken(settings, contextWith(fetch));
    await introspectToken(settings, 'at', 'access_token', contextWith(fetch));
    expect(fetch.calls.map((call) => call.headers.get('authorization'))).toEqual([curlU(ID, SECRET), curlU(ID, SECRET)]);
  });
});

describe('part of the configuration', () => {
  it('an old saved record without it gets the default; an unknown value too', () => {
    expect(parseAuthConfig({ oauth2: { clientAuth: 'client_secret_basic' } }).oauth2.basicEncoding).toBe('form_encoded');
    expect(parseAuthConfig({ oauth2: { basicEncoding: 'raw' } }).oauth2.basicEncoding).toBe('form_encoded');
    expect(parseAuthConfig({ oauth2: { basicEncoding: 'as_typed' } }).oauth2.basicEncoding).toBe('as_typed');
  });

  it('travels in a share link, named in its confirmation', () => {
    const auth = emptyAuthConfig();
    auth.oauth2.basicEncoding = 'as_typed';
    const { url } = encodeShareLink('https://app.example/', auth, emptyTestRequest(), []);
    const decoded = decodeShareLink(new URL(url).hash);
    expect(decoded?.ok && decoded.shared.auth.oauth2.basicEncoding).toBe('as_typed');
    expect(decoded?.ok && describeShared(decoded.shared)).toContainEqual(['Basic encoding', 'as_typed']);
  });

  it('is kept by an export file', () => {
    const auth = emptyAuthConfig();
    auth.oauth2.basicEncoding = 'as_typed';
    const text = encodeCredentialFile({ exportedAt: '2026-01-01T00:00:00.000Z', credentials: [{ id: 'c1', name: 'peer', description: '', auth, testRequest: emptyTestRequest() }], environments: [] });
    expect(parseCredentialFile(text).credentials[0]!.auth.oauth2.basicEncoding).toBe('as_typed');
  });
});

describe('reading a recorded Basic header back', () => {
  it('tells form-encoded from as typed, and the setting wins when it is known', () => {
    expect(readBasic(`Basic ${btoa('peer%2Dconfidential:a%2Db')}`)).toEqual({ username: ID, password: 'a-b', encoding: 'form_encoded' });
    expect(readBasic(curlU(ID, 'a-b'))).toEqual({ username: ID, password: 'a-b', encoding: 'as_typed' });
    expect(readBasic(`Basic ${btoa('id:a%2Db')}`, { encoding: 'as_typed' })).toEqual({ username: 'id', password: 'a%2Db', encoding: 'as_typed' });
    // a known secret sent as it is was sent as typed, even when it looks form-encoded
    expect(readBasic(`Basic ${btoa('id:a%2Db')}`, { secrets: ['a%2Db'] })?.encoding).toBe('as_typed');
    expect(readBasic('Bearer x')).toBeUndefined();
  });
});

/** A token request sent with `authorization` and refused with `status` and `body`. */
function refused(authorization: string, status: number, body: unknown, label = 'Token request'): Exchange {
  return {
    id: 'x1',
    label,
    startedAt: 0,
    durationMs: 1,
    request: { method: 'POST', url: 'https://auth.example.com/token', headers: [['authorization', authorization], ['content-type', 'application/x-www-form-urlencoded;charset=UTF-8']], body: 'grant_type=client_credentials' },
    response: { status, statusText: '', headers: [['content-type', 'application/json']], body: JSON.stringify(body), truncated: false },
  };
}
const formSent = (id: string, secret: string) => `Basic ${btoa(`${formUrlEncode(id)}:${formUrlEncode(secret)}`)}`;

describe('a refused Basic request says when the encoding may be why (issue 15)', () => {
  it('form-encoded and changed by it: says what went out, offers as typed', () => {
    const explanation = explainExchange(refused(formSent(ID, 'peer-secret'), 401, { error: 'invalid_client' }));
    expect(explanation?.text).toMatch(/^The server answered HTTP 401 /);
    expect(explanation?.text).toContain('“peer-confidential” went out as “peer%2Dconfidential”');
    expect(explanation?.text).toContain('as typed (like curl -u)');
    expect(explanation?.offer).toBe('as_typed');
  });

  it.each([400, 403])('also for a %s without an OAuth error', (status) => {
    expect(explainExchange(refused(formSent(ID, 'x'), status, {}))?.offer).toBe('as_typed');
  });

  it('as typed with % or + in them: offers form-encoded', () => {
    const explanation = explainExchange(refused(curlU('client', 'abc+def/='), 401, { error: 'invalid_client' }));
    expect(explanation?.text).toContain('form-encoded (RFC 6749)');
    expect(explanation?.offer).toBe('form_encoded');
  });

  it.each([
    ['letters and digits only (both encodings send the same)', refused(formSent('client1', 'Secret9'), 401, { error: 'invalid_client' })],
    ['an error about something else', refused(formSent(ID, 'peer-secret'), 400, { error: 'invalid_scope' })],
    ['a server failure', refused(formSent(ID, 'peer-secret'), 500, {})],
    ['a test request (Basic auth type, always as typed)', refused(curlU('user', 'pa+ss'), 401, {}, 'Test request')],
  ])('says nothing of it for %s', (_, exchange) => {
    const explanation = explainExchange(exchange);
    expect(explanation?.offer).toBeUndefined();
    expect(explanation?.text).not.toMatch(/went out|as typed|form-encoded/);
  });

  it('the alert gets the log entry’s words and the offer, from the exchange the error came from', () => {
    const exchange = refused(formSent(ID, 'peer-secret'), 401, { error: 'invalid_client' });
    const described = new PlaygroundError('Token request failed: the server answered 401 with OAuth error “invalid_client”.', { kind: 'oauth_error', code: 'invalid_client', error: 'invalid_client', status: 401, hint: 'from the Response' });
    const error = explainedError(described, [exchange], 'form_encoded');
    expect(error.hint).toBe(explainExchange(exchange)?.text);
    expect(error.switchBasicEncoding).toBe('as_typed');
    expect(error).toMatchObject({ message: described.message, kind: 'oauth_error', code: 'invalid_client', status: 401 });
    // no recorded exchange with that status: unchanged
    expect(explainedError(described, [], 'form_encoded')).toBe(described);
  });
});
