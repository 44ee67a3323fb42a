// Seeds IndexedDB with many saved credentials and full exchange logs, in the shapes the app stores.

/**
 * In the page (after one load, so the database exists): writes `credentials` saved credentials,
 * each with one token run, and `logs` full exchange logs, in the shapes the app stores
 * (`parseStoredCredential`, `parseTokenRuns` in src/lib/store, `parseStoredLog` in log-schema.ts).
 * The draft is pointed at the first credential, whose log is full, so startup reopens both; with
 * no credentials, the one log written is the draft's.
 * Runs in the page (`page.evaluate(seedScale, counts)`): it uses nothing from this module's scope.
 * Shared by `npm run bench` (bench/browser-figures.js `scale`) and tests/e2e/scale.spec.ts.
 * @param {{ credentials: number, logs: number, entriesPerLog: number }} counts
 */
export async function seedScale({ credentials, logs, entriesPerLog }) {
  const id = (i) => `cred-scale-${String(i).padStart(4, '0')}`;
  // With no credentials, the one log is the unsaved draft's.
  const logKey = (l) => (credentials > 0 ? `log:${id(l)}` : 'log:draft');
  const request = (tx) => new Promise((ok, fail) => { tx.onsuccess = () => ok(tx.result); tx.onerror = () => fail(tx.error); });
  const db = await request(indexedDB.open('oauth-playground'));
  const read = (key) => request(db.transaction('kv').objectStore('kv').get(key));
  // The app saves its draft (the default preset) shortly after the first load: reuse its settings.
  let draft;
  for (let i = 0; i < 100 && !(draft = await read('draft')); i++) await new Promise((ok) => setTimeout(ok, 50));
  if (!draft) throw new Error('the app saved no draft');
  const now = Date.now();
  const words = ['billing', 'search', 'inventory', 'payments', 'reports', 'identity', 'shipping', 'catalog', 'ledger', 'support'];
  const tx = db.transaction('kv', 'readwrite');
  const store = tx.objectStore('kv');
  for (let i = 0; i < credentials; i++) {
    const host = `api${i}.${words[i % words.length]}.example.com`;
    store.put({
      id: id(i),
      name: `Service ${String(i).padStart(4, '0')} ${words[i % words.length]}`,
      description: `Team ${i % 17}, ${words[(i * 7) % words.length]} integration`,
      createdAt: now - i * 60_000,
      updatedAt: now - i * 60_000,
      auth: { ...draft.auth, oauth2: { ...draft.auth.oauth2, tokenUrl: `https://${host}/oauth/token`, clientId: `client-${i}` } },
      testRequest: { ...draft.testRequest, url: `https://${host}/v1/items` },
      secretFields: [],
    }, `cred:${id(i)}`);
    const token = { access_token: `at-${i}-${'x'.repeat(40)}`, token_type: 'Bearer', obtainedAt: now - 60_000, expires_in: 3600, expiresAt: now + 3_540_000, scope: 'api:read', scopeFromServer: true, extra: {} };
    const source = { authType: 'oauth2', grantType: 'client_credentials', tokenUrl: `https://${host}/oauth/token`, clientId: `client-${i}`, clientAuth: 'client_secret_basic', environmentId: null };
    store.put({ v: 3, currentId: `run-${i}`, items: [{ id: `run-${i}`, token, source }] }, `tokens:${id(i)}`);
  }
  for (let l = 0; l < logs; l++) {
    const entries = [];
    for (let e = 0; e < entriesPerLog; e++) {
      entries.push({
        id: `x-${l}-${e}`,
        label: e % 5 === 4 ? 'Test request' : 'Token request',
        startedAt: now - (entriesPerLog - e) * 1000,
        durationMs: 40 + (e % 30),
        request: {
          method: 'POST',
          url: `https://api${l}.example.com/oauth/token`,
          headers: [['accept', 'application/json'], ['authorization', 'Basic ••••••'], ['content-type', 'application/x-www-form-urlencoded;charset=UTF-8']],
          body: 'grant_type=client_credentials&scope=api%3Aread',
        },
        response: {
          status: 200,
          statusText: 'OK',
          headers: [['cache-control', 'no-store'], ['content-type', 'application/json; charset=utf-8']],
          body: JSON.stringify({ access_token: '••••••', expires_in: 3600, token_type: 'Bearer', scope: 'api:read' }, null, 2),
          truncated: false,
        },
      });
    }
    store.put({ v: 3, dropped: 0, entries }, logKey(l));
  }
  if (credentials > 0) store.put({ ...draft, credentialId: id(0) }, 'draft');
  await new Promise((ok, fail) => { tx.oncomplete = ok; tx.onerror = () => fail(tx.error); });
  db.close();
}
