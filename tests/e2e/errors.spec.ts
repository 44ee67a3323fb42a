import { expect, test } from '@playwright/test';
import { DEMO, HOSTILE, fillClientCredentials, openApp, openAdvanced } from './fixtures';

test.describe('Errors are explained, and a failure keeps what was there', () => {
  test('a wrong secret shows invalid_client and keeps the previous token', async ({ page }) => {
    await openApp(page);
    await page.getByRole('button', { name: 'Get token' }).click();
    const accessToken = page.getByRole('textbox', { name: 'Access token' });
    await expect(accessToken).not.toHaveValue('');
    const good = await accessToken.inputValue();

    await fillClientCredentials(page, { clientSecret: 'wrong-secret' });
    await page.getByRole('button', { name: 'Get token' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('invalid_client');
    await expect(alert).toContainText('401');
    await expect(alert).toContainText('client authentication failed');
    await expect(alert).toContainText(/client_secret_basic.*client_secret_post/);
    await expect(accessToken).toHaveValue(good);
    await expect(page.getByLabel('Client secret', { exact: true })).toHaveValue('wrong-secret');
  });

  test('an invalid scope is explained', async ({ page }) => {
    await openApp(page);
    await fillClientCredentials(page, { scope: 'api:read design.domain' });
    await page.getByRole('button', { name: 'Get token' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('invalid_scope');
    await expect(alert).toContainText('requested scope is not allowed');
    await expect(alert).toContainText('Remove scopes one at a time');
  });

  test('an HTML token response is reported as not JSON', async ({ page }) => {
    await openApp(page);
    await fillClientCredentials(page, { tokenUrl: `${HOSTILE}/html-token` });
    await page.getByRole('button', { name: 'Get token' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The response is not JSON');
    await expect(alert).toContainText('text/html');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(page.getByRole('textbox', { name: 'Access token' })).toHaveValue('');
  });

  test('a truncated JSON token response is reported as malformed', async ({ page }) => {
    await openApp(page);
    await fillClientCredentials(page, { tokenUrl: `${HOSTILE}/truncated-token` });
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('alert')).toContainText('Malformed response');
    await expect(page.getByRole('alert')).toContainText('not valid JSON');
  });

  test('a token response without access_token is reported as malformed', async ({ page }) => {
    await openApp(page);
    await fillClientCredentials(page, { tokenUrl: `${HOSTILE}/no-access-token` });
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('alert')).toContainText('Malformed response');
    await expect(page.getByRole('alert')).toContainText('access_token');
  });

  test('a server error is an HTTP error', async ({ page }) => {
    await openApp(page);
    await fillClientCredentials(page, { tokenUrl: `${HOSTILE}/error-500` });
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('alert')).toContainText('HTTP error');
    await expect(page.getByRole('alert')).toContainText('500');
  });

  test('a token endpoint without CORS headers is diagnosed as a CORS block', async ({ page }) => {
    await openApp(page);
    await fillClientCredentials(page, { tokenUrl: `${DEMO}/no-cors/token` });
    await page.getByRole('button', { name: 'Get token' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Blocked by the browser (CORS)');
    await expect(alert).toContainText(DEMO);
    await expect(alert).toContainText('Ask the provider to allow this origin');
  });

  test('an unreachable server is a network failure', async ({ page }) => {
    await openApp(page);
    await fillClientCredentials(page, { tokenUrl: 'http://127.0.0.1:9/token' });
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('alert')).toContainText('Network failure');
  });

  test('plain http to a non-loopback host is refused until allowed', async ({ page }) => {
    await openApp(page);
    await fillClientCredentials(page, { tokenUrl: 'http://auth.invalid/token' });
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('alert')).toContainText('Cannot send this request');
    await expect(page.getByRole('alert')).toContainText('Allow plain http');
    await openAdvanced(page);
    await page.getByRole('checkbox', { name: /Allow plain http/ }).check();
    await expect(page.getByRole('status').filter({ hasText: 'travel unencrypted' })).toContainText('auth.invalid');
  });

  test('an empty Token URL and a test request without a token are clear input errors', async ({ page }) => {
    await openApp(page);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('alert')).toContainText('There is no token yet');
    await fillClientCredentials(page, { tokenUrl: '' });
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('alert').first()).toContainText('Token URL is empty');
  });
});
