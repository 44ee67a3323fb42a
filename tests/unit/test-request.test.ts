import { describe, expect, it } from 'vitest';
import {
  basicAuthorization,
  formatBody,
  prepareTestRequest,
  sendTestRequest,
  type AttachedAuth,
} from '../../src/lib/http/test-request';
import { emptyTestRequest, type TestRequestConfig } from '../../src/lib/config/auth-config';
import { describeError } from '../../src/lib/oauth/describe-error';
import { PlaygroundError } from '../../src/lib/errors/playground-error';
import { cannedFetch, contextWith, jsonResponse, rejectionOf, respond, type Handler } from './support/canned-fetch';

const request = (overrides: Partial<TestRequestConfig> = {}): TestRequestConfig => ({
  ...emptyTestRequest(),
  url: 'https://api.example.com/v1/me',
  ...overrides,
});

function thrown(run: () => unknown): PlaygroundError {
  try {
    run();
  } catch (error) {
    if (error instanceof PlaygroundError) return error;
    throw error;
  }
  throw new Error('expected a PlaygroundError');
}

/** Prepares and sends `config` with `auth` through a canned fetch answering with `handler`. */
async function send(config: TestRequestConfig, auth: AttachedAuth, handler: Handler = () => jsonResponse({ ok: true })) {
  const fetch = cannedFetch(handler);
  const response = await sendTestRequest(prepareTestRequest(config, auth), auth, contextWith(fetch));
  return { fetch, sent: fetch.calls[0]!, response };
}

describe('basicAuthorization', () => {
  it('encodes a Close-style API key with an empty password as base64("key:")', () => {
    expect(basicAuthorization('demo-close-api-key', '')).toBe('Basic ZGVtby1jbG9zZS1hcGkta2V5Og==');
  });

  it('encodes UTF-8 bytes (RFC 7617 §2.1)', () => {
    expect(basicAuthorization('Zoë', 'pässword')).toBe('Basic Wm/Dqzpww6Rzc3dvcmQ=');
  });
});

describe('prepareTestRequest and sendTestRequest', () => {
  it('Basic: sends authorization Basic base64(user:password) with the chosen method', async () => {
    const { sent, fetch } = await send(request(), { kind: 'basic', username: 'demo-close-api-key', password: '' });
    expect(fetch.calls).toHaveLength(1);
    expect(sent.url).toBe('https://api.example.com/v1/me');
    expect(sent.method).toBe('GET');
    expect(sent.headers.get('authorization')).toBe('Basic ZGVtby1jbG9zZS1hcGkta2V5Og==');
    expect(sent.body).toBeNull();
    expect(sent.init.redirect).toBe('manual');
  });

  it('API key in a header: sends the key under the given (trimmed) header name, and no Authorization', async () => {
    const { sent } = await send(request(), { kind: 'api_key', placement: 'header', name: ' X-API-Key ', value: 'demo-api-key' });
    expect(sent.headers.get('x-api-key')).toBe('demo-api-key');
    expect(sent.headers.has('authorization')).toBe(false);
    expect(sent.url).toBe('https://api.example.com/v1/me');
  });

  it('API key in the query: adds the parameter, keeps the existing ones, sets no header', async () => {
    const { sent } = await send(request({ url: 'https://api.example.com/v1/items?page=2' }), {
      kind: 'api_key',
      placement: 'query',
      name: 'api_key',
      value: 'k e/y',
    });
    const url = new URL(sent.url);
    expect(url.origin + url.pathname).toBe('https://api.example.com/v1/items');
    expect([...url.searchParams]).toEqual([
      ['page', '2'],
      ['api_key', 'k e/y'],
    ]);
    expect(sent.headers.has('x-api-key')).toBe(false);
    expect(sent.headers.has('authorization')).toBe(false);
  });

  it('Bearer: sends authorization Bearer <token> through oauth4webapi with the user’s headers and body', async () => {
    const { sent, response } = await send(
      request({ method: 'PUT', body: '{"name":"x"}', headers: [{ key: 'X-Trace', value: 't1' }, { key: '', value: 'blank' }] }),
      { kind: 'bearer', token: 'at-123' },
    );
    expect(sent.method).toBe('PUT');
    expect(sent.url).toBe('https://api.example.com/v1/me');
    expect(sent.headers.get('authorization')).toBe('Bearer at-123');
    expect(sent.headers.get('x-trace')).toBe('t1');
    expect(sent.headers.get('content-type')).toBe('application/json');
    expect(sent.body).toBe('{"name":"x"}');
    expect(response.status).toBe(200);
  });

  it('none: sends no credentials', async () => {
    const { sent } = await send(request(), { kind: 'none' });
    expect(sent.headers.has('authorization')).toBe(false);
  });

  it('GraphQL: POSTs {query, variables} as application/json whatever the method select says', async () => {
    const query = 'query Me($id: ID!) { me(id: $id) { id } }';
    const { sent } = await send(request({ mode: 'graphql', method: 'GET', query, variables: '{ "id": "42" }' }), {
      kind: 'bearer',
      token: 'at',
    });
    expect(sent.method).toBe('POST');
    expect(sent.headers.get('content-type')).toBe('application/json');
    expect(sent.headers.get('accept')).toBe('application/graphql-response+json, application/json');
    expect(JSON.parse(sent.body!)).toEqual({ query, variables: { id: '42' } });
  });

  it('GraphQL without variables sends only the query; a user content-type and accept are kept', () => {
    const prepared = prepareTestRequest(
      request({
        mode: 'graphql',
        query: '{ me { id } }',
        headers: [
          { key: 'Content-Type', value: 'application/json; charset=utf-8' },
          { key: 'Accept', value: 'application/json' },
        ],
      }),
      { kind: 'none' },
    );
    expect(prepared.body).toBe('{"query":"{ me { id } }"}');
    expect(prepared.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(prepared.headers.get('accept')).toBe('application/json');
  });

  it('sets content-type application/json only for a JSON-looking body', () => {
    expect(prepareTestRequest(request({ method: 'POST', body: ' [1,2]' }), { kind: 'none' }).headers.get('content-type')).toBe('application/json');
    expect(prepareTestRequest(request({ method: 'POST', body: 'a=1&b=2' }), { kind: 'none' }).headers.has('content-type')).toBe(false);
  });

  it.each([
    ['invalid GraphQL variables JSON', request({ mode: 'graphql', query: '{ me { id } }', variables: '{ id: 42 ' }), 'invalid_request_input'],
    ['GraphQL variables that are an array', request({ mode: 'graphql', query: '{ me { id } }', variables: '[1]' }), 'invalid_request_input'],
    ['an empty GraphQL query', request({ mode: 'graphql', query: '  ' }), 'invalid_request_input'],
    ['a GET with a body', request({ method: 'GET', body: '{"a":1}' }), 'invalid_request_input'],
    ['a HEAD with a body', request({ method: 'HEAD', body: 'x' }), 'invalid_request_input'],
    ['an empty URL', request({ url: '' }), 'missing_field'],
    ['an invalid URL', request({ url: 'api.example.com/me' }), 'invalid_url'],
    ['an invalid header name', request({ headers: [{ key: 'Bad Header', value: 'x' }] }), 'invalid_header'],
  ])('%s is kind input (%s)', (_, config, code) => {
    const error = thrown(() => prepareTestRequest(config, { kind: 'none' }));
    expect(error.kind).toBe('input');
    expect(error.code).toBe(code);
  });

  it('an API key with an empty or invalid header name is kind input', () => {
    expect(thrown(() => prepareTestRequest(request(), { kind: 'api_key', placement: 'header', name: ' ', value: 'k' }))).toMatchObject({
      kind: 'input',
      code: 'invalid_request_input',
    });
    expect(thrown(() => prepareTestRequest(request(), { kind: 'api_key', placement: 'header', name: 'X Key', value: 'k' }))).toMatchObject({
      kind: 'input',
      code: 'invalid_header',
    });
  });

  it('a Bearer 401 with WWW-Authenticate is returned as a response with parsed challenges, not thrown', async () => {
    const header = 'Bearer realm="api", error="invalid_token", error_description="The access token expired"';
    const clock = [5000, 5075];
    const fetch = cannedFetch(() => jsonResponse({ message: 'expired' }, 401, { 'www-authenticate': header }));
    const auth: AttachedAuth = { kind: 'bearer', token: 'old-token' };
    const response = await sendTestRequest(prepareTestRequest(request(), auth), auth, contextWith(fetch, { now: () => clock.shift()! }));
    expect(response).toEqual({
      status: 401,
      statusText: '',
      headers: [
        ['content-type', 'application/json'],
        ['www-authenticate', header],
      ],
      contentType: 'application/json',
      body: '{"message":"expired"}',
      durationMs: 75,
      wwwAuthenticate: header,
      challenges: [{ scheme: 'bearer', parameters: { realm: 'api', error: 'invalid_token', error_description: 'The access token expired' } }],
    });
  });

  it('any HTTP status is a result: a 500 for a Basic request is returned with its body', async () => {
    const { response } = await send(request(), { kind: 'basic', username: 'u', password: 'p' }, () =>
      respond('<h1>oops</h1>', 500, { 'content-type': 'text/html' }),
    );
    expect(response).toMatchObject({ status: 500, contentType: 'text/html', body: '<h1>oops</h1>' });
    expect(response.challenges).toBeUndefined();
    expect(response.wwwAuthenticate).toBeUndefined();
  });

  it.each<AttachedAuth>([
    { kind: 'bearer', token: 'at' },
    { kind: 'basic', username: 'u', password: 'p' },
  ])('plain http to a non-loopback host is refused as input for %j, and nothing is sent', async (auth) => {
    const fetch = cannedFetch(() => jsonResponse({}));
    const prepared = prepareTestRequest(request({ url: 'http://api.example.com/me' }), auth);
    const error = await describeError(await rejectionOf(sendTestRequest(prepared, auth, contextWith(fetch))), 'Test request');
    expect(error.kind).toBe('input');
    expect(error.code).toBe('OAUTH_HTTP_REQUEST_FORBIDDEN');
    expect(fetch.calls).toHaveLength(0);
  });

  it('plain http is sent to loopback, and elsewhere with the opt-in', async () => {
    const auth: AttachedAuth = { kind: 'bearer', token: 'at' };
    const fetch = cannedFetch(() => jsonResponse({}));
    await sendTestRequest(prepareTestRequest(request({ url: 'http://127.0.0.1:9090/api/me' }), auth), auth, contextWith(fetch));
    await sendTestRequest(prepareTestRequest(request({ url: 'http://api.example.com/me' }), auth), auth, contextWith(fetch, { allowInsecureHttp: true }));
    expect(fetch.calls.map((call) => call.url)).toEqual(['http://127.0.0.1:9090/api/me', 'http://api.example.com/me']);
  });

  it('a user Authorization header with Bearer auth is refused by oauth4webapi as input', async () => {
    const auth: AttachedAuth = { kind: 'bearer', token: 'at' };
    const fetch = cannedFetch(() => jsonResponse({}));
    const prepared = prepareTestRequest(request({ headers: [{ key: 'Authorization', value: 'Bearer other' }] }), auth);
    const error = await describeError(await rejectionOf(sendTestRequest(prepared, auth, contextWith(fetch))), 'Test request');
    expect(error.kind).toBe('input');
    expect(fetch.calls).toHaveLength(0);
  });
});

describe('formatBody', () => {
  it('pretty-prints JSON with two spaces', () => {
    expect(formatBody(' {"a":1,"b":[true,null]} ')).toBe('{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}');
  });

  it('returns anything else unchanged', () => {
    for (const body of ['<html><body>x</body></html>', '{not json', 'plain text', '', '42']) expect(formatBody(body)).toBe(body);
  });
});
