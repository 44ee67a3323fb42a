import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/lib/http/exchange';
import { explainExchange } from '../../src/lib/http/explain-exchange';
import { ExchangeLog } from '../../src/lib/state/exchange-log.svelte';
import { boundLog, MAX_STORED_LOG_BODY, parseStoredLog } from '../../src/lib/store/log-schema';
import { KEYS, MAX_LOG_ENTRIES, memoryBackend, openStorage } from '../../src/lib/store/storage';

const SECRET = 'client-secret-value';
let n = 0;
function exchange(label = 'Token request', extra: Partial<Exchange> = {}): Exchange {
  n++;
  return {
    id: `x${n}`,
    label,
    startedAt: 1000 + n,
    durationMs: 5,
    request: { method: 'POST', url: 'https://as/token', headers: [['authorization', `Basic ${btoa(`c:${SECRET}`)}`]], body: `grant_type=authorization_code&code=code-abcdef-123&code_verifier=verifier-abcdef-123&client_secret=${SECRET}` },
    response: { status: 200, statusText: 'OK', headers: [], body: '{"access_token":"access-token-abcdef","token_type":"bearer"}', truncated: false },
    ...extra,
  };
}

async function setup() {
  const backend = memoryBackend();
  const storage = await openStorage(backend);
  const log = new ExchangeLog(storage, () => [SECRET]);
  return { backend, storage, log };
}

describe('ExchangeLog', () => {
  it('keeps this session’s entries whole and writes them masked under log:<credential>', async () => {
    const { backend, log } = await setup();
    log.record(exchange());
    expect(log.entries[0]!.request.body).toContain(SECRET);
    await log.flush();
    const stored = JSON.stringify(await backend.get(KEYS.log('draft')));
    for (const secret of [SECRET, 'code-abcdef-123', 'verifier-abcdef-123', 'access-token-abcdef', btoa(`c:${SECRET}`)]) expect(stored).not.toContain(secret);
    expect(stored).toContain('code_verifier=veri…(19 chars)');
  });

  it('restores entries masked for good, per credential', async () => {
    const { storage, log } = await setup();
    log.record(exchange());
    await log.flush();
    const again = new ExchangeLog(storage, () => []);
    await again.load();
    expect(again.entries).toHaveLength(1);
    expect(again.entries[0]!.masked).toBe(true);
    expect(again.masked()[0]!.request.body).not.toContain('verifier-abcdef-123');
    // masking is not applied twice
    expect(again.masked()[0]!.request.body).toContain('code_verifier=veri…(19 chars)');
    await again.load('another-credential');
    expect(again.entries).toEqual([]);
  });

  it('drops the oldest beyond the bound and counts them', async () => {
    const { storage, log } = await setup();
    for (let i = 0; i < MAX_LOG_ENTRIES + 3; i++) log.record(exchange(`Test request`));
    expect(log.entries).toHaveLength(MAX_LOG_ENTRIES);
    expect(log.dropped).toBe(3);
    await log.flush();
    expect(await storage.loadLog('draft')).toMatchObject({ dropped: 3 });
    expect((await storage.loadLog('draft')).entries).toHaveLength(MAX_LOG_ENTRIES);
  });

  it('completes the authorization navigation with the redirect back, masked when it was restored', async () => {
    const { storage, log } = await setup();
    log.beginNavigation('Authorization request', 'https://as/auth?code_challenge=abc&state=st-1', 'st-1', 1000);
    await log.flush();
    const back = new ExchangeLog(storage, () => []);
    await back.load();
    back.completeNavigation('Authorization response', 'st-1', 'https://app/?code=the-authorization-code&state=st-1', 4000);
    expect(back.entries).toHaveLength(1);
    expect(back.entries[0]).toMatchObject({ kind: 'navigation', durationMs: 3000, response: { status: 302, headers: [['location', 'https://app/?code=the-…(22 chars)&state=st-1']] } });
    back.completeNavigation('Authorization response', 'unknown', 'https://app/?code=c&state=unknown', 5000);
    expect(back.entries[1]).toMatchObject({ label: 'Authorization response', kind: 'navigation', request: { method: 'GET' } });
  });

  it('two tabs on one credential keep each other’s entries (a write merges with what is stored), oldest first', async () => {
    const { storage, log } = await setup();
    const otherTab = new ExchangeLog(storage, () => [SECRET]);
    const first = exchange('Token request');
    const second = exchange('Test request');
    const third = exchange('Refresh request');
    log.record(first);
    otherTab.record(second);
    log.record(third);
    await Promise.all([log.flush(), otherTab.flush()]);
    const stored = await storage.loadLog('draft');
    expect(stored.entries.map((entry) => entry.id)).toEqual([first.id, second.id, third.id]);
    expect(JSON.stringify(stored)).not.toContain(SECRET);
  });

  it('takes in what another tab wrote, masked, keeping this session’s entries whole; says when it wrote', async () => {
    const { storage } = await setup();
    const written: string[] = [];
    const log = new ExchangeLog(storage, () => [SECRET], 'draft', (key) => written.push(key));
    const otherTab = new ExchangeLog(storage, () => [SECRET]);
    const theirs = exchange('Token request');
    const mine = exchange('Test request');
    otherTab.record(theirs);
    await otherTab.flush();
    log.record(mine); // not written yet
    await log.takeStored('another-credential');
    expect(log.entries.map((entry) => entry.id)).toEqual([mine.id]);
    await log.takeStored('draft');
    expect(log.entries.map((entry) => [entry.id, entry.masked === true])).toEqual([[theirs.id, true], [mine.id, false]]);
    expect(log.entries[0]!.request.body).not.toContain(SECRET);
    expect(log.entries[1]!.request.body).toContain(SECRET);
    await log.flush();
    expect(written).toEqual(['draft']);
  });

  it('a write that dropped old entries does not bring them back from storage', async () => {
    const { storage, log } = await setup();
    for (let i = 0; i < MAX_LOG_ENTRIES; i++) log.record(exchange('Test request'));
    await log.flush();
    log.record(exchange('Token request'));
    await log.flush();
    const stored = await storage.loadLog('draft');
    expect(stored.entries).toHaveLength(MAX_LOG_ENTRIES);
    expect(stored.dropped).toBe(1);
    expect(stored.entries.at(-1)!.label).toBe('Token request');
  });

  it('keeps why an exchange has no response across a reload (proxy refusal, cancel)', async () => {
    const { storage, log } = await setup();
    const { response: _, ...noResponse } = exchange();
    log.record({ ...noResponse, failure: 'proxy' });
    log.record({ ...exchange(), response: undefined, failure: 'cancelled' });
    await log.flush();
    expect((await storage.loadLog('draft')).entries.map((entry) => entry.failure)).toEqual(['proxy', 'cancelled']);
  });

  it('Clear log empties it here and in storage', async () => {
    const { storage, log } = await setup();
    log.record(exchange());
    await log.clear();
    expect(log.entries).toEqual([]);
    expect(await storage.loadLog('draft')).toEqual({ entries: [], dropped: 0 });
  });
});

describe('log schema', () => {
  it('drops unusable stored entries and bad counts', () => {
    const good = exchange();
    expect(parseStoredLog({ entries: [good, { id: 1 }, { ...good, request: { ...good.request, headers: [[1, 2]] } }, null], dropped: -4 })).toEqual({ entries: [good], dropped: 0 });
    expect(parseStoredLog('nonsense')).toEqual({ entries: [], dropped: 0 });
  });

  it('cuts stored bodies', () => {
    const big = exchange('Test request', { response: { status: 200, statusText: 'OK', headers: [], body: 'x'.repeat(MAX_STORED_LOG_BODY + 10), truncated: false } });
    const [entry] = boundLog({ entries: [big], dropped: 0 }, MAX_LOG_ENTRIES).entries;
    expect(entry!.response!.body).toHaveLength(MAX_STORED_LOG_BODY);
    expect(entry!.response!.truncated).toBe(true);
  });
});

describe('explainExchange', () => {
  const failed = (status: number, body: string, headers: [string, string][] = []) => exchange('Token request', { response: { status, statusText: '', headers, body, truncated: false } });
  it.each([
    [failed(401, '{"error":"invalid_client"}'), 'invalid_client', /Client authentication method/],
    [failed(400, '{"error":"invalid_request","error_description":"Authorization Server policy requires PKCE to be used for this request"}'), 'invalid_request', /requires PKCE/],
    [failed(400, '{"error":"invalid_request","error_description":"redirect_uri did not match any of the client\'s registered redirect_uris"}'), 'invalid_request', /exact Redirect URI/],
    [failed(401, '', [['www-authenticate', 'Bearer error="invalid_token", error_description="jwt expired"']]), 'invalid_token', /expired/],
    [failed(403, '', [['www-authenticate', 'Bearer error="insufficient_scope"']]), 'insufficient_scope', /lacks a scope/],
    [failed(404, '<html>'), 'HTTP 404', /endpoint path/],
    [exchange('Test request', { response: undefined, failure: 'cors' }), 'cors', /CORS/],
    [
      exchange('Authorization request', { kind: 'navigation', response: { status: 302, statusText: 'Found', headers: [['location', 'https://app/?error=access_denied&state=s']], body: '', truncated: false } }),
      'access_denied',
      /declined/,
    ],
  ])('%#: explains %s', (entry, code, text) => {
    const explanation = explainExchange(entry);
    expect(explanation?.code).toBe(code);
    expect(explanation?.text).toMatch(text);
  });

  it('says nothing about a success', () => {
    expect(explainExchange(exchange())).toBeUndefined();
  });
});
