import { expect, test, type Page } from '@playwright/test';
import { DEMO, fillClientCredentials, getToken, openApp, responseJson, responseStatus, showSent, openMenu, tileActions, openAdvanced, basicForms } from './fixtures';
import { storedJson } from './stored';

const SECRET = 'demo-cc-opaque-secret';

/** Every input and textarea value of the page, joined. */
async function allFieldValues(page: Page): Promise<string> {
  return page.evaluate(() => [...document.querySelectorAll('input, textarea')].map((el) => (el as HTMLInputElement).value).join('\n'));
}

async function expectSecretNowhereInPage(page: Page, secret: string): Promise<void> {
  expect(await page.content()).not.toContain(secret);
  expect(await allFieldValues(page)).not.toContain(secret);
}

async function saveOpaqueClient(page: Page, name: string, description = 'opaque client-credentials tokens') {
  await fillClientCredentials(page, { tokenUrl: `${DEMO}/token`, clientId: 'demo-cc-opaque', clientSecret: SECRET, scope: 'api:read' });
  await page.getByRole('textbox', { name: 'Credential name' }).fill(name);
  await page.getByRole('textbox', { name: 'Description' }).fill(description);
  await page.getByRole('button', { name: 'Save credential' }).click();
  await expect(page.getByTestId('library-notice')).toContainText(`Saved “${name}”`);
}

const HEADER_KEY = 'header-api-key-value-9f3';

test('save, reload, restore and run with the stored secret, which never comes back into the page', async ({ page }) => {
  await openApp(page);
  // A credential header of the test request is a secret too.
  await page.getByText('Headers (0)').click();
  await page.getByRole('button', { name: 'Add request headers row' }).click();
  await page.getByRole('textbox', { name: 'Request headers name 1' }).fill('X-API-Key');
  await page.getByRole('textbox', { name: 'Request headers value 1' }).fill(HEADER_KEY);
  await saveOpaqueClient(page, 'Demo opaque');
  await expect(page.getByRole('textbox', { name: 'Request headers value 1' })).toHaveValue('');
  await expectSecretNowhereInPage(page, HEADER_KEY);
  expect(await storedJson(page)).not.toContain(HEADER_KEY);
  const secretField = page.getByLabel('Client secret', { exact: true });
  await expect(secretField).toHaveValue('');
  await expect(page.getByTestId('saved-secret')).toContainText('A saved Client secret is used');
  await expectSecretNowhereInPage(page, SECRET);
  expect(await storedJson(page)).not.toContain(SECRET);

  await page.reload();
  await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
  const tile = page.getByRole('listitem').filter({ hasText: 'Demo opaque' });
  await expect(tile).toContainText('opaque client-credentials tokens');
  await expect(tile).toContainText('OAuth 2.0 · 127.0.0.1:9090');
  await expect(secretField).toHaveValue('');
  await getToken(page);
  await expect(tile).toContainText('Token valid for 9 min');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(responseStatus(page)).toContainText('200');
  expect(await responseJson(page)).toMatchObject({ token_kind: 'opaque', client_id: 'demo-cc-opaque' });
  // The saved header went with the request, masked in the record of it.
  await showSent(page, /^Test request exchange/);
  await expect(page.getByLabel('Test request request', { exact: true })).toContainText(`x-api-key: ${HEADER_KEY.slice(0, 4)}…(${HEADER_KEY.length} chars)`);
  await expectSecretNowhereInPage(page, HEADER_KEY);

  // Another setup, then back: the credential's own token and secret are used again.
  await page.getByLabel('Preset').selectOption({ label: 'Local demo: API key header' });
  await expect(page.getByLabel('Auth type')).toHaveValue('api_key');
  await page.getByRole('button', { name: 'Open Demo opaque' }).click();
  await expect(page.getByRole('textbox', { name: 'Client ID' })).toHaveValue('demo-cc-opaque');
  await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
  await getToken(page);
  await expectSecretNowhereInPage(page, SECRET);

  // A typed value replaces the saved one; Clear forgets it.
  await page.getByRole('button', { name: 'Clear saved Client secret' }).click();
  await expect(page.getByTestId('saved-secret')).toHaveCount(0);
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('alert')).toContainText('Client secret is empty.');
});

test('rename, duplicate, search, and delete with undo', async ({ page }) => {
  await openApp(page);
  await saveOpaqueClient(page, 'Alpha', 'first');
  await tileActions(page, 'Alpha');
  await page.getByRole('button', { name: 'Rename Alpha' }).click();
  await page.getByRole('textbox', { name: 'New name for Alpha' }).fill('Staging CC');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('button', { name: 'Open Staging CC' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Credential name' })).toHaveValue('Staging CC');

  await tileActions(page, 'Staging CC');
  await page.getByRole('button', { name: 'Duplicate Staging CC' }).click();
  await expect(page.getByRole('button', { name: 'Open Staging CC (copy)' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search credentials' }).fill('copy');
  await expect(page.getByRole('button', { name: /^Open / })).toHaveCount(1);
  await page.getByRole('searchbox', { name: 'Search credentials' }).fill('');

  // The copy carries the encrypted secret: it runs without typing it.
  await page.getByRole('button', { name: 'Open Staging CC (copy)' }).click();
  await getToken(page);

  await tileActions(page, 'Staging CC (copy)');
  await page.getByRole('button', { name: 'Delete Staging CC (copy)' }).click();
  await expect(page.getByRole('button', { name: 'Open Staging CC (copy)' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo delete' }).click();
  await expect(page.getByRole('button', { name: 'Open Staging CC (copy)' })).toBeVisible();
});

test('variables are resolved before sending; an unknown one is refused and nothing is sent', async ({ page }) => {
  await openApp(page);
  await page.getByRole('textbox', { name: 'New environment name' }).fill('local');
  await page.getByRole('button', { name: 'Add environment' }).click();
  await page.getByRole('textbox', { name: 'Variable 1 name' }).fill('base_url');
  await page.getByRole('textbox', { name: 'Variable 1 value' }).fill(DEMO);
  await page.getByRole('button', { name: 'Add variable' }).click();
  await page.getByRole('textbox', { name: 'Variable 2 name' }).fill('client_secret');
  await page.getByLabel('Variable 2 value').fill('demo-cc-secret');
  await page.getByRole('checkbox', { name: 'Variable 2 is secret' }).check();
  await page.getByRole('button', { name: 'Save variables' }).click();
  await expect(page.getByTestId('library-notice')).toContainText('Variables saved');

  await page.getByRole('textbox', { name: 'Token URL' }).fill('{{base_url}}/token');
  await page.getByLabel('Client secret', { exact: true }).fill('{{client_secret}}');
  await expect(page.getByTestId('variable-preview').first()).toContainText(`→ ${DEMO}/token`);
  await expect(page.getByTestId('variable-preview').nth(1)).toContainText('→ ••••••');
  await getToken(page);
  await showSent(page);
  await expect(page.getByLabel('Token request request')).toContainText(`POST ${DEMO}/token`);
  // The secret variable's value is masked in the recorded exchange like any secret.
  for (const basic of basicForms('demo-cc', 'demo-cc-secret')) await expect(page.getByLabel('Token request request')).not.toContainText(basic);
  // The token URL written with a variable is the URL the token came from: the token is not stale.
  const stale = page.getByText('This token was obtained with other settings');
  await expect(stale).toHaveCount(0);

  const tokenRequests: string[] = [];
  page.on('request', (request) => request.url().includes('/token') && tokenRequests.push(request.url()));
  await page.getByRole('textbox', { name: 'Token URL' }).fill('{{nope}}/token');
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('alert')).toContainText('Unknown variable {{nope}} in the settings; nothing was sent.');
  await expect(page.getByTestId('variable-preview').first()).toContainText('{{nope}} (unknown)');
  expect(tokenRequests).toEqual([]);
  await expect(stale).toBeVisible();
});

test('a preset with placeholders, pointed at the local demo by variables, gets a token', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Preset').selectOption({ label: 'Keycloak' });
  await expect(page.getByRole('textbox', { name: 'Token URL' })).toHaveValue('{{keycloak_url}}/realms/{{realm}}/protocol/openid-connect/token');
  await expect(page.getByTestId('library-notice')).toContainText('{{keycloak_url}}, {{realm}}');
  await expect(page.getByText('Keycloak admin console → your realm → Clients')).toBeVisible();
  await page.getByRole('textbox', { name: 'Variable 1 value' }).fill(DEMO);
  await page.getByRole('textbox', { name: 'Variable 2 value' }).fill('demo');
  await page.getByRole('button', { name: 'Save variables' }).click();
  await fillClientCredentials(page, { clientId: 'demo-cc', clientSecret: 'demo-cc-secret' });
  await getToken(page);
  await showSent(page);
  await expect(page.getByLabel('Token request request')).toContainText(`POST ${DEMO}/realms/demo/protocol/openid-connect/token`);
});

test('two pages sharing one store see each other’s saves, and a stale copy does not overwrite a newer one', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await openApp(first);
  await openApp(second);
  await saveOpaqueClient(first, 'Shared');
  await expect(second.getByRole('button', { name: 'Open Shared' })).toBeVisible();
  await second.getByRole('button', { name: 'Open Shared' }).click();

  await first.getByRole('textbox', { name: 'Description' }).fill('changed in the first tab');
  await first.getByRole('button', { name: 'Save credential' }).click();
  await expect(second.getByTestId('library-notice')).toContainText('was changed in another tab');
  await second.getByRole('textbox', { name: 'Description' }).fill('stale edit');
  await second.getByRole('button', { name: 'Save credential' }).click();
  await expect(second.getByRole('alert')).toContainText('was changed in another tab since you opened it');
  await expect(first.getByRole('listitem').filter({ hasText: 'Shared' })).toContainText('changed in the first tab');

  // A token obtained in one tab is there in the other.
  await getToken(first);
  await expect(second.getByRole('listitem').filter({ hasText: 'Shared' })).toContainText('Token valid for');
});

test('export with encrypted secrets, then import into a fresh browser context', async ({ page, browser }) => {
  await openApp(page);
  await saveOpaqueClient(page, 'Exported');
  await openMenu(page);
  await page.getByText('Export and import').click();
  await page.getByRole('checkbox', { name: 'Include secrets (encrypted with a passphrase)' }).check();
  await page.getByLabel('Export passphrase').fill('export passphrase 1');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export credentials' }).click();
  const download = await downloading;
  const path = await download.path();
  const text = await (await import('node:fs/promises')).readFile(path, 'utf8');
  expect(text).not.toContain(SECRET);
  expect(JSON.parse(text)).toMatchObject({ format: 'oauth-playground-credentials', version: 1, credentials: [{ name: 'Exported' }] });

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await openApp(other);
  await openMenu(other);
  await other.getByText('Export and import').click();
  // A hostile file: clear error, nothing changes.
  await other.getByLabel('Import credentials').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"x"}') });
  await other.getByRole('button', { name: 'Import file' }).click();
  await expect(other.getByRole('alert')).toContainText('This file cannot be imported: it is not an OAuth Playground credentials export. Nothing was changed.');
  // The real one, first without and then with the passphrase.
  await other.getByLabel('Import credentials').setInputFiles(path);
  await other.getByRole('button', { name: 'Import file' }).click();
  await expect(other.getByRole('alert')).toContainText('enter its passphrase');
  await expect(other.getByRole('button', { name: 'Open Exported' })).toHaveCount(0);
  await other.getByLabel('Import passphrase').fill('export passphrase 1');
  await other.getByRole('button', { name: 'Import file' }).click();
  const review = other.getByRole('region', { name: 'Import these credentials?' });
  await expect(review.getByTestId('import-hosts')).toContainText('127.0.0.1:9090');
  await review.getByRole('button', { name: 'Import these credentials' }).click();
  await expect(other.getByTestId('library-notice')).toContainText('Imported 1 credential (1 with secrets)');
  await other.getByRole('button', { name: 'Open Exported' }).click();
  await getToken(other);
  await expectSecretNowhereInPage(other, SECRET);
  await fresh.close();
});

test('passphrase lock and unlock', async ({ page }) => {
  await openApp(page);
  await saveOpaqueClient(page, 'Locked one');
  await openMenu(page);
  await page.getByText('Secret protection:').click();
  await page.getByLabel('Passphrase', { exact: true }).fill('a long passphrase');
  await page.getByRole('button', { name: 'Set passphrase' }).click();
  await expect(page.getByText('Secret protection: passphrase, unlocked')).toBeVisible();
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(page.getByTestId('saved-secret')).toContainText('is locked');
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('alert')).toContainText('The saved secrets of this credential are locked.');

  // After a reload the key is gone until the passphrase is given again.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
  await openMenu(page);
  await page.getByText('Secret protection:').click();
  await expect(page.getByText('Secret protection: passphrase, locked')).toBeVisible();
  await page.getByLabel('Passphrase', { exact: true }).fill('not the passphrase');
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong passphrase. Nothing was unlocked.');
  await page.getByLabel('Passphrase', { exact: true }).fill('a long passphrase');
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByTestId('library-notice')).toContainText('Unlocked.');
  await getToken(page);
});

test('a revoked client-credentials token is renewed once and the request replayed; an expiring one is renewed before sending', async ({ page }) => {
  await page.clock.install();
  await openApp(page);
  await saveOpaqueClient(page, 'Renewing');
  const first = await getToken(page);
  await page.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByTestId('operation-result')).toContainText('accepted the revocation');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(responseStatus(page)).toContainText('200');
  await expect(page.getByTestId('renew-note')).toContainText('The API answered 401 invalid_token. It was renewed automatically with a new client-credentials request');
  await showSent(page, /^Test request exchange/);
  await expect(page.getByLabel('Test request response', { exact: true })).toContainText('HTTP 401');
  await expect(page.getByLabel('Token request (automatic) request')).toContainText('grant_type=client_credentials');
  await expect(page.getByLabel('Test request (replayed) response')).toContainText('HTTP 200');
  await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue(first);

  // Ten minutes later (the token lived 600 s), the next request renews first.
  const second = await page.getByRole('textbox', { name: 'Access token' }).inputValue();
  await page.clock.fastForward('10:00');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('renew-note')).toContainText('The token had expired. It was renewed automatically');
  await expect(responseStatus(page)).toContainText('200');
  await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue(second);
});

test('an unknown variable in an Authorization Code setup is an alert, and Get token stays usable', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Preset').selectOption({ label: 'Local demo: Authorization Code + PKCE (public client)' });
  await page.getByRole('textbox', { name: 'Authorization URL' }).fill('{{idp}}/auth');
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('alert')).toContainText('Unknown variable {{idp}} in the settings; nothing was sent.');
  await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
  expect(new URL(page.url()).origin).toBe('http://127.0.0.1:4173');
});

// Regression (issue 13, part 2): a saved credential stored secret-looking extra token parameters
// and headers in clear in IndexedDB (only the draft emptied them).
test('secret-looking extra token parameters and headers are saved encrypted, and still sent after a reload', async ({ page }) => {
  const PARAM = 'param-secret-value-7c1';
  const HEADER = 'header-secret-value-d42';
  await openApp(page);
  await openAdvanced(page);
  await page.getByText('Extra token-request parameters and headers').click();
  await page.getByRole('button', { name: 'Add extra parameters row' }).click();
  await page.getByLabel('Extra parameters name 1').fill('x_secret_hint');
  await page.getByLabel('Extra parameters value 1').fill(PARAM);
  await page.getByRole('button', { name: 'Add extra headers row' }).click();
  await page.getByLabel('Extra headers name 1').fill('X-Auth-Token');
  await page.getByLabel('Extra headers value 1').fill(HEADER);
  await saveOpaqueClient(page, 'Rows');
  await expect(page.getByLabel('Extra parameters value 1')).toHaveValue('');
  const stored = await storedJson(page);
  expect(stored).toContain('x_secret_hint');
  expect(stored).not.toContain(PARAM);
  expect(stored).not.toContain(HEADER);

  await page.reload();
  await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
  const sent = page.waitForRequest((request) => request.url() === `${DEMO}/token`);
  await getToken(page);
  const request = await sent;
  expect(request.postData()).toContain(`x_secret_hint=${PARAM}`);
  expect(request.headers()['x-auth-token']).toBe(HEADER);
  await expectSecretNowhereInPage(page, PARAM);
  expect(await storedJson(page)).not.toContain(HEADER);
});
