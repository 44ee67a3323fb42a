// Regression tests for the finding "the proxy dies on an odd upstream status line": `HTTP/1.1 099`,
// `000` or a DEL byte in the reason phrase made `res.writeHead` throw in the upstream 'end' handler,
// nothing caught it, and the process exited. Whatever a target or a client sends, the proxy answers
// (a target's broken answer: 502 `upstream_invalid_response`) and keeps answering the next request.
// The proxy runs as its own process here, so that dying would show.
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APP, forward, home, rawUpstream, startProxyProcess, TOKEN, type Answer, type ProxyProcess, type RawUpstream } from './support/proxy-process';

const errorOf = (answer: Answer) => JSON.parse(answer.body) as { error: string; error_description: string };

/** Answers that are not valid HTTP/1.1, byte for byte (latin1), each closed after sending. */
const INVALID: [string, string][] = [
  ['status 099', 'HTTP/1.1 099 X\r\nContent-Length: 0\r\n\r\n'],
  ['status 000', 'HTTP/1.1 000 X\r\nContent-Length: 0\r\n\r\n'],
  ['a DEL byte in the reason phrase', 'HTTP/1.1 200 O\x7FK\r\nContent-Length: 0\r\n\r\n'],
  ['a NUL byte in the reason phrase', 'HTTP/1.1 200 O\x00K\r\nContent-Length: 0\r\n\r\n'],
  ['status 600', 'HTTP/1.1 600 X\r\nContent-Length: 0\r\n\r\n'],
  ['status 1000', 'HTTP/1.1 1000 X\r\nContent-Length: 0\r\n\r\n'],
  ['a NUL byte in a header value', 'HTTP/1.1 200 OK\r\nX-A: a\x00b\r\nContent-Length: 0\r\n\r\n'],
  ['a DEL byte in a header value', 'HTTP/1.1 200 OK\r\nX-A: a\x7Fb\r\nContent-Length: 0\r\n\r\n'],
  ['a bare CR in a header value', 'HTTP/1.1 200 OK\r\nX-A: a\rb\r\nContent-Length: 0\r\n\r\n'],
  ['a space in a header name', 'HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 0\r\n\r\n'],
  ['an over-long header', `HTTP/1.1 200 OK\r\nX-A: ${'a'.repeat(70_000)}\r\nContent-Length: 0\r\n\r\n`],
  ['a truncated status line', 'HTTP/1.1 20'],
  ['a close in the middle of the headers', 'HTTP/1.1 200 OK\r\nContent-Type: application/js'],
  ['a close in the middle of the body', 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'],
  ['a close after an interim 100 Continue', 'HTTP/1.1 100 Continue\r\n\r\n'],
  ['101 Switching Protocols', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n'],
  ['bytes that are not HTTP', 'hello\r\n\r\n'],
  ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
  ['two different Content-Lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'],
];

describe('the proxy and a target answering with something that is not HTTP', () => {
  let proxy: ProxyProcess;
  let upstream: RawUpstream;

  beforeAll(async () => {
    [proxy, upstream] = await Promise.all([startProxyProcess(), rawUpstream()]);
  });

  beforeEach(async () => {
    if (!proxy.alive()) proxy = await startProxyProcess(); // a case that killed it fails alone
  });

  afterAll(async () => {
    await Promise.all([proxy?.stop(), upstream?.close()]);
  });

  // Regression (issue 13, finding 3): an upstream status line `HTTP/1.1 099`, `000` or 0x7F in the reason made res.writeHead throw uncaught; the proxy exited.
  it.each(INVALID)('finding 3: answers %s with 502 upstream_invalid_response, and keeps running', async (_name, reply) => {
    upstream.reply = reply;
    const answer = await forward(proxy.port, `${upstream.url}/token`);
    expect(answer.status).toBe(502);
    expect(answer.headers['x-proxy-error']).toBe('upstream_invalid_response');
    expect(answer.headers['access-control-allow-origin']).toBe(APP); // the app can read why
    expect(errorOf(answer)).toMatchObject({ error: 'upstream_invalid_response', error_description: expect.stringContaining(upstream.url.slice('http://'.length)) });
    expect((await home(proxy.port)).status).toBe(200);
    expect(proxy.alive()).toBe(true);
  });

  it('tells a target that closed without a byte (unreachable) from one that sent a broken answer', async () => {
    upstream.reply = '';
    const answer = await forward(proxy.port, `${upstream.url}/token`);
    expect(answer.status).toBe(502);
    expect(errorOf(answer).error).toBe('upstream_unreachable');
  });

  it('still relays valid answers at the edges: status 200 without a reason, 599, tabs and obs-text bytes', async () => {
    const valid: [string, number, Record<string, string>][] = [
      ['HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok', 200, {}],
      ['HTTP/1.1 599 Odd But Valid\r\nContent-Length: 2\r\n\r\nok', 599, {}],
      ['HTTP/1.1 200 O\tK\r\nX-A: a\tb\r\nContent-Length: 2\r\n\r\nok', 200, { 'x-a': 'a\tb' }],
      ['HTTP/1.1 200 OK\r\nX-A: caf\xe9\r\nX-Empty:\r\nContent-Length: 2\r\n\r\nok', 200, { 'x-a': 'caf\xe9', 'x-empty': '' }],
    ];
    for (const [reply, status, headers] of valid) {
      upstream.reply = reply;
      const answer = await forward(proxy.port, `${upstream.url}/token`);
      expect(answer.status, reply).toBe(status);
      expect(answer.body, reply).toBe('ok');
      expect(answer.headers, reply).toMatchObject(headers);
    }
  });

  it('relays headers named like Object.prototype members (constructor, __proto__, toString): found by the property test', async () => {
    upstream.reply = 'HTTP/1.1 200 OK\r\nconstructor: c\r\n__proto__: p\r\ntoString: t\r\nhasOwnProperty: h\r\nContent-Length: 2\r\n\r\nok';
    const answer = await forward(proxy.port, `${upstream.url}/token`);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('ok');
    expect(answer.headers).toMatchObject({ constructor: 'c', tostring: 't', hasownproperty: 'h' });
    expect(answer.rawHeaders.join('\n')).toContain('__proto__\np'); // IncomingMessage.headers cannot hold it
  });

  it('writes log lines without the control bytes the target sent', () => {
    expect(proxy.output.filter((line) => /[\x00-\x08\x0b-\x1f\x7f]/.test(line))).toEqual([]);
    expect(proxy.output.join('\n')).toContain('upstream_invalid_response');
  });
});

describe('the proxy and a client that goes away or sends garbage', () => {
  let proxy: ProxyProcess;
  let slow: net.Server;
  let slowUrl: string;
  const slowSockets = new Set<net.Socket>();

  beforeAll(async () => {
    proxy = await startProxyProcess();
    // a target that answers 300 ms after the request, headers first, then the body 300 ms later
    slow = net.createServer((socket) => {
      slowSockets.add(socket);
      socket.on('close', () => slowSockets.delete(socket));
      socket.on('error', () => undefined);
      socket.once('data', () => {
        setTimeout(() => socket.destroyed || socket.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nok'), 300);
        setTimeout(() => socket.destroyed || socket.end('ok'), 600);
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    slowUrl = `http://127.0.0.1:${(slow.address() as net.AddressInfo).port}`;
  });

  afterAll(async () => {
    await proxy?.stop();
    for (const socket of slowSockets) socket.destroy();
    await new Promise((resolve) => slow?.close(resolve));
  });

  /** Sends `bytes` to the proxy on a raw connection and drops it after `dropAfterMs`. */
  const sendAndDrop = (bytes: string, dropAfterMs: number) =>
    new Promise<string>((resolve) => {
      const socket = net.connect(proxy.port, '127.0.0.1');
      let received = '';
      socket.on('error', () => undefined);
      socket.on('data', (chunk) => (received += chunk.toString('latin1')));
      socket.on('close', () => resolve(received));
      socket.write(Buffer.from(bytes, 'latin1'));
      setTimeout(() => socket.destroy(), dropAfterMs);
    });
  const forwardHead = (target: string, extra: string) =>
    `POST /forward HTTP/1.1\r\nHost: 127.0.0.1:${proxy.port}\r\nOrigin: ${APP}\r\nX-Proxy-Token: ${TOKEN}\r\nX-Proxy-Target: ${target}\r\n${extra}\r\n`;

  it('survives a client that drops the connection in the middle of its body', async () => {
    await sendAndDrop(`${forwardHead(`${slowUrl}/token`, 'Content-Length: 100\r\n')}abc`, 100);
    expect((await home(proxy.port)).status).toBe(200);
    expect(proxy.alive()).toBe(true);
  });

  it('survives a client that drops the connection while the target is thinking, or sending its body', async () => {
    await sendAndDrop(forwardHead(`${slowUrl}/token`, 'Content-Length: 0\r\n'), 100);
    await sendAndDrop(forwardHead(`${slowUrl}/token`, 'Content-Length: 0\r\n'), 450);
    await new Promise((resolve) => setTimeout(resolve, 400)); // the target answers into the void
    expect((await home(proxy.port)).status).toBe(200);
    expect(proxy.alive()).toBe(true);
    expect(proxy.output.join('\n')).not.toContain('upstream_unreachable'); // the client left; the target was fine
  });

  it('answers request bytes that are not HTTP with 400, and keeps running', async () => {
    for (const garbage of ['\x00\x01\x02\r\n\r\n', 'GET / HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n', `GET /${'a'.repeat(70_000)} HTTP/1.1\r\n\r\n`, 'GET / HTTP/1.1\r\nHost: a\x7Fb\r\n\r\n']) {
      const received = await sendAndDrop(garbage, 300);
      expect(received.slice(0, 12), JSON.stringify(garbage.slice(0, 20))).toMatch(/^HTTP\/1\.1 4\d\d/);
    }
    expect((await home(proxy.port)).status).toBe(200);
    expect(proxy.alive()).toBe(true);
  });
});
