/**
 * Snippets of a saved credential's requests, with "Include secrets" off: the secret list the
 * snippets panel uses (`namedSecrets(pg)`) comes from every source the request resolved from.
 */
import { describe, expect, it } from 'vitest';
import { snippetFor, SNIPPET_LANGUAGES } from '../../../src/lib/http/snippets';
import type { BrowserPort } from '../../../src/lib/state/browser';
import { Playground } from '../../../src/lib/state/playground.svelte';
import { namedSecrets, snippetSources } from '../../../src/lib/state/support-actions.svelte';
import { memoryBackend, openStorage } from '../../../src/lib/store/storage';
import { cannedFetch, jsonResponse } from '../support/canned-fetch';
import { quietBrowser } from '../support/browser';

const browser: BrowserPort = quietBrowser();

const API_KEY = 'saved-api-key-0123456789';
const SIGNATURE = 'sig-secret-variable-4711';

describe('snippets of a saved credential', () => {
  // Regression (issue 13, finding 5): with "Include secrets" off, snippets printed the saved API key (`?hapikey=<saved key>`) and a secret variable (`x-signature: <value>`): the list was read from the form, emptied on save.
  it('finding 5: leave out the saved API key and a secret variable, with Include secrets off', async () => {
    const fetch = cannedFetch(() => jsonResponse({ ok: true }));
    const pg = new Playground({ storage: await openStorage(memoryBackend()), fetch, browser, redirectUri: 'http://127.0.0.1:4173/' });
    await pg.load();
    pg.scope.useVariables([{ name: 'signing', value: SIGNATURE, secret: true }], null);
    pg.auth.authType = 'api_key';
    pg.auth.apiKey = { placement: 'query', name: 'hapikey', value: API_KEY };
    pg.testRequest.url = 'https://api.example/v1/items';
    pg.testRequest.headers = [{ key: 'X-Trace', value: '{{signing}}' }];
    pg.library!.name = 'Keyed';
    await pg.library!.save();
    expect(pg.auth.apiKey.value).toBe(''); // saved: the form no longer holds it

    await pg.sendTestRequest();
    expect(pg.test.error).toBeNull();
    expect(fetch.calls[0]!.url).toContain(`hapikey=${API_KEY}`);
    expect(fetch.calls[0]!.headers.get('x-trace')).toBe(SIGNATURE);
    const [source] = snippetSources(pg.log!).filter((s) => s.label === 'Test request');
    expect(source).toBeDefined();
    for (const language of SNIPPET_LANGUAGES) {
      const { code } = snippetFor(source!.exchange.request, language, { secrets: namedSecrets(pg) });
      expect(code, language).not.toContain(API_KEY);
      expect(code, language).not.toContain(SIGNATURE);
    }
  });
});
