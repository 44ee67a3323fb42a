/**
 * The local proxy as its own process (`node proxy/main.js`), with a raw TCP upstream that answers
 * with whatever bytes a test gives it. In its own process, an exception nothing catches ends the
 * proxy exactly as it would for a user, and a test can tell: `alive()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

export const APP = 'http://127.0.0.1:4173';
export const TOKEN = 'unit-test-pairing-token-0123456789';
const MAIN = fileURLToPath(new URL('../../../proxy/main.js', import.meta.url));

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Name, value, name, value... as received (a `__proto__` header is only here). */
  rawHeaders: string[];
  body: string;
}

export interface ProxyProcess {
  port: number;
  /** Lines the proxy printed after starting (its log), and anything on stderr. */
  output: string[];
  /** True while the process has not exited. */
  alive(): boolean;
  stop(): Promise<void>;
}

/** Starts `node proxy/main.js` on a free port, loopback targets allowed. */
export async function startProxyProcess(timeoutMs = 2000): Promise<ProxyProcess> {
  const child: ChildProcess = spawn(process.execPath, [MAIN, '--port', '0', '--allow-loopback', '--origin', APP, '--token', TOKEN, '--timeout', String(timeoutMs)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let exited = false;
  child.on('exit', () => (exited = true));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => output.push(...text.split('\n')));
  const port = await new Promise<number>((resolve, reject) => {
    let printed = '';
    child.once('exit', (code) => reject(new Error(`the proxy exited (${code}) before it started: ${printed}${output.join('\n')}`)));
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      printed += text;
      const found = /local proxy\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(printed);
      if (found) {
        resolve(Number(found[1]));
        printed = '';
      }
      output.push(...text.split('\n'));
    });
  });
  return {
    port,
    output,
    alive: () => !exited && child.exitCode === null,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface RawUpstream {
  url: string;
  /** The bytes every connection is answered with (sent once the request has arrived), then closed. */
  reply: Buffer | string;
  close(): Promise<void>;
}

/** A TCP server that answers each request with `reply`, byte for byte, and closes the connection. */
export async function rawUpstream(): Promise<RawUpstream> {
  const sockets = new Set<net.Socket>();
  const upstream: RawUpstream = { url: '', reply: '', close: async () => undefined };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', () => socket.end(typeof upstream.reply === 'string' ? Buffer.from(upstream.reply, 'latin1') : upstream.reply));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstream.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  upstream.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return upstream;
}

/** A forward through the proxy to `target`; rejects if no answer comes within `waitMs`. */
export function forward(port: number, target: string, waitMs = 5000): Promise<Answer> {
  return request(port, { method: 'POST', path: '/forward', headers: { host: `127.0.0.1:${port}`, origin: APP, 'x-proxy-token': TOKEN, 'x-proxy-target': target } }, waitMs);
}

/** The proxy's own page: answers 200 while the proxy runs. */
export function home(port: number, waitMs = 5000): Promise<Answer> {
  return request(port, { method: 'GET', path: '/', headers: { host: `127.0.0.1:${port}` } }, waitMs);
}

function request(port: number, options: { method: string; path: string; headers: Record<string, string> }, waitMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, agent: false, ...options }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.setTimeout(waitMs, () => req.destroy(new Error(`no answer from the proxy within ${waitMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}
