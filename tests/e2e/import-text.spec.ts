// Issue 16: `Import` → `Import from text`: a curl command fills the settings, which then work.
import { expect, test } from '@playwright/test';
import { DEMO, getToken, openApp } from './fixtures';

const CURL = `curl -s -X POST '${DEMO}/token' \\
  -u 'demo-cc-opaque:demo-cc-opaque-secret' \\
  -H 'Content-Type: application/x-www-form-urlencoded' \\
  -d grant_type=client_credentials -d scope=api:read`;

test('a pasted curl token request fills the settings and gets a token from the demo', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('textbox', { name: 'Import from text' }).fill(CURL);
  await page.getByRole('button', { name: 'Import text' }).click();
  const result = page.getByTestId('import-result');
  await expect(result).toContainText('Filled: Auth type, Token URL, Grant type, Client ID, Client secret, Client authentication, Basic encoding, Scope.');
  await expect(result).toContainText('Ignored: -s.');
  await expect(result).toContainText('Requests will go to: 127.0.0.1:9090');
  await expect(page.getByRole('textbox', { name: 'Import from text' })).toHaveValue(''); // the secret is in the form now, not left in the box
  await expect(page.getByRole('textbox', { name: 'Token URL' })).toHaveValue(`${DEMO}/token`);
  await expect(page.getByRole('textbox', { name: 'Client ID' })).toHaveValue('demo-cc-opaque');
  await expect(page.getByLabel('Client secret', { exact: true })).toHaveValue('demo-cc-opaque-secret');
  await expect(page.getByLabel('Basic encoding')).toHaveValue('as_typed'); // what curl -u sent
  expect(await getToken(page)).not.toBe('');
});

test('an import while a saved credential is open opens a new unsaved one; bad text changes nothing', async ({ page }) => {
  await openApp(page);
  await page.getByRole('textbox', { name: 'Credential name' }).fill('Kept');
  await page.getByRole('button', { name: 'Save credential' }).click();
  await expect(page.getByTestId('library-notice')).toContainText('Saved “Kept”');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const box = page.getByRole('textbox', { name: 'Import from text' });

  await box.fill(`curl -d 'grant_type=client_credentials ${DEMO}/token`);
  await page.getByRole('button', { name: 'Import text' }).click();
  await expect(page.getByRole('alert')).toContainText('unclosed \' quote');
  await expect(page.getByRole('alert')).toContainText('Nothing was changed.');
  await expect(page.getByRole('textbox', { name: 'Token URL' })).toHaveValue(`${DEMO}/token`);
  await expect(box).not.toHaveValue(''); // kept, to be corrected

  await box.fill(`curl ${DEMO}/api/me -H 'Authorization: Bearer pasted-token-1'`);
  await page.getByRole('button', { name: 'Import text' }).click();
  await expect(page.getByTestId('import-result')).toContainText('Filled: Method, Request URL, Auth type, Token.');
  await expect(page.getByLabel('Auth type')).toHaveValue('bearer');
  await expect(page.getByText('This configuration is not saved yet.')).toBeVisible();
  // the saved one is as it was
  await page.getByRole('button', { name: 'Open Kept' }).click();
  await expect(page.getByLabel('Auth type')).toHaveValue('oauth2');
  await expect(page.getByRole('textbox', { name: 'Token URL' })).toHaveValue(`${DEMO}/token`);
});
