// Issue 13, part 2: a credential saved before secret-looking rows were sealed is sealed when the
// page opens, and its token request still sends them.
import { describe, expect, it } from 'vitest';
import { emptyAuthConfig, emptyTestRequest } from '../../../src/lib/config/auth-config';
import type { BrowserPort } from '../../../src/lib/state/browser';
import { Playground } from '../../../src/lib/state/playground.svelte';
import { memoryBackend, openStorage } from '../../../src/lib/store/storage';
import { cannedFetch, jsonResponse } from '../support/canned-fetch';
import { quietBrowser } from '../support/browser';

const browser: BrowserPort = quietBrowser();

describe('credentials saved with secret-looking rows in clear', () => {
  it('are sealed at start-up; Get token still sends the rows', async () => {
    const backend = memoryBackend();
    const auth = emptyAuthConfig();
    Object.assign(auth.oauth2, { tokenUrl: 'https://auth.example.com/token', clientId: 'c', clientAuth: 'none' });
    auth.oauth2.extraParams = [{ key: 'client_assertion', value: 'eyJ-clear' }];
    auth.oauth2.extraHeaders = [{ key: 'X-Auth-Token', value: 'xat-clear' }];
    await backend.set('cred:old', { id: 'old', name: 'Old', description: '', createdAt: 1, updatedAt: 1, auth, testRequest: emptyTestRequest(), secretFields: [] });
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at-1', token_type: 'Bearer' }));
    const pg = new Playground({ storage: await openStorage(backend), fetch, browser, redirectUri: 'http://127.0.0.1:4173/' });
    await pg.load();

    const raw = JSON.stringify(await backend.get('cred:old'));
    expect(raw).not.toContain('eyJ-clear');
    expect(raw).not.toContain('xat-clear');
    await pg.library!.openCredential('old');
    expect(pg.auth.oauth2.extraParams).toEqual([{ key: 'client_assertion', value: '' }]);
    await pg.getToken();
    expect(pg.attempt.error).toBeNull();
    expect(fetch.calls[0]!.body).toContain('client_assertion=eyJ-clear');
    expect(fetch.calls[0]!.headers.get('x-auth-token')).toBe('xat-clear');
  });
});
