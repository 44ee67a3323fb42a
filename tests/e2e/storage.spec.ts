import { expect, test } from '@playwright/test';
import { fillClientCredentials, openApp } from './fixtures';
import { storedJson } from './stored';

test('settings survive a reload but the client secret is never written to storage', async ({ page }) => {
  await openApp(page);
  await fillClientCredentials(page, { clientId: 'my-own-client', clientSecret: 'super-secret-value-123', scope: 'api:write' });
  await expect.poll(() => storedJson(page)).toContain('my-own-client');
  expect(await storedJson(page)).not.toContain('super-secret-value-123');

  await page.reload();
  await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
  await expect(page.getByRole('textbox', { name: 'Client ID' })).toHaveValue('my-own-client');
  await expect(page.getByRole('textbox', { name: 'Scope' })).toHaveValue('api:write');
  // Not a preset's demo secret, so it is not restored: the user types it again.
  await expect(page.getByLabel('Client secret', { exact: true })).toHaveValue('');
});

test('the demo preset comes back whole after a reload, its public demo secret included', async ({ page }) => {
  await openApp(page);
  await page.getByRole('textbox', { name: 'Scope' }).fill('api:read api:write');
  await expect.poll(() => storedJson(page)).toContain('api:read api:write');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
});

test('the Preset picker fills another setup', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Preset').selectOption({ label: 'Local demo: API key as Basic user (Close-style)' });
  await expect(page.getByLabel('Auth type')).toHaveValue('basic');
  await expect(page.getByRole('textbox', { name: 'Username' })).toHaveValue('demo-close-api-key');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('region', { name: 'Response' }).getByTestId('response-status')).toContainText('200');
});

test('without IndexedDB the app works in memory and says so plainly', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { get: () => undefined });
  });
  await openApp(page);
  await expect(page.getByRole('alert').filter({ hasText: 'Browser storage is unavailable' })).toContainText('kept in memory only');
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
});

test('a write refused for quota is reported, and what was saved before is still there', async ({ page }) => {
  await openApp(page);
  await fillClientCredentials(page, { clientId: 'saved-before-quota' });
  await expect.poll(() => storedJson(page, 'draft')).toContain('saved-before-quota');
  await page.evaluate(() => {
    // As a full disk makes IndexedDB refuse every write from now on (until the reload below).
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.getByRole('textbox', { name: 'Scope' }).fill('api:write');
  await expect(page.getByRole('alert').filter({ hasText: 'Settings could not be saved' })).toContainText('quota');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
  await expect(page.getByRole('textbox', { name: 'Client ID' })).toHaveValue('saved-before-quota');
});

test('a provider preset says what the provider does differently (issue 15 item 7)', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('preset-quirks')).toHaveCount(0); // the local demo is plain RFC 6749
  await page.getByLabel('Preset').selectOption({ label: 'Microsoft Entra ID: Client Credentials' });
  await expect(page.getByRole('textbox', { name: 'Scope' })).toHaveValue('https://graph.microsoft.com/.default');
  const quirks = page.getByTestId('preset-quirks');
  await quirks.getByText('What Microsoft Entra ID does differently').click();
  await expect(quirks.getByRole('listitem')).toHaveCount(3);
  await expect(quirks).toContainText('delegated scopes such as User.Read are refused (AADSTS1002012)');
});
