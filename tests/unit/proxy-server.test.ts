// The local proxy at the HTTP level: started in-process on a free port, with a local upstream.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type RunningProxy } from '../../proxy/server.js';

const APP = 'http://127.0.0.1:4173';
const TOKEN = 'unit-test-pairing-token-0123456789';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One raw request to the proxy: every header (Host, Origin) exactly as given. */
function send(port: number, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path ?? '/forward', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('the local proxy', () => {
  let proxy: RunningProxy;
  let upstream: http.Server;
  let upstreamUrl: string;
  const seen: { method?: string; headers: http.IncomingHttpHeaders; rawHeaders: string[]; body: string }[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({ method: req.method, headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString() });
        if (req.url === '/redirect') return void res.writeHead(302, { location: 'https://elsewhere.example/' }).end();
        if (req.url === '/slow') return; // never answers
        if (req.url === '/big') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('b'.repeat(4096)); // one piece
        if (req.url === '/big-chunks') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('c'.repeat(512))), 5);
          return;
        }
        res.writeHead(200, {
          'content-type': 'application/json',
          'set-cookie': 'session=abc',
          'access-control-allow-origin': '*',
          'www-authenticate': 'Bearer realm="x"',
          'x-request-id': 'r1',
        });
        res.end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    proxy = await startProxy({ port: 0, origins: [APP], token: TOKEN, allowLoopback: true, maxBodyBytes: 1024, timeoutMs: 300, log: (line) => logs.push(line) });
  });

  afterAll(async () => {
    await proxy.close();
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
  });

  const host = () => `127.0.0.1:${proxy.port}`;
  const headers = (extra: Record<string, string> = {}) => ({ host: host(), origin: APP, 'x-proxy-token': TOKEN, 'x-proxy-target': `${upstreamUrl}/token?client_secret=s3cr3t`, ...extra });
  const errorOf = (answer: Answer) => JSON.parse(answer.body) as { error: string; error_description: string };

  it('forwards method, headers and body unchanged, without Origin, cookies or proxy headers', async () => {
    seen.length = 0;
    const body = 'grant_type=client_credentials&scope=a+b';
    const answer = await send(proxy.port, {
      headers: headers({ authorization: 'Basic Y2M6Y2Mtc2VjcmV0', 'content-type': 'application/x-www-form-urlencoded', 'x-tenant': 'acme', cookie: 'sid=1', dpop: 'proof' }),
      body,
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ ok: true });
    const [forwarded] = seen;
    expect(forwarded).toMatchObject({ method: 'POST', body });
    expect(forwarded!.headers).toMatchObject({ authorization: 'Basic Y2M6Y2Mtc2VjcmV0', 'content-type': 'application/x-www-form-urlencoded', 'x-tenant': 'acme', dpop: 'proof' });
    expect(forwarded!.headers['content-length']).toBe(String(body.length));
    for (const name of ['origin', 'cookie', 'x-proxy-token', 'x-proxy-target']) expect(forwarded!.headers[name], name).toBeUndefined();
  });

  it('forwards request headers named like Object.prototype members (constructor, __proto__)', async () => {
    seen.length = 0;
    const answer = await send(proxy.port, { headers: headers({ constructor: 'c', ['__proto__']: 'p', toString: 't' }), body: '' });
    expect(answer.status).toBe(200);
    expect(seen[0]!.headers).toMatchObject({ constructor: 'c', tostring: 't' });
    expect(seen[0]!.rawHeaders.join('\n')).toContain('__proto__\np'); // IncomingMessage.headers cannot hold it
  });

  it('answers with CORS for the app origin only, exposes the target headers, and strips Set-Cookie', async () => {
    const answer = await send(proxy.port, { headers: headers(), body: '' });
    expect(answer.headers['access-control-allow-origin']).toBe(APP);
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(answer.headers['www-authenticate']).toBe('Bearer realm="x"');
    expect(String(answer.headers['access-control-expose-headers']).split(', ')).toEqual(expect.arrayContaining(['www-authenticate', 'x-request-id', 'content-type']));
  });

  it('logs each forward without the query string, the body or the token', async () => {
    logs.length = 0;
    await send(proxy.port, { headers: headers(), body: 'client_secret=body-secret' });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain(`POST ${upstreamUrl}/token?… → 200`);
    for (const secret of ['s3cr3t', 'body-secret', TOKEN]) expect(logs[0]).not.toContain(secret);
  });

  it('answers the preflight for the app origin, with the requested method and headers', async () => {
    const answer = await send(proxy.port, {
      method: 'OPTIONS',
      headers: { host: host(), origin: APP, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization, x-proxy-token, x-proxy-target' },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers).toMatchObject({ 'access-control-allow-origin': APP, 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'authorization, x-proxy-token, x-proxy-target' });
  });

  it('refuses another origin, without CORS headers the browser could read', async () => {
    for (const origin of ['https://evil.example', 'http://127.0.0.1:4174', 'null']) {
      const answer = await send(proxy.port, { headers: headers({ origin }) });
      expect(answer.status, origin).toBe(403);
      expect(errorOf(answer).error).toBe('origin_not_allowed');
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
    const preflight = await send(proxy.port, { method: 'OPTIONS', headers: { host: host(), origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const { origin: _, ...noOrigin } = headers();
    expect(errorOf(await send(proxy.port, { headers: noOrigin })).error).toBe('origin_not_allowed');
  });

  it('refuses a request without the pairing token, or with a wrong one', async () => {
    seen.length = 0;
    const { 'x-proxy-token': _, ...noToken } = headers();
    const missing = await send(proxy.port, { headers: noToken });
    expect(missing.status).toBe(403);
    expect(errorOf(missing).error).toBe('pairing_token_missing');
    expect(missing.headers['access-control-allow-origin']).toBe(APP); // the app may read why
    const wrong = await send(proxy.port, { headers: headers({ 'x-proxy-token': `${TOKEN}x` }) });
    expect(wrong.status).toBe(403);
    expect(errorOf(wrong).error).toBe('pairing_token_invalid');
    expect(seen).toHaveLength(0);
  });

  it('refuses a Host header that is not its own (DNS rebinding)', async () => {
    for (const badHost of ['evil.example:' + proxy.port, 'rebind.example.com', `127.0.0.1:${proxy.port + 1}`]) {
      const answer = await send(proxy.port, { headers: headers({ host: badHost }) });
      expect(answer.status, badHost).toBe(403);
      expect(errorOf(answer).error).toBe('host_not_allowed');
    }
  });

  it('refuses private-network, link-local and non-https targets', async () => {
    for (const target of ['https://10.0.0.1/token', 'https://192.168.1.1/', 'https://169.254.169.254/latest/meta-data/', 'http://example.com/token']) {
      const answer = await send(proxy.port, { headers: headers({ 'x-proxy-target': target }) });
      expect(answer.status, target).toBe(403);
      expect(errorOf(answer).error).toBe('target_forbidden');
    }
    expect(errorOf(await send(proxy.port, { headers: headers({ 'x-proxy-target': 'not a url' }) })).error).toBe('invalid_target');
  });

  it('refuses to forward to itself', async () => {
    const answer = await send(proxy.port, { headers: headers({ 'x-proxy-target': `http://127.0.0.1:${proxy.port}/forward` }) });
    expect(answer.status).toBe(403);
    expect(errorOf(answer).error).toBe('target_forbidden');
  });

  it('refuses an oversized body with 413, declared or streamed', async () => {
    seen.length = 0;
    const declared = await send(proxy.port, { headers: headers(), body: 'x'.repeat(1025) });
    expect(declared.status).toBe(413);
    expect(errorOf(declared).error).toBe('request_too_large');
    const streamed = await send(proxy.port, { headers: headers({ 'transfer-encoding': 'chunked' }), body: Buffer.alloc(4096, 'y') });
    expect(streamed.status).toBe(413);
    expect(seen).toHaveLength(0);
    expect((await send(proxy.port, { headers: headers(), body: 'x'.repeat(1024) })).status).toBe(200);
  });

  it('follows no redirect: the status comes back with the location renamed', async () => {
    const answer = await send(proxy.port, { headers: headers({ 'x-proxy-target': `${upstreamUrl}/redirect` }) });
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toBeUndefined();
    expect(answer.headers['x-proxy-location']).toBe('https://elsewhere.example/');
  });

  it('refuses an answer over the response limit with 502, never relaying it cut (whole in one piece, or streamed)', async () => {
    const small = await startProxy({ port: 0, origins: [APP], token: TOKEN, allowLoopback: true, maxResponseBytes: 1000, log: () => undefined });
    try {
      for (const path of ['/big', '/big-chunks']) {
        const answer = await send(small.port, { headers: { ...headers({ 'x-proxy-target': `${upstreamUrl}${path}` }), host: `127.0.0.1:${small.port}` } });
        expect(answer.status, path).toBe(502);
        expect(errorOf(answer).error, path).toBe('response_too_large');
      }
    } finally {
      await small.close();
    }
  });

  it('gives up on a target that does not answer in time with 504', async () => {
    const answer = await send(proxy.port, { headers: headers({ 'x-proxy-target': `${upstreamUrl}/slow` }) });
    expect(answer.status).toBe(504);
    expect(errorOf(answer).error).toBe('upstream_timeout');
  });

  it('reports an unreachable target with 502', async () => {
    const answer = await send(proxy.port, { headers: headers({ 'x-proxy-target': 'http://127.0.0.1:9/token' }) });
    expect(answer.status).toBe(502);
    expect(errorOf(answer).error).toBe('upstream_unreachable');
  });

  it('refuses loopback targets unless started with --allow-loopback', async () => {
    const strict = await startProxy({ port: 0, origins: [APP], token: TOKEN, log: () => undefined });
    try {
      const answer = await send(strict.port, { headers: { ...headers(), host: `127.0.0.1:${strict.port}` } });
      expect(answer.status).toBe(403);
      expect(errorOf(answer)).toMatchObject({ error: 'target_forbidden', error_description: expect.stringContaining('--allow-loopback') });
    } finally {
      await strict.close();
    }
  });

  it('refuses a name that resolves to a private address, after DNS', async () => {
    const rebinding = await startProxy({
      port: 0,
      origins: [APP],
      token: TOKEN,
      log: () => undefined,
      lookup: (_host, _options, callback) => callback(null, [{ address: '10.0.0.5', family: 4 }]),
    });
    try {
      const answer = await send(rebinding.port, { headers: { ...headers({ 'x-proxy-target': 'https://intranet.example.com/token' }), host: `127.0.0.1:${rebinding.port}` } });
      expect(answer.status).toBe(403);
      expect(errorOf(answer)).toMatchObject({ error: 'target_forbidden', error_description: expect.stringContaining('intranet.example.com resolves to 10.0.0.5') });
    } finally {
      await rebinding.close();
    }
  });

  it('will not start with a short pairing token', async () => {
    await expect(startProxy({ port: 0, token: 'short' })).rejects.toThrow(/at least 16/);
  });
});

describe('the local proxy behind a reverse proxy', () => {
  it('accepts a public Host name only when given with --public-host', async () => {
    const hosted = await startProxy({ port: 0, origins: [APP], token: TOKEN, hosts: ['proxy.example.com'], log: () => undefined });
    try {
      const base = { origin: APP, 'x-proxy-token': TOKEN, 'x-proxy-target': 'https://10.0.0.1/' };
      // passes the Host check, then meets the target check: the refusal says which check stopped it
      expect(JSON.parse((await send(hosted.port, { headers: { ...base, host: 'proxy.example.com' } })).body).error).toBe('target_forbidden');
      expect(JSON.parse((await send(hosted.port, { headers: { ...base, host: 'other.example.com' } })).body).error).toBe('host_not_allowed');
    } finally {
      await hosted.close();
    }
  });
});
