import { describe, expect, it } from 'vitest';
import { errorEvent, resizeEvent, stepEvent, stepEvents, tokenEvent, type StepEvent } from '../../src/lib/config/embed-events';
import { tutorialProgress, tutorialSteps } from '../../src/lib/config/tutorial';
import type { Exchange } from '../../src/lib/http/exchange';

const token = {
  access_token: 'eyJhbGciOiJFUzI1NiJ9.access-token-value-0123456789',
  token_type: 'bearer',
  scope: 'api:read',
  expires_in: 600,
  refresh_token: 'refresh-token-value-0123456789',
  id_token: 'id-token-value-0123456789',
};

describe('tokenEvent', () => {
  it('without delivery: type, scope, lifetime and a masked preview, never a token', () => {
    const event = tokenEvent(token, false);
    expect(event).toEqual({ source: 'oauth-playground', type: 'token', token_type: 'bearer', scope: 'api:read', expires_in: 600, access_token_preview: `eyJh…(${token.access_token.length} chars)` });
    const text = JSON.stringify(event);
    for (const secret of [token.access_token, token.refresh_token, token.id_token]) expect(text).not.toContain(secret);
  });

  it('with delivery: the access token, still never the refresh or ID token', () => {
    const event = tokenEvent(token, true);
    expect(event.access_token).toBe(token.access_token);
    const text = JSON.stringify(event);
    expect(text).not.toContain(token.refresh_token);
    expect(text).not.toContain(token.id_token);
  });

  it('says null for what the server did not send', () => {
    const event = tokenEvent({ access_token: 'short', token_type: 'bearer' }, false);
    expect(event).toMatchObject({ scope: null, expires_in: null, access_token_preview: '…(5 chars)' });
  });
});

describe('errorEvent', () => {
  it('masks every known secret in the code, message and description', () => {
    const secret = 'demo-cc-secret-wrong';
    const event = errorEvent(
      { code: 'invalid_client', message: `Client authentication failed for secret ${secret}`, status: 401, error_description: `bad ${secret}` },
      [secret],
    );
    expect(JSON.stringify(event)).not.toContain(secret);
    expect(event).toMatchObject({ source: 'oauth-playground', type: 'error', code: 'invalid_client', status: 401 });
    expect(event.message).toContain('demo…(20 chars)');
  });

  it('keeps a plain message whole', () => {
    expect(errorEvent({ code: 'popup_blocked', message: 'The browser blocked the popup.' }, [])).toEqual({
      source: 'oauth-playground',
      type: 'error',
      code: 'popup_blocked',
      message: 'The browser blocked the popup.',
      status: null,
      error_description: null,
    });
  });
});

describe('stepEvent', () => {
  it('numbers steps from 1; done carries index === total', () => {
    expect(stepEvent({ id: 'token', title: 'The server issues a token' }, 1, 4)).toEqual({ source: 'oauth-playground', type: 'step', step: 'token', title: 'The server issues a token', index: 2, total: 4, failed: false });
    expect(stepEvent(undefined, 4, 4)).toEqual({ source: 'oauth-playground', type: 'step', step: 'done', title: 'Done', index: 4, total: 4, failed: false });
  });
});

let n = 0;
function exchange(label: string, status: number | null, extra: Partial<Exchange> = {}): Exchange {
  const entry: Exchange = { id: `e${n++}`, label, startedAt: 0, durationMs: 1, request: { method: 'POST', url: 'https://as.example.com/token', headers: [], body: null }, ...extra };
  if (status !== null) entry.response = { status, statusText: '', headers: [], body: '', truncated: false };
  return entry;
}

/** Feeds each log state to `stepEvents` in turn, as the embed does, and collects what it posts. */
function walk(grant: Parameters<typeof tutorialProgress>[0], logs: Exchange[][]): StepEvent[] {
  let last: ReturnType<typeof tutorialProgress> | null = null;
  const posted: StepEvent[] = [];
  for (const log of logs) {
    const progress = tutorialProgress(grant, log);
    posted.push(...stepEvents(last, progress));
    last = progress;
  }
  return posted;
}

describe('stepEvents', () => {
  it('client credentials: every step the README lists, in order, although one exchange proves two', () => {
    const token = exchange('Token request', 200);
    const posted = walk('client_credentials', [[], [], [token], [token, exchange('Test request', 200)]]);
    expect(posted.map((e) => e.step)).toEqual(['token-request', 'token', 'api-request', 'api-response', 'done']);
    expect(posted.map((e) => e.index)).toEqual([1, 2, 3, 4, 4]);
    expect(posted.every((e) => e.total === 4 && e.index >= 1 && e.index <= e.total)).toBe(true);
  });

  it('authorization code: the eight steps and done, index and total agreeing', () => {
    const sent = exchange('Authorization request', null, { kind: 'navigation' });
    const back = { ...sent, response: { status: 302, statusText: '', headers: [], body: '', truncated: false } };
    const token = exchange('Token request', 200);
    const posted = walk('authorization_code', [[], [sent], [back], [back, token], [back, token, exchange('Test request', 200)]]);
    expect(posted.map((e) => e.step)).toEqual([...tutorialSteps('authorization_code').map((s) => s.id), 'done']);
    expect(posted.map((e) => e.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 8]);
    expect(new Set(posted.map((e) => e.total))).toEqual(new Set([8]));
  });

  it('a failed step is posted failed, and posted again when a new run starts over', () => {
    const refused = exchange('Token request', 401);
    const retried = exchange('Token request', 200);
    const posted = walk('client_credentials', [[], [refused], [refused, retried]]);
    expect(posted.map((e) => [e.step, e.failed])).toEqual([
      ['token-request', false],
      ['token', true],
      ['token-request', false],
      ['token', false],
      ['api-request', false],
    ]);
  });

  it('a second run after done starts over at the first step', () => {
    const first = [exchange('Token request', 200), exchange('Test request', 200)];
    const posted = walk('client_credentials', [[], first, [...first, exchange('Token request', 200)]]);
    expect(posted.map((e) => e.step)).toEqual(['token-request', 'token', 'api-request', 'api-response', 'done', 'token-request', 'token', 'api-request']);
  });

  it('the same place again posts nothing', () => {
    const progress = tutorialProgress('client_credentials', [exchange('Token request', 200)]);
    expect(stepEvents(progress, { ...progress, status: [...progress.status] })).toEqual([]);
  });

  it('another grant starts over at its first step', () => {
    const cc = tutorialProgress('client_credentials', []);
    expect(stepEvents(cc, tutorialProgress('authorization_code', [])).map((e) => e.step)).toEqual(['pkce']);
  });
});

describe('resizeEvent', () => {
  it('carries the height in whole pixels, rounded up', () => {
    expect(resizeEvent(812.2)).toEqual({ source: 'oauth-playground', type: 'resize', height: 813 });
  });
});
