import { expect, test, type Page } from '@playwright/test';
import { fillClientCredentials, openApp } from './fixtures';

/** Everything the app stored in IndexedDB, as one JSON string. */
async function storedJson(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('oauth-playground');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('kv', 'readonly');
          const store = tx.objectStore('kv');
          const keys = store.getAllKeys();
          const values = store.getAll();
          tx.oncomplete = () => resolve(JSON.stringify({ keys: keys.result, values: values.result }));
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

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
