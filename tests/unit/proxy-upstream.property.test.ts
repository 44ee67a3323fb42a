// Property test for the proxy against targets that answer with arbitrary status lines and header
// bytes (the finding: an odd status line killed the process). Whatever the target sends, the proxy
// answers, with the target's status when that answer is valid HTTP/1.1 and otherwise with its own
// 502 (`upstream_invalid_response`, or `upstream_unreachable` for a close without a byte), and it
// keeps running. The proxy runs as its own process, so dying would show.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forward, home, rawUpstream, startProxyProcess, type ProxyProcess, type RawUpstream } from './support/proxy-process';

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
/** Any bytes, weighted towards the ones that matter here: controls, DEL, CR, LF, high bytes. */
const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x00, 0x09, 0x0a, 0x0d, 0x20, 0x3a, 0x7f, 0x80, 0xff));
const bytes = (maxLength: number) => fc.array(byte, { maxLength }).map((list) => latin1(Uint8Array.from(list)));
const tokenChars = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}$/);
const visible = fc.stringMatching(/^[\x20-\x7e]{0,16}$/);

const statusCode = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 1200 }).map((n) => String(n).padStart(3, '0')), weight: 4 },
  { arbitrary: fc.stringMatching(/^[0-9]{0,5}$/), weight: 1 },
  { arbitrary: bytes(4), weight: 1 },
);
const statusLine = fc
  .record({
    version: fc.oneof({ arbitrary: fc.constant('HTTP/1.1'), weight: 6 }, fc.constantFrom('HTTP/1.0', 'HTTP/2', 'HTTP/1.1 ', 'HTTX/1.1', '')),
    code: statusCode,
    reason: fc.oneof({ arbitrary: visible, weight: 2 }, { arbitrary: bytes(12), weight: 1 }),
  })
  .map(({ version, code, reason }) => `${version} ${code} ${reason}`);
const header = fc
  .tuple(fc.oneof({ arbitrary: tokenChars, weight: 4 }, { arbitrary: bytes(8), weight: 1 }), fc.oneof({ arbitrary: visible, weight: 4 }, { arbitrary: bytes(16), weight: 1 }))
  .map(([name, value]) => `${name}: ${value}`);

/** A whole answer, sometimes cut short at any byte. */
const reply = fc
  .record({
    status: fc.oneof({ arbitrary: statusLine, weight: 3 }, { arbitrary: fc.constantFrom('HTTP/1.1 200 OK', 'HTTP/1.1 404 Not Found', 'HTTP/1.1 502 Bad Gateway'), weight: 2 }),
    headers: fc.array(header, { maxLength: 3 }),
    body: fc.constantFrom('', 'ok', '{"error":"invalid_client"}'),
    cutAt: fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: fc.nat(), weight: 1 }),
  })
  .map(({ status, headers, body, cutAt }) => {
    const whole = `${status}\r\n${headers.map((line) => `${line}\r\n`).join('')}Content-Length: ${body.length}\r\n\r\n${body}`;
    return cutAt === null ? whole : whole.slice(0, cutAt % (whole.length + 1));
  });

describe('the proxy against arbitrary target answers', () => {
  let proxy: ProxyProcess;
  let upstream: RawUpstream;

  beforeAll(async () => {
    [proxy, upstream] = await Promise.all([startProxyProcess(), rawUpstream()]);
  });

  afterAll(async () => {
    await Promise.all([proxy?.stop(), upstream?.close()]);
  });

  // Regression (issue 13, finding 3): odd upstream status lines and header bytes killed the proxy (fuzzed here).
  it('finding 3: always answers, relays only valid statuses, and never exits', async () => {
    const seen = { relayed: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(reply, async (bytesSent) => {
        upstream.reply = bytesSent;
        const answer = await forward(proxy.port, `${upstream.url}/token`);
        const refusal = answer.headers['x-proxy-error']; // the target's own x-proxy-* headers are dropped
        if (refusal === undefined) {
          seen.relayed++;
          expect(answer.status).toBeGreaterThanOrEqual(200);
          expect(answer.status).toBeLessThanOrEqual(599);
          expect(bytesSent.startsWith(`HTTP/1.1 ${answer.status}`) || bytesSent.startsWith(`HTTP/1.0 ${answer.status}`)).toBe(true);
        } else {
          seen.refused++;
          expect(answer.status).toBe(502);
          expect(['upstream_invalid_response', 'upstream_unreachable']).toContain(refusal);
          expect(JSON.parse(answer.body)).toMatchObject({ error: refusal });
        }
        expect(proxy.alive()).toBe(true);
        expect((await home(proxy.port)).status).toBe(200);
      }),
      { numRuns: 150 },
    );
    // The generator must reach both paths, or the property says little.
    expect(seen.relayed).toBeGreaterThan(5);
    expect(seen.refused).toBeGreaterThan(5);
  }, 120_000);
});
