import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/lib/http/exchange';
import { tutorialProgress } from '../../src/lib/config/tutorial';

let n = 0;
function exchange(label: string, status: number | null, extra: Partial<Exchange> = {}): Exchange {
  const entry: Exchange = { id: `e${n++}`, label, startedAt: 0, durationMs: 1, request: { method: 'POST', url: 'https://as.example.com/token', headers: [], body: null }, ...extra };
  if (status !== null) entry.response = { status, statusText: '', headers: [], body: '', truncated: false };
  return entry;
}

describe('tutorialProgress: client credentials', () => {
  it('starts at the token request', () => {
    const progress = tutorialProgress('client_credentials', []);
    expect(progress.currentId).toBe('token-request');
    expect(progress.status).toEqual(['current', 'todo', 'todo', 'todo']);
  });

  it('moves to the API call once the token exchange is logged, and to done after the test request', () => {
    const token = exchange('Token request', 200);
    expect(tutorialProgress('client_credentials', [token]).currentId).toBe('api-request');
    const progress = tutorialProgress('client_credentials', [token, exchange('Test request', 200)]);
    expect(progress.currentId).toBe('done');
    expect(progress.status).toEqual(['done', 'done', 'done', 'done']);
  });

  it('marks the token step failed when the server refused', () => {
    const progress = tutorialProgress('client_credentials', [exchange('Token request', 401)]);
    expect(progress.status).toEqual(['done', 'failed', 'todo', 'todo']);
    expect(progress.currentId).toBe('token');
  });

  it('follows the latest run only: a new token request starts over', () => {
    const entries = [exchange('Token request', 200), exchange('Test request', 200), exchange('Token request', 0, { failure: 'cors' })];
    delete entries[2]!.response;
    expect(tutorialProgress('client_credentials', entries).status).toEqual(['failed', 'todo', 'todo', 'todo']);
  });
});

describe('tutorialProgress: authorization code', () => {
  const navigation = (answeredWith: number | null) => exchange('Authorization request', answeredWith, { kind: 'navigation' });

  it('waits for the user to sign in while the authorization request is open', () => {
    expect(tutorialProgress('authorization_code', []).currentId).toBe('pkce');
    expect(tutorialProgress('authorization_code', [navigation(null)]).currentId).toBe('sign-in');
  });

  it('advances to the code exchange when the user comes back, and to the API call with the tokens', () => {
    expect(tutorialProgress('authorization_code', [navigation(302)]).currentId).toBe('token-request');
    const progress = tutorialProgress('authorization_code', [navigation(302), exchange('Token request', 200), exchange('JWKS request', 200)]);
    expect(progress.currentId).toBe('api-request');
    expect(progress.status.slice(0, 6)).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
  });
});
